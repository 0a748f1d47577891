import { Descriptions, type DescriptionsProps, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderDetail } from '../../api/orders.ts';
import { DeliveryStatusTag, KindTag, OrderStateTags } from '../../components/OrderTags.tsx';
import { formatTime, formatYuan } from '../../format.ts';

/** The order a refund is requested for: what, when, how much was paid and what is left to refund. */
export function RefundOrderSummary({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
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
          <Typography.Text code data-testid="refund-order-no">
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
        <Flex gap={4} wrap>
          <OrderStateTags order={order} caseBase="/buyer/refunds" />
          <DeliveryStatusTag status={order.deliveryStatus} always />
        </Flex>
      ),
    },
    {
      key: 'paid',
      label: t('orderDetail.paid'),
      children: (
        <Typography.Text strong data-testid="refund-order-paid">
          {formatYuan(order.paidFen)}
        </Typography.Text>
      ),
    },
    {
      key: 'refundable',
      label: t('orderDetail.refundable'),
      children: <span data-testid="refund-order-refundable">{formatYuan(order.refundableFen)}</span>,
    },
    { key: 'paidAt', label: t('orderDetail.paidAt'), children: formatTime(order.paidAt) },
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
      column={{ xs: 1, md: 2 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
      items={items}
    />
  );
}
