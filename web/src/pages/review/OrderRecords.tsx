import { Card, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CardKey, OrderDetail } from '../../api/orders.ts';
import { hasKeyStock } from '../../api/products.ts';
import { DeliveryStatusTag, OrderStateTags } from '../../components/OrderTags.tsx';
import { CardKeyState } from '../orders/CardKeyState.tsx';
import { AttemptsCard, ShipmentCard } from '../orders/DeliveryCards.tsx';
import { ExtractionsCard } from '../orders/ExtractionsCard.tsx';
import { OrderFacts } from '../orders/OrderFacts.tsx';

const agentCaseBase = '/agent/queue';

/** Each key of the order: the buyer's (extracted or not), locked by an open case, or refunded. */
function KeyStates({ cardKeys, caseBase }: { cardKeys: CardKey[]; caseBase: string }) {
  const { t } = useTranslation();
  return (
    <Card title={t('review.keys')} size="small" data-testid="review-keys">
      <Table<CardKey>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={cardKeys}
        columns={[
          {
            key: 'key',
            title: t('orderDetail.cardKey'),
            render: (_, key) => (
              <Typography.Text code delete={key.status === 'refunded'}>
                {key.masked}
              </Typography.Text>
            ),
          },
          {
            key: 'state',
            title: t('orders.status'),
            render: (_, key) => <CardKeyState cardKey={key} caseBase={caseBase} />,
          },
        ]}
      />
    </Card>
  );
}

/**
 * The order as the agent checks it: what was paid and delivered, every top-up attempt, each key's
 * state, every view or copy of a card key (time, IP, device; those after `submittedAt` marked) and the
 * shipment — the records a decision rests on.
 */
export function OrderRecords({
  order,
  submittedAt,
  caseBase = agentCaseBase,
}: {
  order: OrderDetail;
  submittedAt?: string;
  /** Where refund-case links open (the merchant's case pages on its own order view). */
  caseBase?: string;
}) {
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
          <OrderStateTags order={order} caseBase={caseBase} />
          <DeliveryStatusTag status={order.deliveryStatus} />
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <OrderFacts order={order} />
        {order.deliveryAttempts.length > 0 && <AttemptsCard attempts={order.deliveryAttempts} />}
        {hasKeyStock(order.productKind) && order.cardKeys.length > 0 && (
          <KeyStates cardKeys={order.cardKeys} caseBase={caseBase} />
        )}
        {hasKeyStock(order.productKind) && (
          <ExtractionsCard
            extractions={order.extractions}
            cardKeys={order.cardKeys}
            submittedAt={submittedAt}
          />
        )}
        {order.shipment && <ShipmentCard shipment={order.shipment} />}
      </Flex>
    </Card>
  );
}
