import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AdminPolicy,
  listPolicyVersions,
  type PolicyVersion,
  publishDraft,
  rollbackPolicy,
} from '../../api/policy.ts';
import { publicPolicyKey } from '../../components/usePublicPolicy.ts';
import { formatTime } from '../../format.ts';
import { adminPolicyKey } from './DraftEditor.tsx';
import { NoteModal } from './NoteModal.tsx';

const versionsKey = ['policyVersions'] as const;

interface Props {
  admin: AdminPolicy;
  dirty: boolean;
  /** A new version is in force: the editor reloads the draft. */
  onPublished: () => void;
}

/** 发布: publish the saved draft with a note; 版本历史 with rollback to an earlier version. */
export function PublishPanel({ admin, dirty, onPublished }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const versions = useQuery({ queryKey: versionsKey, queryFn: listPolicyVersions });
  const [publishing, setPublishing] = useState(false);
  // The version stays set while the modal closes, so its title does not change as it fades out.
  const [rollbackTo, setRollbackTo] = useState<{ version: number; open: boolean }>({
    version: 0,
    open: false,
  });

  const refresh = async () => {
    await Promise.all(
      [adminPolicyKey, versionsKey, publicPolicyKey, ['refundQuote']].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
    onPublished();
  };
  const publish = useMutation({
    mutationFn: publishDraft,
    onSuccess: async ({ version }) => {
      setPublishing(false);
      message.success(t('adminPolicy.published', { version }));
      await refresh();
    },
    onError: (error) => message.error(error.message),
  });
  const rollback = useMutation({
    mutationFn: ({ version, note }: { version: number; note: string }) =>
      rollbackPolicy(version, note, admin.current.version),
    onSuccess: async ({ version }) => {
      setRollbackTo((current) => ({ ...current, open: false }));
      message.success(t('adminPolicy.rolledBack', { version }));
      await refresh();
    },
    onError: (error) => message.error(error.message),
  });

  const current = admin.current.version;
  const hasDraft = admin.draft.updatedAt !== null;
  const columns: ColumnsType<PolicyVersion> = [
    {
      key: 'version',
      title: t('adminPolicy.colVersion'),
      render: (_, v) => (
        <Flex gap={4} align="center" data-testid={`version-${v.version}`}>
          <Typography.Text strong>v{v.version}</Typography.Text>
          {v.version === current && <Tag color="green">{t('adminPolicy.current')}</Tag>}
        </Flex>
      ),
    },
    { key: 'note', title: t('adminPolicy.colNote'), dataIndex: 'note' },
    {
      key: 'basedOn',
      title: t('adminPolicy.colBasedOn'),
      render: (_, v) => (v.basedOn === null ? '—' : `v${v.basedOn}`),
    },
    {
      key: 'publishedBy',
      title: t('adminPolicy.colPublishedBy'),
      render: (_, v) => v.publishedBy ?? t('adminPolicy.system'),
    },
    {
      key: 'publishedAt',
      title: t('adminPolicy.colPublishedAt'),
      render: (_, v) => formatTime(v.publishedAt),
    },
    {
      key: 'actions',
      title: t('adminPolicy.colActions'),
      render: (_, v) =>
        v.version !== current && (
          <Button
            size="small"
            data-testid={`rollback-${v.version}`}
            onClick={() => setRollbackTo({ version: v.version, open: true })}
          >
            {t('adminPolicy.rollback')}
          </Button>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex vertical gap={12} align="flex-start">
          <Typography.Text type="secondary">{t('adminPolicy.publishHint')}</Typography.Text>
          {!hasDraft && <Alert type="info" showIcon title={t('adminPolicy.publishNeedsDraft')} />}
          {hasDraft && dirty && <Alert type="warning" showIcon title={t('adminPolicy.publishUnsaved')} />}
          <Button
            type="primary"
            data-testid="policy-publish"
            disabled={!hasDraft}
            onClick={() => setPublishing(true)}
          >
            {t('adminPolicy.publish')}
          </Button>
        </Flex>
      </Card>
      <Card size="small" title={t('adminPolicy.versions')}>
        {versions.isError && <Alert type="error" showIcon title={versions.error.message} />}
        <Table<PolicyVersion>
          data-testid="policy-versions"
          size="small"
          rowKey="version"
          columns={columns}
          dataSource={versions.data ?? []}
          loading={versions.isPending}
          pagination={false}
        />
      </Card>
      <NoteModal
        open={publishing}
        title={t('adminPolicy.publishTitle')}
        hint={t('adminPolicy.publishHint')}
        okText={t('adminPolicy.publish')}
        loading={publish.isPending}
        onSubmit={(note) => publish.mutate(note)}
        onCancel={() => setPublishing(false)}
      />
      <NoteModal
        open={rollbackTo.open}
        title={t('adminPolicy.rollbackTitle', { version: rollbackTo.version })}
        hint={t('adminPolicy.rollbackHint', { version: rollbackTo.version })}
        okText={t('adminPolicy.rollback')}
        loading={rollback.isPending}
        onSubmit={(note) => rollback.mutate({ version: rollbackTo.version, note })}
        onCancel={() => setRollbackTo((current) => ({ ...current, open: false }))}
      />
    </Flex>
  );
}
