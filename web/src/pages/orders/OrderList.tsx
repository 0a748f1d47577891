import { Alert, Button, Card, Empty, Flex, Grid, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listOrders, type OrderSummary } from '../../api/orders.ts';
import { useCursorPages } from '../../api/useCursorPages.ts';
import { CardsOrTable } from '../../components/ListCards.tsx';
import { DeliveryStatusTag, KindTag, OrderStateTags } from '../../components/OrderTags.tsx';
import { formatTime, formatYuan } from '../../format.ts';
import { OrderFilters } from './OrderFilters.tsx';
import { useOrderFilter } from './useOrderFilter.ts';

interface Props {
  title: string;
  /** Adds the buyer column (the merchant's view). */
  showBuyer?: boolean;
  /** Where refund cases open (/buyer/refunds, /merchant/refunds): the 售后中 tag links there. */
  caseBase: string;
  /** Row click opens the order. */
  onOpen?: (order: OrderSummary) => void;
  /** Adds an actions column. */
  renderActions?: (order: OrderSummary) => ReactNode;
}

/** Orders of the signed-in user (buyer: own; merchant: the shop's), filtered by the URL. */
export function OrderList({ title, showBuyer = false, caseBase, onOpen, renderActions }: Props) {
  const { t } = useTranslation();
  const filters = useOrderFilter();
  const { filter } = filters;
  const { query: orders, rows } = useCursorPages(['orders', filter], (cursor?: string) =>
    listOrders(filter, cursor),
  );

  const columns: ColumnsType<OrderSummary> = [
    {
      key: 'orderNo',
      title: t('orders.orderNo'),
      render: (_, order) => (
        <Typography.Text code data-testid="order-no">
          {order.orderNo}
        </Typography.Text>
      ),
    },
    {
      key: 'product',
      title: t('orders.product'),
      render: (_, order) => (
        <Flex gap={8} align="center" wrap>
          <span data-testid="order-product">{order.productName}</span>
          <KindTag kind={order.productKind} />
          {order.quantity > 1 && <Typography.Text type="secondary">× {order.quantity}</Typography.Text>}
        </Flex>
      ),
    },
    ...(showBuyer
      ? [
          {
            key: 'buyer',
            title: t('orders.buyer'),
            dataIndex: 'buyerName',
          } satisfies ColumnsType<OrderSummary>[number],
        ]
      : []),
    {
      key: 'amount',
      title: t('orders.amount'),
      align: 'right',
      render: (_, order) => formatYuan(order.amountFen),
    },
    {
      key: 'status',
      title: t('orders.status'),
      render: (_, order) => (
        <Flex gap={4} wrap>
          <OrderStateTags order={order} caseBase={caseBase} compact />
          <DeliveryStatusTag status={order.deliveryStatus} />
        </Flex>
      ),
    },
    { key: 'createdAt', title: t('orders.createdAt'), render: (_, order) => formatTime(order.createdAt) },
    ...(renderActions
      ? [
          {
            key: 'actions',
            title: t('orders.actions'),
            render: (_: unknown, order: OrderSummary) => renderActions(order),
          },
        ]
      : []),
  ];

  // A phone (the buyer's list only: a merchant works at a desk) gets cards, not a sideways table.
  const phone = Grid.useBreakpoint().md === false && !showBuyer;

  return (
    <Card title={title}>
      <OrderFilters {...filters} />
      {orders.isError && (
        <Alert type="error" showIcon title={orders.error.message} style={{ marginBottom: 16 }} />
      )}
      <CardsOrTable<OrderSummary>
        phone={phone}
        rows={rows}
        rowKey="orderNo"
        testId="order-table"
        cardsTestId="order-cards"
        columns={columns}
        loading={orders.isPending}
        empty={<Empty data-testid="orders-empty" description={t('orders.empty')} />}
        onOpen={onOpen}
        toCard={(order) => ({
          title: (
            <>
              {order.productName}
              {order.quantity > 1 && ` × ${order.quantity}`}
            </>
          ),
          number: order.orderNo,
          amount: formatYuan(order.amountFen),
          status: (
            <>
              <OrderStateTags order={order} caseBase={caseBase} compact />
              <DeliveryStatusTag status={order.deliveryStatus} />
            </>
          ),
          extra: formatTime(order.createdAt),
        })}
      />
      {orders.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button
            data-testid="orders-load-more"
            loading={orders.isFetchingNextPage}
            onClick={() => orders.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
