import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../format.ts';

/**
 * A case's amount in a list: what was asked until it is decided, then what was approved (已批准
 * ¥40.00), with the amount asked beside it when the two differ.
 */
export function CaseAmount({
  refund,
  testId = 'refund-amount',
}: {
  refund: { amountFen: number; approvedFen: number | null };
  testId?: string;
}) {
  const { t } = useTranslation();
  if (refund.approvedFen === null) return <span data-testid={testId}>{formatYuan(refund.amountFen)}</span>;
  return (
    <Flex vertical align="end" gap={0}>
      <Typography.Text data-testid={testId} data-approved="true">
        {t('caseAmount.approved', { amount: formatYuan(refund.approvedFen) })}
      </Typography.Text>
      {refund.approvedFen !== refund.amountFen && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('caseAmount.asked', { amount: formatYuan(refund.amountFen) })}
        </Typography.Text>
      )}
    </Flex>
  );
}
