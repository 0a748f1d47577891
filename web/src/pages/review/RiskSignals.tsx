import { Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSignal } from '../../api/risk.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { describeEvidence, formatSignalValue, shortLabel, signalLabel } from '../../riskText.ts';
import { reviewCasePath } from './ReviewQueuePage.tsx';

const evidenceFields = ['channel', 'earlierPaidOrders', 'last7', 'weeklyBefore'] as const;
type EvidenceField = (typeof evidenceFields)[number];

function Evidence({ signal }: { signal: CaseSignal }) {
  const { t } = useTranslation();
  const view = describeEvidence(signal.evidence);
  const name = (key: string) =>
    evidenceFields.includes(key as EvidenceField) ? t(`risk.evidenceField.${key as EvidenceField}`) : key;
  // alipay → 支付宝: a channel is said in words like everywhere else.
  const channels = ['alipay', 'wechatpay', 'balance'] as const;
  const shown = (key: string, value: string) =>
    key === 'channel' && channels.includes(value as (typeof channels)[number])
      ? t(`channel.${value as (typeof channels)[number]}`)
      : value;
  return (
    <Flex vertical gap={2} data-testid="risk-evidence">
      {view.cardKeyIds.length > 0 && (
        <span data-testid="risk-evidence-keys">
          {t('risk.cardKeys')} {view.cardKeyIds.map((id) => `#${id}`).join('、')}
        </span>
      )}
      {view.cases.length > 0 && (
        <Flex gap={6} wrap align="center">
          <Typography.Text type="secondary">{t('risk.relatedCases')}</Typography.Text>
          {view.cases.map((refundNo) => (
            <Link key={refundNo} to={reviewCasePath(refundNo)} data-testid="risk-evidence-case">
              <Typography.Text code>{refundNo}</Typography.Text>
            </Link>
          ))}
        </Flex>
      )}
      {view.other.map(([key, value]) => (
        <span key={key}>
          <Typography.Text type="secondary">{name(key)}：</Typography.Text>
          {shown(key, String(value))}
        </span>
      ))}
    </Flex>
  );
}

/** 风险信号: every signal the rules read, its value as a person reads it, and what it was computed from. */
export function RiskSignals({ signals }: { signals: CaseSignal[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const columns: ColumnsType<CaseSignal> = [
    {
      key: 'label',
      title: t('risk.colSignal'),
      // "本单实付金额（分）" reads wrong beside a value shown in yuan.
      render: (_, s) => (s.kind === 'fen' ? shortLabel(signalLabel(s, lang)) : signalLabel(s, lang)),
    },
    {
      key: 'value',
      title: t('risk.colValue'),
      align: 'right',
      render: (_, s) => (
        <span data-testid="risk-signal-value" style={{ whiteSpace: 'nowrap' }}>
          {formatSignalValue(s.kind, s.value, lang)}
        </span>
      ),
    },
    { key: 'evidence', title: t('risk.colEvidence'), render: (_, s) => <Evidence signal={s} /> },
  ];
  return (
    <Table<CaseSignal>
      data-testid="risk-signals"
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={signals}
      pagination={false}
      // No horizontal scroll: on a phone the labels wrap and the values stay in sight.
      tableLayout="auto"
    />
  );
}
