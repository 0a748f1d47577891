import { ThunderboltFilled } from '@ant-design/icons';
import { Alert, Descriptions, type DescriptionsProps, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Quote } from '../../api/policy.ts';
import { CalendarGapAlert } from '../../components/CalendarGapAlert.tsx';
import { ruleAnchor, usePublicPolicy } from '../../components/usePublicPolicy.ts';
import { formatBeijingTime, formatDayRange, formatRateBp, formatYuan } from '../../format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { QuoteParts } from './QuoteParts.tsx';
import { RuleTag } from './RuleTag.tsx';

/** The rate of a fee line, when the policy in force is the one the quote was made under. */
function useFeeRates(policyVersion: number | null): Map<string, number> {
  const policy = usePublicPolicy();
  const rates = new Map<string, number>();
  if (policy.data && policy.data.version === policyVersion)
    for (const fee of policy.data.document.fees ?? []) rates.set(fee.id, fee.rateBp);
  return rates;
}

function Fees({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const rates = useFeeRates(quote.policyVersion);
  if (quote.fees.length === 0)
    return <Typography.Text type="secondary">{t('refundNew.noFees')}</Typography.Text>;
  const en = currentLanguage() === 'en';
  return (
    <Flex vertical gap={4}>
      {quote.fees.map((fee) => {
        const rate = rates.get(fee.id);
        return (
          // Too narrow for both on one line (a phone), the amount goes under the label.
          <Flex
            key={fee.id}
            justify="space-between"
            gap="4px 16px"
            wrap
            data-testid="quote-fee"
            data-fee-id={fee.id}
          >
            <span data-testid="quote-fee-label">
              {en ? fee.labelEn : fee.labelZh}
              {rate !== undefined && (en ? ` (${formatRateBp(rate)})` : `（${formatRateBp(rate)}）`)}
            </span>
            {/* The label wraps, the amount never (a phone split "-¥2.45" one character a line). */}
            <Typography.Text type="danger" data-testid="quote-fee-amount" style={{ whiteSpace: 'nowrap' }}>
              -{formatYuan(fee.amountFen)}
            </Typography.Text>
          </Flex>
        );
      })}
    </Flex>
  );
}

function Evidence({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  if (quote.requiredEvidence.length === 0)
    return <Typography.Text type="secondary">{t('refundNew.noEvidence')}</Typography.Text>;
  const en = currentLanguage() === 'en';
  return (
    <Flex vertical gap={4} data-testid="quote-evidence">
      {quote.requiredEvidence.map((item) => (
        <span key={item.kind}>
          <Typography.Text strong>{t(`evidenceKind.${item.kind}`)}</Typography.Text>
          <Tag style={{ marginInline: 8 }} color={item.min > 0 ? 'orange' : 'default'}>
            {item.min > 0 ? t('refundNew.evidenceMin', { count: item.min }) : t('refundNew.evidenceOptional')}
          </Tag>
          <Typography.Text type="secondary">{en ? item.descriptionEn : item.descriptionZh}</Typography.Text>
        </span>
      ))}
    </Flex>
  );
}

function Amounts({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const items: DescriptionsProps['items'] = [
    {
      key: 'amount',
      label: t('refundNew.amount'),
      children: (
        <Typography.Text strong style={{ fontSize: 20, whiteSpace: 'nowrap' }} data-testid="quote-amount">
          {formatYuan(quote.amountFen)}
        </Typography.Text>
      ),
    },
    {
      key: 'gross',
      label: t('refundNew.gross'),
      children: (
        <span data-testid="quote-gross" style={{ whiteSpace: 'nowrap' }}>
          {formatYuan(quote.grossFen)}
        </span>
      ),
    },
    { key: 'fees', label: t('refundNew.fees'), children: <Fees quote={quote} /> },
    { key: 'evidence', label: t('refundNew.evidence'), children: <Evidence quote={quote} /> },
    ...(quote.reviewDays
      ? [
          {
            key: 'sla',
            label: t('refundNew.sla'),
            children: (
              <span data-testid="quote-sla">
                {t('refundNew.slaValue', {
                  deadline: formatBeijingTime(quote.slaDeadline),
                  days: formatDayRange(quote.reviewDays),
                })}
              </span>
            ),
          },
        ]
      : []),
    ...(quote.arrivalEstimate
      ? [
          {
            key: 'arrival',
            label: t('refundNew.arrival'),
            children: (
              <span data-testid="quote-arrival">
                {quote.arrivalEstimate.maxDays === 0
                  ? t('refundNew.arrivalInstant')
                  : t('refundNew.arrivalValue', { days: formatDayRange(quote.arrivalEstimate) })}
              </span>
            ),
          },
        ]
      : []),
  ];
  // Labels keep to one line (a narrow phone wrapped them one character per line); the values wrap.
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      items={items}
      styles={{ label: { whiteSpace: 'nowrap', width: '1%' } }}
    />
  );
}

/** What the policy says about the chosen refund: eligible or why not, the money and the deadlines. */
export function RefundQuoteCard({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const reasons = (
    <Flex vertical gap={4} data-testid="quote-reasons">
      {quote.reasons.map((reason) => (
        <span key={reason.ruleId} data-testid="quote-reason" data-rule-id={reason.ruleId}>
          <RuleTag id={reason.ruleId} />
          {en ? reason.textEn : reason.textZh}
        </span>
      ))}
    </Flex>
  );
  return (
    <Flex
      vertical
      gap={12}
      data-testid="quote"
      data-eligible={String(quote.eligible)}
      data-rule-id={quote.ruleId}
    >
      <Alert
        type={quote.eligible ? 'success' : 'warning'}
        showIcon
        data-testid="quote-verdict"
        title={
          <Flex gap={8} align="center">
            <Typography.Text strong>
              {quote.eligible ? t('refundNew.eligible') : t('refundNew.ineligible')}
            </Typography.Text>
            <span data-testid="quote-rule">{t('refundNew.rule', { id: quote.ruleId })}</span>
          </Flex>
        }
        description={reasons}
      />
      {quote.eligible && quote.express?.eligible && (
        <Alert
          type="success"
          showIcon
          icon={<ThunderboltFilled />}
          data-testid="quote-express"
          title={<Typography.Text strong>{t('credit.expressPromise')}</Typography.Text>}
          description={t('credit.expressPromiseDetail')}
        />
      )}
      <QuoteParts parts={quote.parts} />
      {!quote.eligible && quote.hint && (
        <Alert
          type="info"
          showIcon
          data-testid="quote-hint"
          title={t('refundNew.hint')}
          description={en ? quote.hint.en : quote.hint.zh}
        />
      )}
      {quote.eligible && <Amounts quote={quote} />}
      {quote.eligible && <CalendarGapAlert years={quote.calendarGapYears} />}
      <Flex justify="space-between" gap={8} wrap>
        {quote.policyVersion !== null && (
          <Typography.Text type="secondary" data-testid="quote-policy-version">
            {t('refundNew.policyVersion', { version: quote.policyVersion })}
          </Typography.Text>
        )}
        <Link to={`/help/policy#${ruleAnchor(quote.ruleId)}`} data-testid="quote-policy-link">
          {t('refundNew.policyLink')}
        </Link>
      </Flex>
    </Flex>
  );
}
