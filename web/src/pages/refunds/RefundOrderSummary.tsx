import { ConfigProvider, Descriptions, type DescriptionsProps, Flex, Grid, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderDetail } from '../../api/orders.ts';
import { DeliveryStatusTag, KindTag, OrderStateTags } from '../../components/OrderTags.tsx';
import { formatTime, formatYuan } from '../../format.ts';

/** Numbers, amounts and times break nowhere: a squeezed cell wrapped them one digit per line. */
const nowrap = { whiteSpace: 'nowrap' } as const;

/** A time may wrap between its date and its clock (a phone is 20 px short), never inside either. */
function DateTime({ iso }: { iso: string | null }) {
  const [date, clock] = formatTime(iso).split(' ');
  return (
    <>
      <span style={nowrap}>{date}</span> {clock && <span style={nowrap}>{clock}</span>}
    </>
  );
}

/** The order a refund is requested for: what, when, how much was paid and what is left to refund. */
export function RefundOrderSummary({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  // On a phone each label sits above its value: beside it (English labels are long) the value cell
  // was too narrow for a refund number.
  const phone = Grid.useBreakpoint().sm === false;
  const items: DescriptionsProps['items'] = [
    {
      key: 'product',
      label: t('orders.product'),
      span: 2,
      children: (
        <Flex gap={8} align="center" wrap>
          <span data-testid="refund-order-product">{order.productName}</span>
          <KindTag kind={order.productKind} />
          {order.quantity > 1 && <Typography.Text type="secondary">× {order.quantity}</Typography.Text>}
        </Flex>
      ),
    },
    {
      key: 'orderNo',
      label: t('orders.orderNo'),
      children: (
        <Flex gap={8} align="center" wrap>
          <Typography.Text code data-testid="refund-order-no" style={nowrap}>
            {order.orderNo}
          </Typography.Text>
          <Link to={`/buyer/orders/${encodeURIComponent(order.orderNo)}`}>{t('refundNew.viewOrder')}</Link>
        </Flex>
      ),
    },
    {
      key: 'status',
      label: t('orders.status'),
      children: (
        // A long tag (售后中 · R2612…, 部分退款 ¥19.50) wraps inside its cell instead of running past it.
        <ConfigProvider tag={{ style: { whiteSpace: 'normal', maxWidth: '100%' } }}>
          <Flex gap={4} wrap>
            <OrderStateTags order={order} caseBase="/buyer/refunds" />
            <DeliveryStatusTag status={order.deliveryStatus} always />
          </Flex>
        </ConfigProvider>
      ),
    },
    {
      key: 'paid',
      label: t('orderDetail.paid'),
      children: (
        <Typography.Text strong data-testid="refund-order-paid" style={nowrap}>
          {formatYuan(order.paidFen)}
        </Typography.Text>
      ),
    },
    {
      key: 'refundable',
      label: t('orderDetail.refundable'),
      children: (
        <span data-testid="refund-order-refundable" style={nowrap}>
          {formatYuan(order.refundableFen)}
        </span>
      ),
    },
    {
      key: 'paidAt',
      label: t('orderDetail.paidAt'),
      children: <DateTime iso={order.paidAt} />,
    },
    {
      key: 'channel',
      label: t('orderDetail.channel'),
      children: order.channel ? t(`channel.${order.channel}`) : '—',
    },
  ];
  return (
    <Descriptions
      data-testid="refund-order"
      bordered
      size="small"
      // Two pairs a row only where the card is wide: from xl on it shares the row with the quote
      // (about 500 px at 1280), too narrow for four cells.
      column={{ xs: 1, md: 2, xl: 1, xxl: 2 }}
      layout={phone ? 'vertical' : 'horizontal'}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={items}
    />
  );
}
