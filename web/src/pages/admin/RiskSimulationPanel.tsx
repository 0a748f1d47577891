import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { type PolicyIssue, policyIssues } from '../../api/policy.ts';
import {
  type HoldStats,
  type RiskSimulation,
  type RiskSimulationExample,
  simulateRiskRules,
} from '../../api/risk.ts';

const days = 90;
type RuleRow = RiskSimulation['rules'][number];
type Metric = { key: keyof HoldStats; current: string; draft: string; delta: number | null };

type Reasons = ReadonlyMap<string, { zh: string; en: string }>;

/** Each rule's reason, from the document that was simulated (a rule only in force keeps its id alone). */
function reasonsOf(document: unknown): Reasons {
  const rules = (document as { rules?: unknown } | null)?.rules;
  const out = new Map<string, { zh: string; en: string }>();
  if (!Array.isArray(rules)) return out;
  for (const r of rules as { id?: unknown; reasonZh?: unknown; reasonEn?: unknown }[])
    if (typeof r?.id === 'string' && typeof r.reasonZh === 'string' && typeof r.reasonEn === 'string')
      out.set(r.id, { zh: r.reasonZh, en: r.reasonEn });
  return out;
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Number((rate * 100).toFixed(1))}%`);

function Examples({
  title,
  items,
  total,
  testId,
}: {
  title: string;
  items: RiskSimulationExample[];
  /** All of them; `items` are the first few. */
  total: number;
  testId: string;
}) {
  const { t } = useTranslation();
  const shown = Math.min(items.length, 10);
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      data-count={total}
      extra={
        total > shown ? (
          <Typography.Text type="secondary">{t('adminRisk.simExamples', { shown, total })}</Typography.Text>
        ) : null
      }
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('adminRisk.simNone')}</Typography.Text>
      ) : (
        <Table<RiskSimulationExample>
          size="small"
          rowKey="refundNo"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={items.slice(0, 10)}
          columns={[
            {
              key: 'refundNo',
              title: t('adminRisk.colRefundNo'),
              render: (_, e) => <Typography.Text code>{e.refundNo}</Typography.Text>,
            },
            {
              key: 'outcome',
              title: t('adminRisk.colOutcome'),
              render: (_, e) =>
                ['approved', 'not_approved', 'open'].includes(e.outcome)
                  ? t(`adminRisk.outcome.${e.outcome as 'approved' | 'not_approved' | 'open'}`)
                  : e.outcome,
            },
            {
              key: 'rules',
              title: t('adminRisk.colRules'),
              render: (_, e) => (
                <Flex gap={4} wrap>
                  {e.rules.map((id) => (
                    <Tag key={id} style={{ fontFamily: 'monospace' }}>
                      {id}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

function Report({ report, reasons }: { report: RiskSimulation; reasons: Reasons }) {
  const { t, i18n } = useTranslation();
  const metric = (key: keyof HoldStats): Metric => {
    const rate = key === 'falsePositiveRate';
    const show = (stats: HoldStats) => (rate ? percent(stats[key]) : String(stats[key]));
    const a = report.current[key];
    const b = report.draft[key];
    return {
      key,
      current: show(report.current),
      draft: show(report.draft),
      delta: a === null || b === null ? null : b - a,
    };
  };
  const metrics = (['held', 'decided', 'laterApproved', 'falsePositiveRate'] as const).map(metric);
  const labels = {
    held: t('adminRisk.simHeld'),
    decided: t('adminRisk.simDecided'),
    laterApproved: t('adminRisk.simLaterApproved'),
    falsePositiveRate: t('adminRisk.simFalsePositive'),
  };
  const metricColumns: ColumnsType<Metric> = [
    {
      key: 'metric',
      title: `${t('adminRisk.simCases', { days: report.days })} ${report.cases}`,
      render: (_, m) => labels[m.key],
    },
    {
      key: 'current',
      title: t('adminRisk.simCurrent', { version: report.currentVersion }),
      align: 'right',
      render: (_, m) => <span data-testid={`sim-current-${m.key}`}>{m.current}</span>,
    },
    {
      key: 'draft',
      title: t('adminRisk.simDraft'),
      align: 'right',
      render: (_, m) => (
        <Flex gap={6} justify="flex-end" align="center">
          <Typography.Text strong data-testid={`sim-draft-${m.key}`}>
            {m.draft}
          </Typography.Text>
          {m.delta !== null && m.delta !== 0 && m.key !== 'falsePositiveRate' && (
            <Tag color={m.delta < 0 ? 'green' : 'orange'}>{m.delta > 0 ? `+${m.delta}` : m.delta}</Tag>
          )}
        </Flex>
      ),
    },
  ];
  const ruleColumns: ColumnsType<RuleRow> = [
    {
      key: 'id',
      title: t('adminRisk.colId'),
      render: (_, r) => {
        const reason = reasons.get(r.id);
        return (
          <Flex vertical style={{ maxWidth: 360 }}>
            <Typography.Text code>{r.id}</Typography.Text>
            {reason && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="risk-sim-rule-reason">
                {i18n.language === 'en' ? reason.en : reason.zh}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
    { key: 'fired', title: t('adminRisk.colFired'), dataIndex: 'fired', align: 'right' },
    { key: 'held', title: t('adminRisk.colHeld'), dataIndex: 'held', align: 'right' },
    { key: 'decided', title: t('adminRisk.simDecided'), dataIndex: 'decided', align: 'right' },
    {
      key: 'laterApproved',
      title: t('adminRisk.simLaterApproved'),
      dataIndex: 'laterApproved',
      align: 'right',
    },
    {
      key: 'falsePositiveRate',
      title: t('adminRisk.simFalsePositive'),
      align: 'right',
      render: (_, r) => percent(r.falsePositiveRate),
    },
  ];
  if (report.cases === 0)
    return (
      <Alert type="info" showIcon data-testid="sim-no-cases" title={t('adminRisk.simNoCases', { days })} />
    );
  return (
    <Flex vertical gap={16} data-testid="risk-sim-result">
      <Table<Metric>
        data-testid="risk-sim-metrics"
        size="small"
        rowKey="key"
        columns={metricColumns}
        dataSource={metrics}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      <Card size="small" title={t('adminRisk.simRules')}>
        <Table<RuleRow>
          data-testid="risk-sim-rules"
          size="small"
          rowKey="id"
          columns={ruleColumns}
          dataSource={report.rules}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <Examples
        testId="risk-sim-newly-held"
        title={t('adminRisk.simNewlyHeld', { count: report.newlyHeldCount })}
        total={report.newlyHeldCount}
        items={report.newlyHeld}
      />
      <Examples
        testId="risk-sim-released"
        title={t('adminRisk.simReleased', { count: report.releasedCount })}
        total={report.releasedCount}
        items={report.released}
      />
    </Flex>
  );
}

interface Props {
  /** The draft, parsed; null while its JSON does not parse. */
  document: unknown | null;
  onIssues: (issues: PolicyIssue[]) => void;
}

/** 试算: what the draft would have held among the last 90 days' cases, next to the rules in force. */
export function RiskSimulationPanel({ document, onIssues }: Props) {
  const { t } = useTranslation();
  const simulate = useMutation({
    mutationFn: (draft: unknown) => simulateRiskRules(draft, days),
    onSuccess: () => onIssues([]),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'RISK.RULES_INVALID')
        onIssues(policyIssues(error.details));
    },
  });
  const error = simulate.error;
  const invalid = error instanceof ApiError && error.code === 'RISK.RULES_INVALID';
  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{t('adminRisk.simulateHint', { days })}</Typography.Text>
      <div>
        <Button
          type="primary"
          data-testid="risk-simulate"
          loading={simulate.isPending}
          disabled={document === null}
          onClick={() => simulate.mutate(document)}
        >
          {t('adminRisk.simulate')}
        </Button>
      </div>
      {error && (
        <Alert
          type="error"
          showIcon
          data-testid="risk-sim-error"
          title={invalid ? t('adminRisk.publishInvalid') : error.message}
        />
      )}
      {simulate.data && !simulate.isPending && !error && (
        <Report report={simulate.data} reasons={reasonsOf(simulate.variables)} />
      )}
    </Flex>
  );
}
