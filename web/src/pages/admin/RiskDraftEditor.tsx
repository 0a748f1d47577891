import { Alert, Button, Flex, InputNumber, Segmented, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicyIssue } from '../../api/policy.ts';
import type { RiskRulesDocument, SignalInfo } from '../../api/risk.ts';
import { IssuesAlert, SyntaxErrorAlert } from './IssuesAlert.tsx';
import { JsonEditor, selectLine } from './JsonEditor.tsx';
import { lineOfPath, parseJsonWithLines } from './jsonLines.ts';
import { RiskRulesTable } from './RiskRulesTable.tsx';
import { changedRules, isRulesDocument } from './riskDraft.ts';

export const prettyRules = (value: unknown) => JSON.stringify(value, null, 2);

interface Props {
  text: string;
  current: RiskRulesDocument;
  signals: SignalInfo[];
  /** The server's issues with the draft, from the last what-if or publish. */
  issues: PolicyIssue[];
  onChange: (text: string) => void;
  onDiscard: () => void;
}

/**
 * 编辑草稿: the draft as a table (switches, scores, actions, thresholds) or as JSON; both edit the
 * same text, and the server's issues are marked by path in either.
 */
export function RiskDraftEditor({ text, current, signals, issues, onChange, onDiscard }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'table' | 'json'>('table');
  const editorRef = useRef<TextAreaRef>(null);
  const parsed = useMemo(() => parseJsonWithLines(text), [text]);
  const document = parsed.ok && isRulesDocument(parsed.value) ? parsed.value : null;
  const changed = document ? changedRules(current, document) : new Set<string>();
  const lines = parsed.ok ? parsed.lines : null;
  const marks = new Set<number>();
  if (!parsed.ok) marks.add(parsed.error.line);
  else
    for (const issue of issues) {
      const line = lineOfPath(parsed.lines, issue.path);
      if (line !== null) marks.add(line);
    }
  const update = (next: RiskRulesDocument) => onChange(prettyRules(next));
  const same = text === prettyRules(current);

  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('adminRisk.draftHint')}</Typography.Text>
      <Flex gap={12} align="center" wrap>
        <Segmented
          data-testid="risk-draft-mode"
          value={mode}
          onChange={(value) => setMode(value as 'table' | 'json')}
          options={[
            { value: 'table', label: <span data-testid="risk-mode-table">{t('adminRisk.modeTable')}</span> },
            { value: 'json', label: <span data-testid="risk-mode-json">{t('adminRisk.modeJson')}</span> },
          ]}
        />
        <Tag color={same ? 'default' : 'orange'} data-testid="risk-draft-state" data-changed={changed.size}>
          {same ? t('adminRisk.unchanged') : t('adminRisk.changed', { count: changed.size })}
        </Tag>
        <Button size="small" data-testid="risk-draft-discard" disabled={same} onClick={onDiscard}>
          {t('adminRisk.discard')}
        </Button>
      </Flex>
      {mode === 'table' && document && (
        <>
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t('adminRisk.holdScore')}</Typography.Text>
            <InputNumber<number>
              size="small"
              data-testid="risk-hold-score"
              value={document.holdScore}
              precision={0}
              min={1}
              onChange={(holdScore) => {
                if (typeof holdScore === 'number') update({ ...document, holdScore });
              }}
            />
          </Flex>
          <RiskRulesTable
            testId="risk-draft-rules"
            document={document}
            signals={signals}
            onChange={update}
            issues={issues}
            changed={changed}
          />
        </>
      )}
      {mode === 'table' && !document && <Alert type="warning" showIcon title={t('adminRisk.notTable')} />}
      {mode === 'json' && <JsonEditor value={text} onChange={onChange} marks={marks} editorRef={editorRef} />}
      {!parsed.ok && <SyntaxErrorAlert error={parsed.error} />}
      {issues.length > 0 && (
        <IssuesAlert
          issues={issues}
          lines={lines}
          onJump={(line) => {
            setMode('json');
            // The editor mounts with the switch; select the line once it is there.
            setTimeout(() => selectLine(editorRef.current, line), 0);
          }}
        />
      )}
    </Flex>
  );
}
