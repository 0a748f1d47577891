import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  type AuditEntry,
  type AuditFilter,
  auditCsvHref,
  listAudit,
  listAuditActions,
} from '../../api/audit.ts';
import { useCursorPages } from '../../api/useCursorPages.ts';
import { formatTime } from '../../format.ts';
import { findZhCN } from '../../i18n/find.zh-CN.ts';

type TargetType = keyof typeof findZhCN.audit.targetTypes;
type Family = keyof typeof findZhCN.audit.families;
const targetTypes = Object.keys(findZhCN.audit.targetTypes) as TargetType[];
const FILTER_KEYS = ['actor', 'action', 'targetType', 'targetId', 'from', 'to'] as const;

/** The filters live in the URL, so a filtered log can be shared and survives a reload. */
function useAuditFilter(): [AuditFilter, (next: AuditFilter) => void] {
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = {};
  for (const key of FILTER_KEYS) filter[key] = params.get(key) || undefined;
  const set = (next: AuditFilter) => {
    const p = new URLSearchParams();
    for (const key of FILTER_KEYS) if (next[key]) p.set(key, next[key]!);
    setParams(p, { replace: true });
  };
  return [filter, set];
}

/** Where an audited object can be opened, if the admin has a page for it (a case's workbench). */
function targetPath(type: string, id: string): string | null {
  return type === 'refund' ? `/admin/cases/${encodeURIComponent(id)}` : null;
}

/** The action's short name in the reader's language (风控放行), or null for one without a name yet. */
function useActionName(): (action: string) => string | null {
  const { t, i18n } = useTranslation();
  return (action) => {
    const key = `audit.actions.${action}` as 'audit.actions.refund.approve';
    return /^[a-z_]+\.[a-z_]+$/.test(action) && i18n.exists(key) ? (t(key) as string) : null;
  };
}

function ActionLabel({ action }: { action: string }) {
  const { t } = useTranslation();
  const name = useActionName()(action);
  const family = action.split('.')[0] as Family;
  const known = family in findZhCN.audit.families;
  return (
    // A long action (refund.review_after_complaint) puts its family tag above it rather than widen the
    // column: at 1280 px the log must fit beside the menu. The code stays, small, under the name: it is
    // what the filter and the CSV export carry.
    <Flex gap={6} align="center" wrap style={{ maxWidth: 220 }}>
      {known && <Tag>{t(`audit.families.${family}`)}</Tag>}
      {name && <Typography.Text data-testid="audit-action-name">{name}</Typography.Text>}
      <Typography.Text
        code={!name}
        type={name ? 'secondary' : undefined}
        data-testid="audit-action"
        style={name ? { fontSize: 12 } : undefined}
      >
        {action}
      </Typography.Text>
    </Flex>
  );
}

/** 审计日志: every audited action, newest first, filtered and exported as CSV (replaces "即将上线"). */
export function AuditPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useAuditFilter();
  const [draft, setDraft] = useState<AuditFilter>(filter);
  const filterKey = JSON.stringify(filter);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft follows the URL's filter
  useEffect(() => setDraft(filter), [filterKey]);
  const actions = useQuery({ queryKey: ['auditActions'], queryFn: listAuditActions, staleTime: 60_000 });
  const actionName = useActionName();
  const { query: log, rows } = useCursorPages(['audit', filter], (cursor?: string) =>
    listAudit(filter, cursor),
  );

  const columns: ColumnsType<AuditEntry> = [
    {
      key: 'at',
      title: t('audit.colAt'),
      render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(row.at)}</span>,
    },
    {
      key: 'actor',
      title: t('audit.colActor'),
      render: (_, row) =>
        row.actorId === null ? (
          <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
        ) : (
          <Flex vertical gap={0}>
            <span data-testid="audit-actor">{row.actorName ?? row.actorUsername}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.actorUsername} · #{row.actorId}
              {row.actorRole
                ? ` · ${t(`roles.${row.actorRole}` as 'roles.admin', { defaultValue: row.actorRole })}`
                : ''}
            </Typography.Text>
          </Flex>
        ),
    },
    { key: 'action', title: t('audit.colAction'), render: (_, row) => <ActionLabel action={row.action} /> },
    {
      key: 'target',
      title: t('audit.colTarget'),
      render: (_, row) => {
        if (!row.targetType) return '—';
        const label =
          row.targetType in findZhCN.audit.targetTypes
            ? t(`audit.targetTypes.${row.targetType as TargetType}`)
            : row.targetType;
        const path = row.targetId ? targetPath(row.targetType, row.targetId) : null;
        return (
          <Flex gap={6} align="center" wrap data-testid="audit-target" style={{ maxWidth: 160 }}>
            <span>{label}</span>
            {row.targetId &&
              (path ? (
                <Link to={path}>
                  <Typography.Text code>{row.targetId}</Typography.Text>
                </Link>
              ) : (
                <Typography.Text code>{row.targetId}</Typography.Text>
              ))}
          </Flex>
        );
      },
    },
    {
      key: 'ip',
      title: t('audit.colIp'),
      render: (_, row) => <span data-testid="audit-ip">{row.ip ?? '—'}</span>,
    },
    {
      key: 'data',
      title: t('audit.colData'),
      render: (_, row) => {
        const text = JSON.stringify(row.data);
        return text === '{}' ? (
          '—'
        ) : (
          <Typography.Text
            type="secondary"
            style={{ fontSize: 12, maxWidth: 200, display: 'inline-block' }}
            ellipsis={{ tooltip: text }}
          >
            {text}
          </Typography.Text>
        );
      },
    },
  ];

  const range =
    draft.from || draft.to
      ? ([draft.from ? dayjs(draft.from) : null, draft.to ? dayjs(draft.to) : null] as const)
      : null;

  return (
    <Card title={t('audit.title')} data-testid="audit-page">
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }} data-testid="audit-filters">
        <Input
          data-testid="audit-filter-actor"
          aria-label={t('audit.actor')}
          placeholder={t('audit.actorPlaceholder')}
          prefix={t('audit.actor')}
          allowClear
          maxLength={64}
          style={{ width: 230 }}
          value={draft.actor ?? ''}
          onChange={(e) => setDraft({ ...draft, actor: e.target.value || undefined })}
          onPressEnter={() => setFilter(draft)}
        />
        <Select<string>
          data-testid="audit-filter-action"
          aria-label={t('audit.action')}
          showSearch
          allowClear
          placeholder={t('audit.actionPlaceholder')}
          style={{ width: 220 }}
          value={draft.action}
          onChange={(value) => setDraft({ ...draft, action: value })}
          options={(actions.data ?? []).map((a) => {
            const name = actionName(a);
            return { value: a, label: name ? `${name} · ${a}` : a };
          })}
        />
        <Select<string>
          data-testid="audit-filter-type"
          aria-label={t('audit.targetType')}
          allowClear
          placeholder={t('audit.targetTypePlaceholder')}
          style={{ width: 150 }}
          value={draft.targetType}
          onChange={(value) =>
            setDraft({ ...draft, targetType: value, targetId: value ? draft.targetId : undefined })
          }
          options={targetTypes.map((type) => ({ value: type, label: t(`audit.targetTypes.${type}`) }))}
        />
        <Input
          data-testid="audit-filter-id"
          aria-label={t('audit.targetId')}
          placeholder={t('audit.targetIdPlaceholder')}
          allowClear
          maxLength={64}
          disabled={!draft.targetType}
          style={{ width: 220 }}
          value={draft.targetId ?? ''}
          onChange={(e) => setDraft({ ...draft, targetId: e.target.value.trim() || undefined })}
          onPressEnter={() => setFilter(draft)}
        />
        <DatePicker.RangePicker
          data-testid="audit-filter-range"
          showTime
          allowEmpty={[true, true]}
          value={range as never}
          onChange={(value) =>
            setDraft({
              ...draft,
              from: value?.[0]?.toISOString() ?? undefined,
              to: value?.[1]?.toISOString() ?? undefined,
            })
          }
        />
        <Button type="primary" data-testid="audit-apply" onClick={() => setFilter(draft)}>
          {t('audit.apply')}
        </Button>
        <Button data-testid="audit-reset" onClick={() => setFilter({})}>
          {t('audit.reset')}
        </Button>
        <Button icon={<DownloadOutlined />} href={auditCsvHref(filter)} download data-testid="audit-export">
          {t('listSearch.export')}
        </Button>
      </Flex>
      {log.isError && <Alert type="error" showIcon title={log.error.message} style={{ marginBottom: 16 }} />}
      <Table<AuditEntry>
        data-testid="audit-table"
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={log.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 16 }}>
        <Typography.Text type="secondary" data-testid="audit-count">
          {t('audit.count', { count: rows.length })}
        </Typography.Text>
        {log.hasNextPage && (
          <Button
            data-testid="audit-load-more"
            loading={log.isFetchingNextPage}
            onClick={() => log.fetchNextPage()}
          >
            {t('audit.loadMore')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
