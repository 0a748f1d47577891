import { Flex, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuotePart } from '../../api/policy.ts';
import { formatYuan } from '../../format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { RuleTag } from './RuleTag.tsx';

/** "退 ¥23.75（平台服务费 ¥1.25）", or "不可退" with why on a line below. */
function PartOutcome({ part }: { part: QuotePart }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  if (!part.eligible)
    return (
      <Typography.Text type="secondary" strong data-testid="quote-part-outcome">
        {t('refundNew.partNone')}
      </Typography.Text>
    );
  const fees = part.fees
    .map((fee) =>
      t('refundNew.feeAmount', { label: en ? fee.labelEn : fee.labelZh, amount: formatYuan(fee.amountFen) }),
    )
    .join(t('refundNew.listSeparator'));
  const refund = t('refundNew.partRefund', { amount: formatYuan(part.amountFen) });
  return (
    <Typography.Text strong data-testid="quote-part-outcome">
      {fees ? t('refundNew.partWhy', { outcome: refund, why: fees }) : refund}
    </Typography.Text>
  );
}

/**
 * How a card-key order was quoted key by key, one line a part: "1 张未提取的卡密 · V-UNUSED · 退 ¥23.75
 * （平台服务费 ¥1.25）", "1 张已提取的卡密 · V-USED · 不可退" and why. Nothing for a quote of one part.
 */
export function QuoteParts({ parts }: { parts: QuotePart[] }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  if (parts.length < 2) return null;
  const en = currentLanguage() === 'en';
  return (
    <Flex vertical data-testid="quote-parts">
      <Typography.Text strong style={{ marginBottom: 4 }}>
        {t('refundNew.parts')}
      </Typography.Text>
      {parts.map((part) => (
        <Flex
          key={part.kind}
          vertical
          gap={2}
          data-testid="quote-part"
          data-kind={part.kind}
          data-eligible={String(part.eligible)}
          data-amount-fen={part.amountFen}
          style={{ padding: '6px 0', borderTop: `1px solid ${token.colorBorderSecondary}` }}
        >
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Flex gap={4} align="center">
              <Typography.Text>{t(`refundNew.partKind.${part.kind}`, { count: part.units })}</Typography.Text>
              <RuleTag id={part.ruleId} />
            </Flex>
            <PartOutcome part={part} />
          </Flex>
          {!part.eligible && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="quote-part-reason">
              {part.reasons.map((reason) => (en ? reason.textEn : reason.textZh)).join(' ')}
            </Typography.Text>
          )}
        </Flex>
      ))}
    </Flex>
  );
}
