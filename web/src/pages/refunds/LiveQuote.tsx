import { Alert, Skeleton, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RefundQuoteCard } from './RefundQuoteCard.tsx';
import type { useRefundQuote } from './useRefundQuote.ts';

/** The live quote as it stands: a prompt to choose a type, a skeleton, the server's refusal, or the card. */
export function LiveQuote({ live, chosen }: { live: ReturnType<typeof useRefundQuote>; chosen: boolean }) {
  const { t } = useTranslation();
  const { quote } = live;
  if (!chosen) return <Typography.Text type="secondary">{t('refundNew.chooseType')}</Typography.Text>;
  if (quote.isError)
    return (
      <Alert
        type="error"
        showIcon
        data-testid="quote-error"
        title={t('refundNew.quoteFailed', { message: quote.error.message })}
      />
    );
  if (!quote.data) return <Skeleton active />;
  return (
    <Spin spinning={quote.isFetching}>
      <RefundQuoteCard quote={quote.data} />
    </Spin>
  );
}
