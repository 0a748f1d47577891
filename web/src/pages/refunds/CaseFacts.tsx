import { Descriptions, type DescriptionsProps, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDetail } from '../../api/refunds.ts';
import { KindTag } from '../../components/OrderTags.tsx';
import { formatBeijingTime, formatTime, formatYuan } from '../../format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { isOverdue } from './CaseStatus.tsx';
import { RuleTag } from './RuleTag.tsx';

/** The policy reasons (with rule ids) of the quote the case was opened under. */
function Reasons({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <Flex vertical gap={4} data-testid="case-reasons">
      {(refund.quote?.reasons ?? []).map((reason) => (
        <span key={reason.ruleId} data-testid="case-reason" data-rule-id={reason.ruleId}>
          <RuleTag id={reason.ruleId} />
          {en ? reason.textEn : reason.textZh}
        </span>
      ))}
      <Typography.Text type="secondary">
        {t('refundCase.policyVersion', { version: refund.policyVersion })}
      </Typography.Text>
    </Flex>
  );
}

/**
 * What the buyer asked for and what the policy quoted: order, type, money, deadline, description.
 * `orderPath` is where the order number links to (the buyer's order page by default; null: no link).
 */
export function CaseFacts({ refund, orderPath }: { refund: CaseDetail; orderPath?: string | null }) {
  const { t } = useTranslation();
  const orderHref =
    orderPath === undefined ? `/buyer/orders/${encodeURIComponent(refund.orderNo)}` : orderPath;
  const overdue = isOverdue(refund);
  const items: DescriptionsProps['items'] = [
    {
      key: 'order',
      label: t('refundCase.order'),
      span: 2,
      children: (
        <Flex gap={8} align="center" wrap>
          {orderHref ? (
            <Link to={orderHref} data-testid="case-order-link">
              {refund.orderNo}
            </Link>
          ) : (
            <Typography.Text code data-testid="case-order-link">
              {refund.orderNo}
            </Typography.Text>
          )}
          <span data-testid="case-product">{refund.productName}</span>
          <KindTag kind={refund.productKind} />
        </Flex>
      ),
    },
    {
      key: 'type',
      label: t('refundCase.type'),
      children: <span data-testid="case-type">{t(`refundType.${refund.type}`)}</span>,
    },
    { key: 'createdAt', label: t('refundCase.createdAt'), children: formatTime(refund.createdAt) },
    {
      key: 'amount',
      label: t('refundCase.amount'),
      children: (
        <Typography.Text strong style={{ fontSize: 18 }} data-testid="case-amount">
          {formatYuan(refund.amountFen)}
        </Typography.Text>
      ),
    },
    {
      key: 'fee',
      label: t('refundCase.fee'),
      children: <span data-testid="case-fee">{formatYuan(refund.feeFen)}</span>,
    },
    {
      key: 'requested',
      label: t('refundCase.requested'),
      children: refund.requestedFen === null ? t('refundCase.requestedAll') : formatYuan(refund.requestedFen),
    },
    {
      key: 'sla',
      label: t('refundCase.sla'),
      children: (
        <Typography.Text
          type={overdue ? 'danger' : undefined}
          data-testid="case-sla"
          data-overdue={String(overdue)}
        >
          {t('refundCase.slaValue', { deadline: formatBeijingTime(refund.slaDeadline) })}
          {overdue && ` · ${t('caseStatus.overdue')}`}
        </Typography.Text>
      ),
    },
    {
      key: 'description',
      label: t('refundCase.description'),
      span: 2,
      children: (
        <Typography.Paragraph data-testid="case-description" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {refund.description}
        </Typography.Paragraph>
      ),
    },
    { key: 'policy', label: t('refundCase.policy'), span: 2, children: <Reasons refund={refund} /> },
  ];
  return (
    <Descriptions
      data-testid="case-facts"
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={items}
    />
  );
}
