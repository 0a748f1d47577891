import { Alert, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { refundTypes } from '../../api/policy.ts';
import type { CaseChange, CaseDetail } from '../../api/refunds.ts';
import { formatYuan } from '../../format.ts';

/** A changed field's value as people read it: a type's name, money in yuan, a count of files. */
function useChangeValue() {
  const { t } = useTranslation();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (field === 'type' && refundTypes.includes(value as never))
      return t(`refundType.${value as 'not_received'}`);
    if (/Fen$/.test(field) && typeof value === 'number') return formatYuan(value);
    if (Array.isArray(value)) return t('caseLineage.files', { count: value.length });
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
}

function Changes({ changes }: { changes: CaseChange[] }) {
  const { t } = useTranslation();
  const show = useChangeValue();
  if (changes.length === 0)
    return <Typography.Text type="secondary">{t('caseLineage.noChanges')}</Typography.Text>;
  return (
    <Table<CaseChange>
      data-testid="case-changes"
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={changes}
      columns={[
        {
          key: 'field',
          title: t('caseLineage.field'),
          render: (_, row) => (
            <span data-testid="case-change" data-field={row.field} style={{ whiteSpace: 'nowrap' }}>
              {t(`caseLineage.fieldName.${row.field}` as 'caseLineage.fieldName.type', {
                defaultValue: row.field,
              })}
            </span>
          ),
        },
        {
          key: 'before',
          title: t('caseLineage.before'),
          render: (_, row) => <Typography.Text delete>{show(row.field, row.before)}</Typography.Text>,
        },
        {
          key: 'after',
          title: t('caseLineage.after'),
          render: (_, row) => (
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{show(row.field, row.after)}</Typography.Text>
          ),
        },
      ]}
    />
  );
}

/**
 * Where a resubmitted case came from (and what it changed), or where a rejected one went on; the
 * fee-dispute case opened on a refunded case's kept fee, and back. `base`
 * is the section path the case links go to (/buyer/refunds, /agent/queue…).
 */
export function CaseLineage({ refund, base }: { refund: CaseDetail; base: string }) {
  const { t } = useTranslation();
  const link = (refundNo: string, testId: string) => (
    <Link to={`${base}/${encodeURIComponent(refundNo)}`} data-testid={testId}>
      {refundNo}
    </Link>
  );
  if (
    !refund.previousRefundNo &&
    !refund.nextRefundNo &&
    !refund.feeDisputeRefundNo &&
    !refund.disputedRefundNo
  )
    return null;
  return (
    <Flex vertical gap={12} data-testid="case-lineage">
      {refund.previousRefundNo && (
        <Alert
          type="info"
          showIcon
          data-testid="case-resubmitted-from"
          title={
            <span>
              {t('caseLineage.resubmittedFrom')} {link(refund.previousRefundNo, 'case-previous-link')}
            </span>
          }
          description={<Changes changes={refund.changes ?? []} />}
        />
      )}
      {refund.nextRefundNo && (
        <Alert
          type="info"
          showIcon
          data-testid="case-resubmitted-as"
          title={
            <span>
              {t('caseLineage.resubmittedAs')} {link(refund.nextRefundNo, 'case-next-link')}
            </span>
          }
        />
      )}
      {refund.feeDisputeRefundNo && (
        <Alert
          type="info"
          showIcon
          data-testid="case-fee-dispute"
          title={
            <span>
              {t('caseLineage.feeDisputeOpened')} {link(refund.feeDisputeRefundNo, 'case-fee-dispute-link')}
            </span>
          }
        />
      )}
      {refund.disputedRefundNo && (
        <Alert
          type="info"
          showIcon
          data-testid="case-disputed"
          title={
            <span>
              {t('caseLineage.disputesFeeOf')} {link(refund.disputedRefundNo, 'case-disputed-link')}
            </span>
          }
        />
      )}
    </Flex>
  );
}
