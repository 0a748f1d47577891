import { Alert, Descriptions, type DescriptionsProps, Flex, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, CaseState } from '../../api/refunds.ts';
import { CalendarGapAlert } from '../../components/CalendarGapAlert.tsx';
import { formatBeijingTime, formatYuan } from '../../format.ts';
import { inLanguage } from '../../i18n/index.ts';

/** States in which the review deadline runs (info_requested pauses it). */
const reviewing: CaseState[] = ['submitted', 'risk_hold', 'appealed'];

export function isOverdue(refund: Pick<CaseDetail, 'state' | 'slaDeadline'>, now = Date.now()): boolean {
  return reviewing.includes(refund.state) && new Date(refund.slaDeadline).getTime() < now;
}

/** 已升级 / 已催办 tags beside the case's state. */
export function CaseFlags({
  refund,
}: {
  refund: Pick<CaseDetail, 'escalated' | 'urged' | 'feeDisputed'> & { express?: boolean };
}) {
  const { t } = useTranslation();
  return (
    <>
      {refund.express && (
        <Tag color="green" data-testid="case-express">
          {t('credit.expressTag')}
        </Tag>
      )}
      {refund.escalated && (
        <Tag color="red" data-testid="case-escalated">
          {t('caseStatus.escalated')}
        </Tag>
      )}
      {refund.urged && (
        <Tag color="orange" data-testid="case-urged">
          {t('caseStatus.urged')}
        </Tag>
      )}
      {refund.feeDisputed && (
        <Tag color="gold" data-testid="case-fee-disputed">
          {t('caseStatus.feeDisputed')}
        </Tag>
      )}
    </>
  );
}

/** The deadlines beside the review's (which the facts show): the buyer's answer, the merchant's reply. */
function deadlineItems(refund: CaseDetail, t: TFunction): DescriptionsProps['items'] {
  const items: DescriptionsProps['items'] = [];
  if (refund.state === 'info_requested' && refund.infoDeadline)
    items.push({
      key: 'info',
      label: t('caseStatus.infoDeadline'),
      children: (
        <Typography.Text type="warning" data-testid="case-info-deadline">
          {t('refundCase.slaValue', { deadline: formatBeijingTime(refund.infoDeadline) })}
        </Typography.Text>
      ),
    });
  if (refund.merchantDeadline && refund.merchantResponse === null && refund.state === 'submitted')
    items.push({
      key: 'merchant',
      label: t('caseStatus.merchantDeadline'),
      children: (
        <span data-testid="case-merchant-deadline">
          {t('refundCase.slaValue', { deadline: formatBeijingTime(refund.merchantDeadline) })}
        </span>
      ),
    });
  if (refund.merchantResponse)
    items.push({
      key: 'merchantResponse',
      label: t('caseStatus.merchantResponse'),
      children: (
        <Flex vertical gap={4}>
          <span data-testid="case-merchant-response" data-response={refund.merchantResponse}>
            <Tag
              color={
                refund.merchantResponse === 'objected'
                  ? 'red'
                  : refund.merchantResponse === 'agreed'
                    ? 'green'
                    : 'default'
              }
            >
              {t(`caseStatus.merchant.${refund.merchantResponse}`)}
            </Tag>
          </span>
          {refund.merchantNote && (
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid="case-merchant-note">
              {refund.merchantNote}
            </Typography.Text>
          )}
        </Flex>
      ),
    });
  if (refund.approvedFen !== null)
    items.push({
      key: 'approved',
      label: t('caseStatus.approved'),
      children: (
        <Typography.Text strong data-testid="case-approved">
          {formatYuan(refund.approvedFen)}
        </Typography.Text>
      ),
    });
  if (refund.feeWaivedFen > 0)
    items.push({
      key: 'waived',
      label: t('caseStatus.feeWaived'),
      children: <span data-testid="case-fee-waived">{formatYuan(refund.feeWaivedFen)}</span>,
    });
  return items;
}

/** Cases nobody waits on any more: no 「平台正在等待」 line. */
const finished: CaseState[] = ['refunded', 'withdrawn'];

/** 「平台正在等待」: what the case waits for, its deadlines, and how it was decided. */
export function CaseStatus({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const items = deadlineItems(refund, t);
  return (
    <Flex vertical gap={12} data-testid="case-status">
      {refund.waitingFor && !finished.includes(refund.state) && (
        <Alert
          type={isOverdue(refund) ? 'warning' : 'info'}
          showIcon
          data-testid="case-waiting-for"
          title={t('caseStatus.waitingFor', { what: inLanguage(refund.waitingFor) })}
        />
      )}
      {!finished.includes(refund.state) && <CalendarGapAlert years={refund.calendarGapYears ?? []} />}
      {refund.rejectReason && (
        <Alert
          type="error"
          showIcon
          data-testid="case-reject-reason"
          data-code={refund.rejectReason.code}
          title={t('caseStatus.rejectReason', { reason: inLanguage(refund.rejectReason) })}
          description={
            refund.rejectNote || refund.appealDeadline ? (
              <Flex vertical gap={4}>
                {refund.rejectNote && (
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid="case-reject-note">
                    {t('rejectBox.note', { note: refund.rejectNote })}
                  </Typography.Text>
                )}
                {refund.appealDeadline && (
                  <Typography.Text type="secondary" data-testid="case-appeal-deadline">
                    {t('caseAction.appealUntil', { time: formatBeijingTime(refund.appealDeadline) }).trim()}
                  </Typography.Text>
                )}
              </Flex>
            ) : undefined
          }
        />
      )}
      {items && items.length > 0 && (
        <Descriptions
          bordered
          size="small"
          column={1}
          styles={{ label: { whiteSpace: 'nowrap', width: 160 } }}
          items={items}
        />
      )}
    </Flex>
  );
}
