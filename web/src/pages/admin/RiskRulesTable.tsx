import { Flex, InputNumber, Select, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { PolicyIssue } from '../../api/policy.ts';
import type { RiskRule, RiskRulesDocument, RuleAction, SignalInfo } from '../../api/risk.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { conditionText, type Lang, shortLabel, signalLabel } from '../../riskText.ts';
import {
  comparisonsOf,
  fromInput,
  type Located,
  ruleIndexOf,
  toInput,
  withRule,
  withValue,
} from './riskDraft.ts';

const actions: RuleAction[] = ['hold', 'no_express', 'watch', 'score'];
const actionColors: Record<RuleAction, string> = {
  hold: 'volcano',
  no_express: 'orange',
  watch: 'gold',
  score: 'default',
};
const opSymbols = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' } as const;

interface Props {
  document: RiskRulesDocument;
  signals: SignalInfo[];
  /** Given, the table edits: switches, scores, actions and thresholds change the document. */
  onChange?: (document: RiskRulesDocument) => void;
  /** The server's issues with the document; each rule shows its own. */
  issues?: PolicyIssue[];
  /** Rules that differ from the version in force (marked). */
  changed?: Set<string>;
  testId?: string;
}

/** One threshold of a condition, typed in the unit a person thinks in (%, ¥, days). */
function Threshold({
  located,
  signal,
  lang,
  ruleId,
  onValue,
}: {
  located: Located;
  signal: SignalInfo | undefined;
  lang: Lang;
  ruleId: string;
  onValue: (value: number | boolean) => void;
}) {
  const { t } = useTranslation();
  const { comparison } = located;
  const kind = signal?.kind ?? 'count';
  const label = signal ? shortLabel(signalLabel(signal, lang)) : comparison.signal;
  const testAttrs = {
    'data-testid': 'rule-threshold',
    'data-rule-id': ruleId,
    'data-signal': comparison.signal,
  };
  const units = { ratio: '%', days: t('adminRisk.unitDays'), hours: t('adminRisk.unitHours') } as const;
  return (
    <Flex gap={6} align="center" wrap={false} style={{ fontSize: 12 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label} {opSymbols[comparison.op]}
      </Typography.Text>
      {typeof comparison.value === 'boolean' ? (
        <Select<string>
          {...testAttrs}
          size="small"
          style={{ width: 72 }}
          value={String(comparison.value)}
          onChange={(value) => onValue(value === 'true')}
          options={[
            { value: 'true', label: t('adminRisk.yes') },
            { value: 'false', label: t('adminRisk.no') },
          ]}
        />
      ) : (
        <InputNumber<number>
          {...testAttrs}
          size="small"
          style={{ width: 120 }}
          value={toInput(kind, comparison.value)}
          prefix={kind === 'fen' ? '¥' : undefined}
          suffix={kind === 'ratio' || kind === 'days' || kind === 'hours' ? units[kind] : undefined}
          precision={kind === 'fen' || kind === 'ratio' ? 2 : undefined}
          min={0}
          onChange={(value) => {
            const next = typeof value === 'number' ? fromInput(kind, value) : null;
            if (next !== null) onValue(next);
          }}
        />
      )}
    </Flex>
  );
}

/**
 * 风控规则 as a table: each rule's switch, its condition as a sentence in the signals' words, score,
 * action and reason. With `onChange` the same table edits a draft, threshold by threshold.
 */
export function RiskRulesTable({ document, signals, onChange, issues = [], changed, testId }: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const bySignal = new Map(signals.map((signal) => [signal.id, signal]));
  const indexOf = new Map(document.rules.map((rule, index) => [rule.id, index]));
  const patch = (rule: RiskRule, change: Partial<RiskRule>) =>
    onChange?.(withRule(document, indexOf.get(rule.id) ?? -1, change));
  const issuesOf = (rule: RiskRule) =>
    issues.filter((issue) => ruleIndexOf(issue.path) === indexOf.get(rule.id));

  const columns: ColumnsType<RiskRule> = [
    {
      key: 'id',
      title: t('adminRisk.colId'),
      render: (_, rule) => (
        <Flex vertical gap={2} align="flex-start">
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            {rule.id}
          </Typography.Text>
          {changed?.has(rule.id) && (
            <Tag color="blue" data-testid="rule-changed">
              {t('adminRisk.ruleChanged')}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      key: 'enabled',
      title: t('adminRisk.colEnabled'),
      render: (_, rule) =>
        onChange ? (
          <Switch
            size="small"
            data-testid="rule-enabled"
            data-rule-id={rule.id}
            checked={rule.enabled}
            onChange={(enabled) => patch(rule, { enabled })}
          />
        ) : (
          <Tag color={rule.enabled ? 'green' : 'default'} data-testid="rule-enabled-state">
            {rule.enabled ? t('adminRisk.enabled') : t('adminRisk.disabled')}
          </Tag>
        ),
    },
    {
      key: 'when',
      title: t('adminRisk.colCondition'),
      render: (_, rule) => (
        <Flex vertical gap={6} style={{ minWidth: 240, maxWidth: 420 }}>
          <span data-testid="rule-condition">{conditionText(rule.when, bySignal, lang)}</span>
          {onChange &&
            comparisonsOf(rule.when).map((located) => (
              <Threshold
                key={located.steps.join('.')}
                located={located}
                signal={bySignal.get(located.comparison.signal)}
                lang={lang}
                ruleId={rule.id}
                onValue={(value) => patch(rule, { when: withValue(rule.when, located.steps, value) })}
              />
            ))}
          {issuesOf(rule).map((issue) => (
            <Typography.Text key={`${issue.path}:${issue.message}`} type="danger" data-testid="rule-issue">
              <Typography.Text code>{issue.path}</Typography.Text> {issue.message}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    {
      key: 'score',
      title: t('adminRisk.colScore'),
      align: 'right',
      render: (_, rule) =>
        onChange ? (
          <InputNumber<number>
            size="small"
            data-testid="rule-score"
            data-rule-id={rule.id}
            style={{ width: 72 }}
            value={rule.score}
            precision={0}
            onChange={(score) => {
              if (typeof score === 'number') patch(rule, { score });
            }}
          />
        ) : (
          <span style={{ whiteSpace: 'nowrap' }}>{rule.score > 0 ? `+${rule.score}` : rule.score}</span>
        ),
    },
    {
      key: 'action',
      title: t('adminRisk.colAction'),
      render: (_, rule) =>
        onChange ? (
          <Select<RuleAction>
            size="small"
            data-testid="rule-action"
            data-rule-id={rule.id}
            style={{ width: 132 }}
            value={rule.action}
            onChange={(action) => patch(rule, { action })}
            options={actions.map((action) => ({ value: action, label: t(`adminRisk.action.${action}`) }))}
          />
        ) : (
          <Tag color={actionColors[rule.action] ?? 'default'}>{t(`adminRisk.action.${rule.action}`)}</Tag>
        ),
    },
    {
      key: 'reason',
      title: t('adminRisk.colReason'),
      render: (_, rule) => (
        <span style={{ display: 'inline-block', minWidth: 200, maxWidth: 320 }}>
          {lang === 'en' ? rule.reasonEn : rule.reasonZh}
        </span>
      ),
    },
  ];

  return (
    <Table<RiskRule>
      data-testid={testId ?? 'risk-rules'}
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={document.rules}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={(rule) => ({ style: rule.enabled ? undefined : { opacity: 0.55 } })}
    />
  );
}
