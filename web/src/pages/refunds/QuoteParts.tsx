import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuotePart } from '../../api/policy.ts';
import { formatYuan } from '../../format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { RuleTag } from './RuleTag.tsx';

/** "退 ¥23.75（平台服务费 ¥1.25）" or "不可退（why）". */
function PartOutcome({ part }: { part: QuotePart }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const open = en ? ' (' : '（';
  const close = en ? ')' : '）';
  const separator = en ? ', ' : '，';
  if (!part.eligible) {
    const why = part.reasons.map((reason) => (en ? reason.textEn : reason.textZh)).join(' ');
    return (
      <Typography.Text type="secondary" data-testid="quote-part-outcome">
        {t('refundNew.partNone')}
        {why && `${open}${why}${close}`}
      </Typography.Text>
    );
  }
  const fees = part.fees
    .map((fee) => `${en ? fee.labelEn : fee.labelZh} ${formatYuan(fee.amountFen)}`)
    .join(separator);
  return (
    <Typography.Text data-testid="quote-part-outcome">
      <Typography.Text strong>
        {t('refundNew.partRefund', { amount: formatYuan(part.amountFen) })}
      </Typography.Text>
      {fees && `${open}${fees}${close}`}
    </Typography.Text>
  );
}

/**
 * How a card-key order was quoted key by key: "1 张未提取的卡密 — V-UNUSED — 退 ¥23.75（服务费 ¥1.25）",
 * "1 张已提取的卡密 — V-USED — 不可退（…）". Nothing for a quote of one part.
 */
export function QuoteParts({ parts }: { parts: QuotePart[] }) {
  const { t } = useTranslation();
  if (parts.length < 2) return null;
  return (
    <Flex vertical gap={6} data-testid="quote-parts">
      <Typography.Text strong>{t('refundNew.parts')}</Typography.Text>
      {parts.map((part) => (
        <Flex
          key={part.kind}
          gap={6}
          align="baseline"
          wrap
          data-testid="quote-part"
          data-kind={part.kind}
          data-eligible={String(part.eligible)}
          data-amount-fen={part.amountFen}
        >
          <Typography.Text>{t(`refundNew.partKind.${part.kind}`, { count: part.units })}</Typography.Text>
          <Typography.Text type="secondary">—</Typography.Text>
          <RuleTag id={part.ruleId} />
          <Typography.Text type="secondary">—</Typography.Text>
          <PartOutcome part={part} />
        </Flex>
      ))}
    </Flex>
  );
}
