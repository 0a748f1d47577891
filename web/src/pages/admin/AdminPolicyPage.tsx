import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Spin, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getAdminPolicy } from '../../api/policy.ts';
import { formatTime } from '../../format.ts';
import { useUnsavedChanges } from '../../unsaved.ts';
import { DiffView } from './DiffView.tsx';
import { adminPolicyKey, DraftEditor, prettyJson } from './DraftEditor.tsx';
import { PublishPanel } from './PublishPanel.tsx';
import { SimulationPanel } from './SimulationPanel.tsx';

/** 退款政策 (admin): edit the draft as JSON, compare it, simulate it, publish it, roll back. */
export function AdminPolicyPage() {
  const { t } = useTranslation();
  const admin = useQuery({ queryKey: adminPolicyKey, queryFn: getAdminPolicy });
  // The editor text, once the admin has typed; until then (and after a publish) the server's draft.
  const [edited, setEdited] = useState<string | null>(null);
  // What was last saved from this editor; the server's copy comes back with jsonb's key order.
  const [savedText, setSavedText] = useState<string | null>(null);
  const serverDraft = admin.data ? prettyJson(admin.data.draft.document) : null;
  useUnsavedChanges(edited !== null && edited !== (savedText ?? serverDraft));

  if (admin.isPending) {
    return (
      <Flex justify="center" style={{ padding: 96 }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (admin.isError) {
    return <Alert type="error" showIcon data-testid="policy-load-error" title={admin.error.message} />;
  }

  const { current, draft } = admin.data;
  const loaded = prettyJson(draft.document);
  const text = edited ?? loaded;
  const dirty = text !== (savedText ?? loaded);
  const reload = () => {
    setEdited(null);
    setSavedText(null);
  };

  const items = [
    {
      key: 'edit',
      label: <span data-testid="policy-tab-edit">{t('adminPolicy.tabEdit')}</span>,
      children: (
        <DraftEditor
          text={text}
          dirty={dirty}
          onChange={setEdited}
          onSaved={setSavedText}
          onRevert={() => setEdited(savedText)}
        />
      ),
    },
    {
      key: 'diff',
      label: <span data-testid="policy-tab-diff">{t('adminPolicy.tabDiff')}</span>,
      children: (
        <DiffView
          current={prettyJson(current.document)}
          draft={text}
          version={current.version}
          dirty={dirty}
        />
      ),
    },
    {
      key: 'simulate',
      label: <span data-testid="policy-tab-simulate">{t('adminPolicy.tabSimulate')}</span>,
      children: <SimulationPanel text={text} />,
    },
    {
      key: 'publish',
      label: <span data-testid="policy-tab-publish">{t('adminPolicy.tabPublish')}</span>,
      children: (
        <PublishPanel
          admin={admin.data}
          dirty={dirty}
          onPublished={() => {
            if (!dirty) reload();
          }}
        />
      ),
    },
  ];

  return (
    <Card data-testid="admin-policy">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.adminPolicy')}
        </Typography.Title>
        <Tag color="green" data-testid="policy-current-version">
          {t('adminPolicy.currentVersion', { version: current.version })}
        </Tag>
        <Typography.Text type="secondary" data-testid="policy-draft-state">
          {draft.updatedAt
            ? t('adminPolicy.draftSaved', { time: formatTime(draft.updatedAt) })
            : t('adminPolicy.draftNone')}
        </Typography.Text>
        {dirty && (
          <Tag color="orange" data-testid="policy-unsaved">
            {t('adminPolicy.unsaved')}
          </Tag>
        )}
      </Flex>
      <Tabs items={items} />
    </Card>
  );
}
