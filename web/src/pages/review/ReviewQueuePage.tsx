import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Empty, Flex, Grid, Table, Tabs, Tag, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { listQueue, type QueueFilter, type QueueItem, queueCsvHref } from '../../api/review.ts';
import { UnreadMessagesTag, useUnreadMessages } from '../../components/CaseConversation.tsx';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { ListCards } from '../../components/ListCards.tsx';
import { ListSearch } from '../../components/ListSearch.tsx';
import { CaseProductCell } from '../../components/OrderTags.tsx';
import { formatBeijingTime, formatYuan } from '../../format.ts';
import { QueueFilters, useQueueFilter } from './QueueFilters.tsx';

export type QueuePreset = 'all' | 'mine' | 'escalations';

const titles = {
  all: 'menu.agentQueue',
  mine: 'menu.agentMine',
  escalations: 'menu.agentEscalations',
} as const satisfies Record<QueuePreset, string>;

/** The workbench sits under the queue (the site messages to staff link there too). */
export const reviewCasePath = (refundNo: string) => `/agent/queue/${encodeURIComponent(refundNo)}`;

function Flags({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap>
      {item.escalated && (
        <Tag color="red" data-testid="queue-escalated">
          {t('caseStatus.escalated')}
        </Tag>
      )}
      {item.urged && (
        <Tag color="orange" data-testid="queue-urged">
          {t('caseStatus.urged')}
        </Tag>
      )}
      {item.merchantResponse && (
        <Tag
          color={item.merchantResponse === 'objected' ? 'magenta' : 'default'}
          data-testid="queue-merchant"
        >
          {t(`caseStatus.merchant.${item.merchantResponse}`)}
        </Tag>
      )}
    </Flex>
  );
}

/** A deadline to the minute: the queue needs the day and hour, not the seconds. */
const toMinute = (iso: string) => formatBeijingTime(iso).slice(0, 16);

function useColumns(): ColumnsType<QueueItem> {
  const { t } = useTranslation();
  const unread = useUnreadMessages();
  return [
    {
      key: 'refundNo',
      title: t('refundList.refundNo'),
      render: (_, row) => (
        <Flex gap={4} align="center">
          <Typography.Text code data-testid="queue-refund-no">
            {row.refundNo}
          </Typography.Text>
          <UnreadMessagesTag refundNo={row.refundNo} unread={unread} />
          {row.state === 'risk_hold' && (
            <Tag color="volcano" data-testid="queue-risk">
              {t('riskQueue.heldMark')}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      key: 'product',
      title: t('queue.case'),
      render: (_, row) => <CaseProductCell row={row} />,
    },
    {
      key: 'amount',
      title: t('refundList.amount'),
      align: 'right',
      render: (_, row) => formatYuan(row.amountFen),
    },
    {
      key: 'state',
      title: t('refundList.state'),
      render: (_, row) => (
        <Flex gap={4} wrap style={{ maxWidth: 160 }}>
          <CaseStateTag refund={row} />
          <Flags item={row} />
        </Flex>
      ),
    },
    {
      key: 'deadline',
      title: t('queue.deadline'),
      render: (_, row) => (
        <Typography.Text
          type={row.overdue ? 'danger' : undefined}
          strong={row.overdue}
          data-testid="queue-deadline"
          data-overdue={String(row.overdue)}
          style={{ whiteSpace: 'nowrap' }}
        >
          {toMinute(row.slaDeadline)}
          {row.overdue && (
            <>
              <br />
              {t('caseStatus.overdue')}
            </>
          )}
        </Typography.Text>
      ),
    },
    {
      key: 'assignee',
      title: t('queue.assignee'),
      render: (_, row) => (
        <span data-testid="queue-assignee">
          {row.assignee ?? <Typography.Text type="secondary">{t('queue.unassigned')}</Typography.Text>}
        </span>
      ),
    },
  ];
}

/**
 * 审核队列: open cases, escalated and urged first, then the nearest deadline (the server's order).
 * The same page, preset, is 我的处理 (cases I hold) and the supervisor's 升级与申诉.
 */
/**
 * 全部 | 风控审核: the held cases as a tab of their own, with how many wait (the same filters
 * otherwise). A tab is the state filter set to risk_hold, so the URL keeps it.
 */
function RiskTabs({
  filter,
  update,
}: {
  filter: QueueFilter;
  update: (patch: Record<string, string | undefined>) => void;
}) {
  const { t } = useTranslation();
  const heldFilter = { ...filter, state: 'risk_hold' as const };
  const held = useQuery({
    queryKey: ['reviewQueue', heldFilter],
    queryFn: () => listQueue(heldFilter),
    refetchInterval: 30_000,
  });
  return (
    <Tabs
      data-testid="queue-tabs"
      size="small"
      activeKey={filter.state === 'risk_hold' ? 'held' : 'all'}
      onChange={(key) => update({ state: key === 'held' ? 'risk_hold' : undefined })}
      items={[
        { key: 'all', label: <span data-testid="queue-tab-all">{t('riskQueue.all')}</span> },
        {
          key: 'held',
          label: (
            <Flex gap={6} align="center" data-testid="queue-tab-risk" data-count={held.data?.length ?? ''}>
              {t('riskQueue.held')}
              <Badge count={held.data?.length ?? 0} size="small" overflowCount={99} />
            </Flex>
          ),
        },
      ]}
    />
  );
}

export function ReviewQueuePage({ preset = 'all' }: { preset?: QueuePreset }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const columns = useColumns();
  const phone = Grid.useBreakpoint().md === false;
  const [filter, update] = useQueueFilter();
  const query = { ...filter, mine: preset === 'mine' ? true : filter.mine };
  const queue = useQuery({
    queryKey: ['reviewQueue', query],
    queryFn: () => listQueue(query),
    refetchInterval: 30_000,
  });
  const rows =
    preset === 'escalations'
      ? (queue.data ?? []).filter((item) => item.escalated || item.state === 'appealed')
      : (queue.data ?? []);

  return (
    <Card title={t(titles[preset])} data-testid={`queue-${preset}`}>
      {preset !== 'escalations' && <RiskTabs filter={query} update={update} />}
      <ListSearch
        testId="queue"
        value={query.q ?? ''}
        onSearch={(q) => update({ q })}
        placeholder={t('listSearch.staffPlaceholder')}
        exportHref={queueCsvHref(query)}
      />
      <QueueFilters filter={query} update={update} mineFixed={preset === 'mine'} />
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8, fontSize: 12 }}>
        {t('queue.beijingTime')}
      </Typography.Text>
      {queue.isError && (
        <Alert type="error" showIcon title={queue.error.message} style={{ marginBottom: 16 }} />
      )}
      {phone ? (
        // On a phone, cards: the deadline (and 已超时) was off-screen to the right of the table.
        <ListCards
          testId="queue-cards"
          rows={rows.map((row) => ({
            key: row.refundNo,
            title: row.productName,
            number: row.refundNo,
            amount: formatYuan(row.amountFen),
            status: (
              <>
                <CaseStateTag refund={row} />
                <Flags item={row} />
              </>
            ),
            extra: (
              <Typography.Text type={row.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {t('queue.deadline')} {toMinute(row.slaDeadline)}
                {row.overdue ? ` · ${t('caseStatus.overdue')}` : ''} · {row.assignee ?? t('queue.unassigned')}
              </Typography.Text>
            ),
          }))}
          onOpen={(refundNo) => navigate(reviewCasePath(refundNo))}
          empty={queue.isPending ? null : <Empty data-testid="queue-empty" description={t('queue.empty')} />}
        />
      ) : (
        <Table<QueueItem>
          data-testid="queue-table"
          size="middle"
          rowKey="refundNo"
          columns={columns}
          dataSource={rows}
          loading={queue.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty data-testid="queue-empty" description={t('queue.empty')} /> }}
          onRow={(row) => ({
            onClick: () => navigate(reviewCasePath(row.refundNo)),
            // Held cases stand out in the mixed queue: a warning stripe on the row's left edge.
            style: {
              cursor: 'pointer',
              boxShadow: row.state === 'risk_hold' ? `inset 3px 0 0 ${token.colorWarning}` : undefined,
            },
          })}
        />
      )}
    </Card>
  );
}

export const MyCasesPage = () => <ReviewQueuePage preset="mine" />;
export const EscalationsPage = () => <ReviewQueuePage preset="escalations" />;
