import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { type PolicyIssue, policyIssues } from '../../api/policy.ts';
import {
  listRiskRuleVersions,
  publishRiskRules,
  type RiskRulesVersion,
  type SignalInfo,
} from '../../api/risk.ts';
import { formatTime } from '../../format.ts';
import { NoteModal } from './NoteModal.tsx';
import { RiskRulesTable } from './RiskRulesTable.tsx';
import { isRulesDocument } from './riskDraft.ts';

export const riskRulesKey = ['adminRiskRules'] as const;
const versionsKey = ['adminRiskRuleVersions'] as const;

interface Props {
  current: number;
  /** The version the draft was edited from: a publish based on it fails if another came since. */
  basedOn: number;
  /** The draft, parsed; null while its JSON does not parse. */
  draft: unknown | null;
  unchanged: boolean;
  signals: SignalInfo[];
  onIssues: (issues: PolicyIssue[]) => void;
  /** A version was published (or the admin reloads after a conflict): start again from the rules in force. */
  onPublished: () => void;
}

/** 发布与历史: publish the draft with a note; every version, with 回滚到此版本. */
export function RiskPublishPanel({
  current,
  basedOn,
  draft,
  unchanged,
  signals,
  onIssues,
  onPublished,
}: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const versions = useQuery({ queryKey: versionsKey, queryFn: listRiskRuleVersions });
  const [publishing, setPublishing] = useState(false);
  const [rollbackTo, setRollbackTo] = useState<{ version: RiskRulesVersion | null; open: boolean }>({
    version: null,
    open: false,
  });
  const [stale, setStale] = useState(false);

  const refresh = async () => {
    await Promise.all(
      [riskRulesKey, versionsKey].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    );
    onPublished();
  };
  const onError = (error: Error) => {
    if (error instanceof ApiError && error.code === 'RISK.RULES_STALE') setStale(true);
    else if (error instanceof ApiError && error.code === 'RISK.RULES_INVALID') {
      onIssues(policyIssues(error.details));
      message.error(t('adminRisk.publishInvalid'));
    } else message.error(error.message);
  };
  const publish = useMutation({
    mutationFn: (note: string) => publishRiskRules({ document: draft, note, basedOn }),
    onSuccess: async ({ version }) => {
      setPublishing(false);
      onIssues([]);
      message.success(t('adminRisk.published', { version }));
      await refresh();
    },
    onError: (error) => {
      setPublishing(false);
      onError(error);
    },
  });
  const rollback = useMutation({
    mutationFn: ({ from, note }: { from: RiskRulesVersion; note: string }) =>
      publishRiskRules({ document: from.document, note, basedOn: current }),
    onSuccess: async ({ version }, { from }) => {
      setRollbackTo((state) => ({ ...state, open: false }));
      message.success(t('adminRisk.rolledBack', { from: from.version, version }));
      await refresh();
    },
    onError: (error) => {
      setRollbackTo((state) => ({ ...state, open: false }));
      onError(error);
    },
  });

  const columns: ColumnsType<RiskRulesVersion> = [
    {
      key: 'version',
      title: t('adminPolicy.colVersion'),
      render: (_, v) => (
        <Flex gap={4} align="center" data-testid={`risk-version-${v.version}`}>
          <Typography.Text strong>v{v.version}</Typography.Text>
          {v.version === current && <Tag color="green">{t('adminPolicy.current')}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'note',
      title: t('adminPolicy.colNote'),
      render: (_, v) => <span data-testid="risk-version-note">{v.note}</span>,
    },
    {
      key: 'basedOn',
      title: t('adminPolicy.colBasedOn'),
      render: (_, v) => (v.basedOn ? `v${v.basedOn}` : '—'),
    },
    {
      key: 'publishedBy',
      title: t('adminPolicy.colPublishedBy'),
      render: (_, v) => v.publishedBy ?? t('adminPolicy.system'),
    },
    {
      key: 'publishedAt',
      title: t('adminPolicy.colPublishedAt'),
      render: (_, v) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(v.publishedAt)}</span>,
    },
    {
      key: 'actions',
      title: t('adminPolicy.colActions'),
      render: (_, v) =>
        v.version !== current && (
          <Button
            size="small"
            data-testid={`risk-rollback-${v.version}`}
            onClick={() => setRollbackTo({ version: v, open: true })}
          >
            {t('adminRisk.rollback')}
          </Button>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex vertical gap={12} align="flex-start">
          <Typography.Text type="secondary">{t('adminRisk.publishHint')}</Typography.Text>
          {stale && (
            <Alert
              type="warning"
              showIcon
              data-testid="risk-stale"
              title={t('adminRisk.stale')}
              action={
                <Button
                  size="small"
                  data-testid="risk-reload"
                  onClick={async () => {
                    setStale(false);
                    await refresh();
                  }}
                >
                  {t('adminRisk.reload')}
                </Button>
              }
            />
          )}
          {unchanged && <Alert type="info" showIcon title={t('adminRisk.publishUnchanged')} />}
          <Button
            type="primary"
            data-testid="risk-publish"
            disabled={unchanged || draft === null}
            onClick={() => setPublishing(true)}
          >
            {t('adminRisk.publish')}
          </Button>
        </Flex>
      </Card>
      <Card size="small" title={t('adminRisk.versions')}>
        {versions.isError && <Alert type="error" showIcon title={versions.error.message} />}
        <Table<RiskRulesVersion>
          data-testid="risk-versions"
          size="small"
          rowKey="version"
          columns={columns}
          dataSource={versions.data ?? []}
          loading={versions.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (v) => isRulesDocument(v.document),
            expandedRowRender: (v) =>
              isRulesDocument(v.document) && (
                <RiskRulesTable testId="risk-version-rules" document={v.document} signals={signals} />
              ),
          }}
        />
      </Card>
      <NoteModal
        open={publishing}
        title={t('adminRisk.publishTitle')}
        hint={t('adminRisk.publishHint')}
        okText={t('adminRisk.publish')}
        loading={publish.isPending}
        onSubmit={(note) => publish.mutate(note)}
        onCancel={() => setPublishing(false)}
      />
      <NoteModal
        open={rollbackTo.open}
        title={t('adminRisk.rollbackTitle', { version: rollbackTo.version?.version })}
        hint={t('adminRisk.rollbackHint', { version: rollbackTo.version?.version })}
        okText={t('adminRisk.rollback')}
        loading={rollback.isPending}
        onSubmit={(note) => rollbackTo.version && rollback.mutate({ from: rollbackTo.version, note })}
        onCancel={() => setRollbackTo((state) => ({ ...state, open: false }))}
      />
    </Flex>
  );
}
