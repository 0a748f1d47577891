import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Spin, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicyIssue } from '../../api/policy.ts';
import { getRiskRules } from '../../api/risk.ts';
import { formatTime } from '../../format.ts';
import { useUnsavedChanges } from '../../unsaved.ts';
import { DiffView } from './DiffView.tsx';
import { parseJsonWithLines } from './jsonLines.ts';
import { prettyRules, RiskDraftEditor } from './RiskDraftEditor.tsx';
import { RiskPublishPanel, riskRulesKey } from './RiskPublishPanel.tsx';
import { RiskRulesTable } from './RiskRulesTable.tsx';
import { RiskSimulationPanel } from './RiskSimulationPanel.tsx';

/** The draft being edited, and the version it was taken from (a publish meanwhile makes it stale). */
interface Draft {
  text: string;
  basedOn: number;
}

/** 风控规则 (admin): the rules in force, a draft edited as a table or JSON, the what-if, publish, rollback. */
export function AdminRiskPage() {
  const { t } = useTranslation();
  const rules = useQuery({ queryKey: riskRulesKey, queryFn: getRiskRules });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [issues, setIssues] = useState<PolicyIssue[]>([]);
  const currentText = rules.data ? prettyRules(rules.data.document) : '';
  const text = draft?.text ?? currentText;
  const parsed = useMemo(() => parseJsonWithLines(text), [text]);
  // A draft lives in this page only until it is published: leaving would lose it.
  useUnsavedChanges(draft !== null && text !== currentText);

  if (rules.isPending)
    return (
      <Flex justify="center" style={{ padding: 96 }}>
        <Spin size="large" />
      </Flex>
    );
  if (rules.isError)
    return <Alert type="error" showIcon data-testid="risk-load-error" title={rules.error.message} />;

  const { version, document, signals } = rules.data;
  const edit = (next: string) =>
    setDraft((previous) => ({ text: next, basedOn: previous?.basedOn ?? version }));
  const restart = () => {
    setDraft(null);
    setIssues([]);
  };
  const unchanged = text === currentText;

  const items = [
    {
      key: 'rules',
      label: <span data-testid="risk-tab-rules">{t('adminRisk.tabRules')}</span>,
      children: (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary" data-testid="risk-hold-score-text">
            {t('adminRisk.holdScoreText', { score: document.holdScore })}
          </Typography.Text>
          <RiskRulesTable document={document} signals={signals} />
        </Flex>
      ),
    },
    {
      key: 'draft',
      label: <span data-testid="risk-tab-draft">{t('adminRisk.tabDraft')}</span>,
      children: (
        <RiskDraftEditor
          text={text}
          current={document}
          signals={signals}
          issues={issues}
          onChange={edit}
          onDiscard={restart}
        />
      ),
    },
    {
      key: 'diff',
      label: <span data-testid="risk-tab-diff">{t('adminRisk.tabDiff')}</span>,
      children: <DiffView current={currentText} draft={text} version={version} dirty={false} />,
    },
    {
      key: 'simulate',
      label: <span data-testid="risk-tab-simulate">{t('adminRisk.tabSimulate')}</span>,
      children: <RiskSimulationPanel document={parsed.ok ? parsed.value : null} onIssues={setIssues} />,
    },
    {
      key: 'publish',
      label: <span data-testid="risk-tab-publish">{t('adminRisk.tabPublish')}</span>,
      children: (
        <RiskPublishPanel
          current={version}
          basedOn={draft?.basedOn ?? version}
          draft={parsed.ok ? parsed.value : null}
          unchanged={unchanged}
          signals={signals}
          onIssues={setIssues}
          onPublished={restart}
        />
      ),
    },
  ];

  return (
    <Card data-testid="admin-risk">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.adminRisk')}
        </Typography.Title>
        <Tag color="green" data-testid="risk-current-version" data-version={version}>
          {t('adminRisk.currentVersion', { version })}
        </Tag>
        <Typography.Text type="secondary">
          {t('adminRisk.publishedAt', { time: formatTime(rules.data.publishedAt) })} · {rules.data.note}
        </Typography.Text>
        {!unchanged && (
          <Tag color="orange" data-testid="risk-unsaved">
            {t('adminRisk.unpublished')}
          </Tag>
        )}
      </Flex>
      <Tabs items={items} />
    </Card>
  );
}
