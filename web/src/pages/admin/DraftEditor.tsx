import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Flex, Row, Space, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { type PolicyIssue, policyIssues, saveDraft } from '../../api/policy.ts';
import { IssuesAlert, SyntaxErrorAlert } from './IssuesAlert.tsx';
import { JsonEditor, selectLine } from './JsonEditor.tsx';
import { lineOfPath, parseJsonWithLines } from './jsonLines.ts';
import { PolicyKnobs } from './PolicyKnobs.tsx';

export const adminPolicyKey = ['adminPolicy'] as const;
export const prettyJson = (value: unknown) => JSON.stringify(value, null, 2);

interface Props {
  text: string;
  dirty: boolean;
  onChange: (text: string) => void;
  onSaved: (text: string) => void;
  onRevert: () => void;
}

/** 草稿编辑: the draft as JSON, saved through the server's validation, with its issues marked. */
export function DraftEditor({ text, dirty, onChange, onSaved, onRevert }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const editorRef = useRef<TextAreaRef>(null);
  const parsed = useMemo(() => parseJsonWithLines(text), [text]);
  const [issues, setIssues] = useState<PolicyIssue[]>([]);

  const save = useMutation({
    mutationFn: (draft: { document: unknown; text: string }) => saveDraft(draft.document),
    onSuccess: (_, draft) => {
      setIssues([]);
      onSaved(draft.text);
      message.success(t('adminPolicy.saved'));
      void queryClient.invalidateQueries({ queryKey: adminPolicyKey });
    },
    onError: (error) => {
      const found =
        error instanceof ApiError && error.code === 'POLICY.INVALID' ? policyIssues(error.details) : [];
      setIssues(found);
      if (found.length === 0) message.error(error.message);
    },
  });

  // Paths keep their lines while values are edited, so the marks follow the text being edited.
  const lines = parsed.ok ? parsed.lines : null;
  const marks = new Set<number>();
  if (!parsed.ok) marks.add(parsed.error.line);
  else
    for (const issue of issues) {
      const line = lineOfPath(parsed.lines, issue.path);
      if (line !== null) marks.add(line);
    }

  const jump = (line: number) => selectLine(editorRef.current, line);
  const submit = () => {
    if (!parsed.ok) jump(parsed.error.line);
    else save.mutate({ document: parsed.value, text });
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={17}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('adminPolicy.editorHint')}</Typography.Text>
          <JsonEditor value={text} onChange={onChange} marks={marks} editorRef={editorRef} />
          {!parsed.ok && <SyntaxErrorAlert error={parsed.error} />}
          {issues.length > 0 && <IssuesAlert issues={issues} lines={lines} onJump={jump} />}
          <Space>
            <Button type="primary" data-testid="policy-save" loading={save.isPending} onClick={submit}>
              {t('adminPolicy.save')}
            </Button>
            <Button data-testid="policy-revert" disabled={!dirty} onClick={onRevert}>
              {t('adminPolicy.revert')}
            </Button>
          </Space>
        </Flex>
      </Col>
      <Col xs={24} xl={7}>
        <PolicyKnobs
          document={parsed.ok ? parsed.value : null}
          onChange={(document) => onChange(prettyJson(document))}
        />
      </Col>
    </Row>
  );
}
