import { Alert, Card, Flex, Form, InputNumber, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hundredthsText, parseHundredths } from '../../format.ts';
import { currentLanguage } from '../../i18n/index.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A percentage typed as text and kept as integer basis points (5.25 → 525), never as a float. */
function PercentInput({
  label,
  bp,
  onChange,
  testId,
}: {
  /** What the input is, for screen readers (the form label is not tied to it). */
  label: string;
  bp: number;
  onChange: (bp: number) => void;
  testId: string;
}) {
  const [text, setText] = useState(hundredthsText(bp));
  // Follow edits made in the JSON, unless the text already means this value ("5.0" while typing 5.05).
  useEffect(() => {
    setText((current) => (parseHundredths(current) === bp ? current : hundredthsText(bp)));
  }, [bp]);
  return (
    <InputNumber<string>
      data-testid={testId}
      aria-label={label}
      stringMode
      min="0"
      max="100"
      suffix="%"
      value={text}
      onChange={(value) => {
        setText(value ?? '');
        const next = parseHundredths(value ?? '');
        if (next !== null && next <= 10_000 && next !== bp) onChange(next);
      }}
      style={{ width: 140 }}
    />
  );
}

function DaysInput({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: number;
  onChange: (n: number) => void;
  testId: string;
}) {
  return (
    <InputNumber<number>
      data-testid={testId}
      aria-label={label}
      min={0}
      max={60}
      precision={0}
      value={value}
      onChange={(next) => {
        if (typeof next === 'number' && Number.isInteger(next)) onChange(next);
      }}
      style={{ width: 80 }}
    />
  );
}

interface Props {
  /** The parsed draft, or null while the JSON does not parse. */
  document: unknown;
  onChange: (document: Json) => void;
}

/** The most-edited settings (fee rates, review SLA) as form fields that rewrite the draft JSON. */
export function PolicyKnobs({ document, onChange }: Props) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  if (!isObject(document)) {
    return (
      <Card size="small" title={t('adminPolicy.knobs')}>
        <Alert type="warning" showIcon title={t('adminPolicy.knobsUnavailable')} />
      </Card>
    );
  }
  const update = (edit: (copy: Json) => void) => {
    const copy = structuredClone(document);
    edit(copy);
    onChange(copy);
  };
  const fees = Array.isArray(document.fees) ? document.fees : [];
  const sla = isObject(document.sla) ? document.sla : {};

  return (
    <Card size="small" title={t('adminPolicy.knobs')} data-testid="policy-knobs">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('adminPolicy.knobsHint')}
      </Typography.Paragraph>
      <Form layout="vertical" size="small">
        {fees.map((fee, index) =>
          isObject(fee) && typeof fee.rateBp === 'number' ? (
            <Form.Item
              key={String(fee.id ?? index)}
              label={t('adminPolicy.feeRate', { label: String((en ? fee.labelEn : fee.labelZh) ?? fee.id) })}
            >
              <PercentInput
                label={t('adminPolicy.feeRate', {
                  label: String((en ? fee.labelEn : fee.labelZh) ?? fee.id),
                })}
                testId={`knob-fee-${String(fee.id ?? index)}`}
                bp={fee.rateBp}
                onChange={(bp) =>
                  update((copy) => {
                    (copy.fees as Json[])[index]!.rateBp = bp;
                  })
                }
              />
            </Form.Item>
          ) : null,
        )}
        {(['virtual', 'physical'] as const).map((goods) => {
          const range = sla[goods];
          if (!isObject(range) || typeof range.minDays !== 'number' || typeof range.maxDays !== 'number')
            return null;
          const set = (end: 'minDays' | 'maxDays') => (days: number) =>
            update((copy) => {
              ((copy.sla as Json)[goods] as Json)[end] = days;
            });
          return (
            <Form.Item
              key={goods}
              label={goods === 'virtual' ? t('adminPolicy.slaVirtual') : t('adminPolicy.slaPhysical')}
            >
              <Flex gap={8} align="center">
                <Typography.Text type="secondary">{t('adminPolicy.minDays')}</Typography.Text>
                <DaysInput
                  label={`${goods === 'virtual' ? t('adminPolicy.slaVirtual') : t('adminPolicy.slaPhysical')} ${t('adminPolicy.minDays')}`}
                  testId={`knob-sla-${goods}-min`}
                  value={range.minDays}
                  onChange={set('minDays')}
                />
                <Typography.Text type="secondary">{t('adminPolicy.maxDays')}</Typography.Text>
                <DaysInput
                  label={`${goods === 'virtual' ? t('adminPolicy.slaVirtual') : t('adminPolicy.slaPhysical')} ${t('adminPolicy.maxDays')}`}
                  testId={`knob-sla-${goods}-max`}
                  value={range.maxDays}
                  onChange={set('maxDays')}
                />
              </Flex>
            </Form.Item>
          );
        })}
      </Form>
    </Card>
  );
}
