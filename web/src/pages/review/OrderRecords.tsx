import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../api/orders.ts';
import { hasKeyStock } from '../../api/products.ts';
import { DeliveryStatusTag, OrderStatusTag } from '../../components/OrderTags.tsx';
import { AttemptsCard, ShipmentCard } from '../orders/DeliveryCards.tsx';
import { ExtractionsCard } from '../orders/ExtractionsCard.tsx';
import { OrderFacts } from '../orders/OrderFacts.tsx';

/**
 * The order as the agent checks it: what was paid and delivered, every top-up attempt, every view or
 * copy of a card key (time, IP, device) and the shipment — the records a decision rests on.
 */
export function OrderRecords({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid="review-order"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('review.order')}</span>
          <Typography.Text code data-testid="review-order-no">
            {order.orderNo}
          </Typography.Text>
          <OrderStatusTag status={order.status} />
          <DeliveryStatusTag status={order.deliveryStatus} />
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <OrderFacts order={order} />
        {order.deliveryAttempts.length > 0 && <AttemptsCard attempts={order.deliveryAttempts} />}
        {hasKeyStock(order.productKind) && (
          <ExtractionsCard extractions={order.extractions} cardKeys={order.cardKeys} />
        )}
        {order.shipment && <ShipmentCard shipment={order.shipment} />}
      </Flex>
    </Card>
  );
}
