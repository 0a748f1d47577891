import { Descriptions, type DescriptionsProps, Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../api/orders.ts';
import { DeliveryStatusTag, KindTag } from '../../components/OrderTags.tsx';
import { formatTime, formatYuan } from '../../format.ts';

function TopupArrival({ arrived, ordered }: { arrived: number; ordered: number }) {
  const percent = ordered > 0 ? Math.floor((arrived * 100) / ordered) : 0;
  return (
    <Flex align="center" gap={8} data-testid="topup-arrival" style={{ maxWidth: 320 }}>
      <Progress
        percent={percent}
        status={arrived < ordered ? 'exception' : 'success'}
        format={() => `${arrived}/${ordered}`}
      />
    </Flex>
  );
}

export function OrderFacts({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const time = (key: string, label: string, value: string | null) =>
    value ? [{ key, label, children: formatTime(value) }] : [];

  const items: DescriptionsProps['items'] = [
    {
      key: 'product',
      label: t('orders.product'),
      span: 2,
      children: (
        <Flex gap={8} align="center" wrap>
          <span data-testid="detail-product">{order.productName}</span>
          <KindTag kind={order.productKind} />
        </Flex>
      ),
    },
    { key: 'merchant', label: t('orderDetail.merchant'), children: order.merchantName },
    { key: 'quantity', label: t('orderDetail.quantity'), children: order.quantity },
    { key: 'unitPrice', label: t('orderDetail.unitPrice'), children: formatYuan(order.unitPriceFen) },
    { key: 'amount', label: t('orderDetail.amount'), children: formatYuan(order.amountFen) },
    {
      key: 'paid',
      label: t('orderDetail.paid'),
      children: (
        <Typography.Text strong data-testid="detail-paid">
          {formatYuan(order.paidFen)}
        </Typography.Text>
      ),
    },
    {
      key: 'refundable',
      label: t('orderDetail.refundable'),
      children: <span data-testid="detail-refundable">{formatYuan(order.refundableFen)}</span>,
    },
    ...(order.refundedFen > 0
      ? [
          {
            key: 'refunded',
            label: t('orderDetail.refunded'),
            children: <span data-testid="detail-refunded">{formatYuan(order.refundedFen)}</span>,
          },
        ]
      : []),
    ...(order.feesKeptFen > 0
      ? [
          {
            key: 'feesKept',
            label: t('orderRefund.feesKept'),
            children: <span data-testid="detail-fees-kept">{formatYuan(order.feesKeptFen)}</span>,
          },
        ]
      : []),
    {
      key: 'channel',
      label: t('orderDetail.channel'),
      children: order.channel ? t(`channel.${order.channel}`) : '—',
    },
    {
      key: 'tradeNo',
      label: t('orderDetail.tradeNo'),
      children: order.channelTradeNo ? (
        <Typography.Text copyable>{order.channelTradeNo}</Typography.Text>
      ) : (
        '—'
      ),
    },
    {
      key: 'delivery',
      label: t('orderDetail.deliveryStatus'),
      children: <DeliveryStatusTag status={order.deliveryStatus} always />,
    },
    ...(order.orderedUnits !== null && order.arrivedUnits !== null
      ? [
          {
            key: 'arrival',
            label: t('orderDetail.arrival'),
            children: <TopupArrival arrived={order.arrivedUnits} ordered={order.orderedUnits} />,
          },
        ]
      : []),
    ...(order.topupAccount
      ? [{ key: 'topupAccount', label: t('orderDetail.topupAccount'), children: order.topupAccount }]
      : []),
    ...(order.shippingAddress
      ? [
          {
            key: 'shippingAddress',
            label: t('orderDetail.shippingAddress'),
            span: 2,
            children: order.shippingAddress,
          },
        ]
      : []),
    ...time('createdAt', t('orderDetail.createdAt'), order.createdAt),
    ...(order.status === 'pending_payment'
      ? time('expiresAt', t('orderDetail.expiresAt'), order.expiresAt)
      : []),
    ...time('paidAt', t('orderDetail.paidAt'), order.paidAt),
    ...time('deliveredAt', t('orderDetail.deliveredAt'), order.deliveredAt),
    ...time('completedAt', t('orderDetail.completedAt'), order.completedAt),
    ...time('cancelledAt', t('orderDetail.cancelledAt'), order.cancelledAt),
  ];

  return (
    <Descriptions data-testid="order-facts" bordered size="small" column={{ xs: 1, md: 2 }} items={items} />
  );
}
