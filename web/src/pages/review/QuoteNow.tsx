import { Alert, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReviewCase } from '../../api/review.ts';
import { formatYuan } from '../../format.ts';
import { currentLanguage, inLanguage } from '../../i18n/index.ts';
import { QuoteParts } from '../refunds/QuoteParts.tsx';
import { RuleTag } from '../refunds/RuleTag.tsx';

/**
 * The most an approval may pay now: the quote on today's facts, plus its fee lines when the fee was
 * waived on this case (the server's rule). Decided cases have no current quote: what the case says.
 */
export function allowedFen(refund: Pick<ReviewCase, 'currentQuote' | 'feeWaivedFen' | 'amountFen'>): number {
  const quote = refund.currentQuote;
  if (!quote) return refund.amountFen;
  const fees = quote.fees.reduce((sum, fee) => sum + fee.amountFen, 0);
  return quote.amountFen + (refund.feeWaivedFen > 0 ? fees : 0);
}

/** Whether today's facts still allow any refund (otherwise only a rejection is possible). */
export function stillEligible(refund: Pick<ReviewCase, 'currentQuote'>): boolean {
  return refund.currentQuote === null || refund.currentQuote.eligible;
}

/**
 * 报价已变化: the order or the policy changed since the buyer applied (a key revealed, a delivery, a
 * new policy version), so an approval would pay another amount. Both figures and why.
 */
export function QuoteChangeAlert({ refund }: { refund: ReviewCase }) {
  const { t } = useTranslation();
  if (!refund.quoteChange?.changed) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="quote-change"
      title={
        <Typography.Text strong>
          {t('review.quoteChanged', {
            before: formatYuan(refund.amountFen),
            now: stillEligible(refund) ? formatYuan(allowedFen(refund)) : t('refundNew.partNone'),
          })}
        </Typography.Text>
      }
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {refund.quoteChange.reasons.map((reason) => (
            <li key={reason.zh} data-testid="quote-change-reason">
              {inLanguage(reason)}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** 按今天的订单情况重新报价: what an approval pays now and how each part of the order was quoted. */
export function QuoteNowCard({ refund }: { refund: ReviewCase }) {
  const { t } = useTranslation();
  const quote = refund.currentQuote;
  if (!quote) return null;
  const en = currentLanguage() === 'en';
  return (
    <Card
      title={t('review.quoteNow')}
      size="small"
      data-testid="quote-now"
      data-eligible={String(quote.eligible)}
      data-allowed-fen={allowedFen(refund)}
    >
      <Flex vertical gap={12}>
        {quote.eligible ? (
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong style={{ fontSize: 16 }} data-testid="quote-now-amount">
              {t('review.quoteNowAllowed', { amount: formatYuan(allowedFen(refund)) })}
            </Typography.Text>
            <RuleTag id={quote.ruleId} />
          </Flex>
        ) : (
          <Alert
            type="error"
            showIcon
            data-testid="quote-now-ineligible"
            title={t('review.quoteNowIneligible')}
            description={
              <Flex vertical gap={4}>
                {quote.reasons.map((reason) => (
                  <span key={reason.ruleId}>
                    <RuleTag id={reason.ruleId} />
                    {en ? reason.textEn : reason.textZh}
                  </span>
                ))}
              </Flex>
            }
          />
        )}
        <QuoteParts parts={quote.parts} />
      </Flex>
    </Card>
  );
}
