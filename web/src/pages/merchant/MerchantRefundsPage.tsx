import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Grid, Segmented, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  listAwaitingAnswer,
  listMerchantRefunds,
  type MerchantCaseSummary,
  merchantRefundsCsvHref,
} from '../../api/merchantRefunds.ts';
import { useCursorPages } from '../../api/useCursorPages.ts';
import { CaseAmount } from '../../components/CaseAmount.tsx';
import { CaseNoCell, useUnreadMessages } from '../../components/CaseConversation.tsx';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { CardsOrTable } from '../../components/ListCards.tsx';
import { ListSearch, useListSearch } from '../../components/ListSearch.tsx';
import { CaseProductCell } from '../../components/OrderTags.tsx';
import { formatBeijingTime, formatTime } from '../../format.ts';
import { type RefundGroup, refundGroups, useRefundGroup } from '../refunds/useRefundGroup.ts';

export const merchantCasePath = (refundNo: string) => `/merchant/refunds/${encodeURIComponent(refundNo)}`;

const groupLabels = {
  all: 'refundList.groupAll',
  active: 'refundList.groupActive',
  refunded: 'refundList.groupRefunded',
  rejected: 'refundList.groupRejected',
  withdrawn: 'refundList.groupWithdrawn',
} as const satisfies Record<RefundGroup, string>;

/**
 * The merchant's answer, or until when it may still give one; either wraps within 130 px (on one line
 * it pushed the column out of view at 1280 px).
 */
function Response({ row, quiet = false }: { row: MerchantCaseSummary; quiet?: boolean }) {
  const { t } = useTranslation();
  if (row.merchantResponse)
    return (
      <Tag
        color={row.merchantResponse === 'objected' ? 'magenta' : 'default'}
        data-testid="merchant-response"
        style={{ whiteSpace: 'normal', maxWidth: 130 }}
      >
        {t(`caseStatus.merchant.${row.merchantResponse}`)}
      </Tag>
    );
  if (row.merchantDeadline && row.state === 'submitted')
    return (
      <Typography.Text
        type="warning"
        data-testid="merchant-deadline"
        style={{ display: 'inline-block', maxWidth: 130 }}
      >
        {t('merchantCase.respondBy', { deadline: formatBeijingTime(row.merchantDeadline) })}
      </Typography.Text>
    );
  // A table cell says "nothing" with a dash; a card says nothing.
  return quiet ? null : <Typography.Text type="secondary">—</Typography.Text>;
}

/**
 * 待您答复: the cases still waiting for the shop's answer, the earliest deadline first, above the full
 * list (which is newest first): what needs doing today is not at the bottom of page three.
 */
function AwaitingAnswer() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const awaiting = useQuery({ queryKey: ['merchantRefunds', 'awaiting'], queryFn: listAwaitingAnswer });
  const items = awaiting.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="merchant-awaiting"
      data-count={items.length}
      style={{ marginBottom: 16 }}
      title={t('merchantCase.awaitingTitle', {
        count: items.length,
        deadline: formatBeijingTime(items[0]!.merchantDeadline),
      })}
      description={
        <Flex vertical gap={4}>
          {items.slice(0, 12).map((row) => (
            <Typography.Link
              key={row.refundNo}
              data-testid="merchant-awaiting-case"
              onClick={() => navigate(merchantCasePath(row.refundNo))}
              style={{ wordBreak: 'break-word' }}
            >
              {row.refundNo} · {row.productName} ·{' '}
              {t('merchantCase.respondBy', { deadline: formatBeijingTime(row.merchantDeadline) })}
            </Typography.Link>
          ))}
        </Flex>
      }
    />
  );
}

/** 售后处理: refund cases on the shop's orders, with the time left to agree or object. */
export function MerchantRefundsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { group, serverStatus, setGroup } = useRefundGroup();
  const [q, setQ] = useListSearch();
  const { query: refunds, rows } = useCursorPages(
    ['merchantRefunds', serverStatus ?? null, q],
    (cursor?: string) => listMerchantRefunds(serverStatus, cursor, q),
  );
  const unread = useUnreadMessages();
  // On a phone, cards: the status and the answer deadline were off-screen to the right of the table.
  const phone = Grid.useBreakpoint().md === false;
  const columns: ColumnsType<MerchantCaseSummary> = [
    {
      key: 'refundNo',
      title: t('refundList.refundNo'),
      // The request time under the number, not a column of its own: seven columns did not fit at 1280 px.
      render: (_, row) => <CaseNoCell row={row} unread={unread} />,
    },
    { key: 'orderNo', title: t('orders.orderNo'), render: (_, row) => row.orderNo },
    {
      key: 'product',
      title: t('queue.case'),
      render: (_, row) => (
        <div style={{ maxWidth: 200 }}>
          <CaseProductCell row={row} />
        </div>
      ),
    },
    {
      key: 'amount',
      title: t('refundList.amount'),
      align: 'right',
      render: (_, row) => <CaseAmount refund={row} />,
    },
    { key: 'state', title: t('refundList.state'), render: (_, row) => <CaseStateTag refund={row} /> },
    { key: 'response', title: t('merchantCase.response'), render: (_, row) => <Response row={row} /> },
  ];

  return (
    <Card title={t('menu.merchantRefunds')} data-testid="merchant-refunds">
      <AwaitingAnswer />
      <ListSearch
        testId="merchant-refunds"
        value={q}
        onSearch={setQ}
        placeholder={t('listSearch.merchantPlaceholder')}
        exportHref={merchantRefundsCsvHref(serverStatus, q)}
      />
      <Segmented<RefundGroup>
        value={group}
        onChange={setGroup}
        options={refundGroups.map(({ group: value }) => ({
          value,
          label: <span data-testid={`refund-group-${value}`}>{t(groupLabels[value])}</span>,
        }))}
        style={{ marginBottom: 16 }}
      />
      {refunds.isError && (
        <Alert type="error" showIcon title={refunds.error.message} style={{ marginBottom: 16 }} />
      )}
      <CardsOrTable<MerchantCaseSummary>
        phone={phone}
        rows={rows}
        rowKey="refundNo"
        testId="refund-table"
        cardsTestId="merchant-refund-cards"
        columns={columns}
        loading={refunds.isPending}
        empty={<Empty description={t('merchantCase.empty')} />}
        onOpen={(row) => navigate(merchantCasePath(row.refundNo))}
        toCard={(row) => ({
          title: row.productName,
          number: row.refundNo,
          amount: <CaseAmount refund={row} />,
          status: (
            <>
              <CaseStateTag refund={row} />
              <Response row={row} quiet />
            </>
          ),
          extra: `${t(`refundType.${row.type}`)} · ${formatTime(row.createdAt)}`,
        })}
      />
      {refunds.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button loading={refunds.isFetchingNextPage} onClick={() => refunds.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
