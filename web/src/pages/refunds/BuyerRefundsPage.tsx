import { Alert, Button, Card, Empty, Flex, Grid, Segmented, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type CaseSummary, listRefunds, refundsCsvHref } from '../../api/refunds.ts';
import { useCursorPages } from '../../api/useCursorPages.ts';
import { CaseAmount } from '../../components/CaseAmount.tsx';
import { CaseNoCell, useUnreadMessages } from '../../components/CaseConversation.tsx';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { CardsOrTable } from '../../components/ListCards.tsx';
import { ListSearch, useListSearch } from '../../components/ListSearch.tsx';
import { KindTag } from '../../components/OrderTags.tsx';
import { formatBeijingTime, formatTime } from '../../format.ts';
import { type RefundGroup, refundGroups, useRefundGroup } from './useRefundGroup.ts';

const groupLabels = {
  all: 'refundList.groupAll',
  active: 'refundList.groupActive',
  refunded: 'refundList.groupRefunded',
  rejected: 'refundList.groupRejected',
  withdrawn: 'refundList.groupWithdrawn',
} as const satisfies Record<RefundGroup, string>;

/** The states in which the review deadline is a promise still to keep. */
const reviewClockRuns: readonly string[] = ['submitted', 'risk_hold', 'appealed'];

/** 我的退款: the buyer's refund cases, newest first, by status group, paged with 加载更多. */
export function BuyerRefundsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { group, serverStatus, setGroup } = useRefundGroup();
  const [q, setQ] = useListSearch();
  const { query: refunds, rows } = useCursorPages(['refunds', serverStatus ?? null, q], (cursor?: string) =>
    listRefunds(serverStatus, cursor, q),
  );
  const unread = useUnreadMessages();
  const phone = Grid.useBreakpoint().md === false;
  const open = (refundNo: string) => navigate(`/buyer/refunds/${encodeURIComponent(refundNo)}`);

  // Five columns, not seven, so the list fits at 1280 px beside the menu (the deadline was cut off):
  // the request time goes under the number and the type under the product, as in the staff's lists.
  const columns: ColumnsType<CaseSummary> = [
    {
      key: 'refundNo',
      title: t('refundList.refundNo'),
      render: (_, row) => <CaseNoCell row={row} unread={unread} />,
    },
    {
      key: 'product',
      title: t('queue.case'),
      render: (_, row) => (
        // A long product name wraps instead of widening the table.
        <Flex vertical gap={2} style={{ maxWidth: 220 }}>
          <Flex gap={8} align="center" wrap>
            <span data-testid="refund-product">{row.productName}</span>
            <KindTag kind={row.productKind} />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`refundType.${row.type}`)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'amount',
      title: t('refundList.amount'),
      align: 'right',
      render: (_, row) => <CaseAmount refund={row} />,
    },
    { key: 'state', title: t('refundList.state'), render: (_, row) => <CaseStateTag refund={row} /> },
    {
      key: 'sla',
      // The title may take two lines ("审核时限 / （北京时间）"): it is wider than the times under it.
      title: <span style={{ display: 'inline-block', maxWidth: 150 }}>{t('refundList.sla')}</span>,
      // Only while the platform's review clock runs: a decided or withdrawn case has no deadline left.
      render: (_, row) =>
        reviewClockRuns.includes(row.state) ? (
          <span style={{ whiteSpace: 'nowrap' }}>{formatBeijingTime(row.slaDeadline)}</span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Card title={t('menu.buyerRefunds')}>
      <ListSearch
        testId="refunds"
        value={q}
        onSearch={setQ}
        placeholder={t('listSearch.buyerPlaceholder')}
        exportHref={refundsCsvHref(serverStatus, q)}
      />
      {/* On a phone the five groups scroll sideways rather than shrink to "已…". */}
      <div style={{ overflowX: 'auto', marginBottom: 16 }}>
        <Segmented<RefundGroup>
          data-testid="refund-groups"
          value={group}
          onChange={setGroup}
          options={refundGroups.map(({ group: value }) => ({
            value,
            label: <span data-testid={`refund-group-${value}`}>{t(groupLabels[value])}</span>,
          }))}
        />
      </div>
      {refunds.isError && (
        <Alert type="error" showIcon title={refunds.error.message} style={{ marginBottom: 16 }} />
      )}
      <CardsOrTable<CaseSummary>
        phone={phone}
        rows={rows}
        rowKey="refundNo"
        testId="refund-table"
        cardsTestId="refund-cards"
        columns={columns}
        loading={refunds.isPending}
        empty={<Empty data-testid="refunds-empty" description={t('refundList.empty')} />}
        onOpen={(row) => open(row.refundNo)}
        toCard={(row) => ({
          title: row.productName,
          number: row.refundNo,
          amount: <CaseAmount refund={row} />,
          status: <CaseStateTag refund={row} />,
          extra: `${t(`refundType.${row.type}`)} · ${formatTime(row.createdAt)}`,
        })}
      />
      {refunds.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button
            data-testid="refunds-load-more"
            loading={refunds.isFetchingNextPage}
            onClick={() => refunds.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
