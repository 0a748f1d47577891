import { Card, Col, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { getOrder, type OrderDetail } from '../../api/orders.ts';
import { hasKeyStock } from '../../api/products.ts';
import { Loaded, useDetailQuery } from '../../components/Loaded.tsx';
import { DeliveryStatusTag, OrderStateTags } from '../../components/OrderTags.tsx';
import { CardKeysCard } from './CardKeysCard.tsx';
import { AttemptsCard, ShipmentCard, TimelineCard } from './DeliveryCards.tsx';
import { ExtractionsCard } from './ExtractionsCard.tsx';
import { OrderActions } from './OrderActions.tsx';
import { OrderFacts } from './OrderFacts.tsx';
import { OrderRefundsCard } from './OrderRefundsCard.tsx';

const caseBase = '/buyer/refunds';

function OrderView({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  // Keys exist only once paid and delivered; an order without any has nothing to show or log.
  const keyed = hasKeyStock(order.productKind) && order.cardKeys.length > 0;
  return (
    <Flex vertical gap={16}>
      <Card data-testid="order-detail">
        <Flex justify="space-between" align="center" gap={16} wrap>
          <Flex vertical gap={4}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('orderDetail.title')}
            </Typography.Title>
            <Flex gap={8} align="center" wrap>
              <Typography.Text code copyable data-testid="order-detail-no" style={{ fontSize: 15 }}>
                {order.orderNo}
              </Typography.Text>
              <OrderStateTags order={order} caseBase={caseBase} />
              <DeliveryStatusTag status={order.deliveryStatus} />
            </Flex>
          </Flex>
          <OrderActions order={order} />
        </Flex>
        <div style={{ marginTop: 16 }}>
          <OrderFacts order={order} />
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            {order.refunds.length > 0 && <OrderRefundsCard refunds={order.refunds} caseBase={caseBase} />}
            {keyed && <CardKeysCard orderNo={order.orderNo} cardKeys={order.cardKeys} />}
            {keyed && <ExtractionsCard extractions={order.extractions} cardKeys={order.cardKeys} />}
            {order.deliveryAttempts.length > 0 && <AttemptsCard attempts={order.deliveryAttempts} />}
            {order.shipment && <ShipmentCard shipment={order.shipment} />}
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <TimelineCard entries={order.timeline} caseBase={caseBase} />
        </Col>
      </Row>
    </Flex>
  );
}

export function OrderDetailPage() {
  const { t } = useTranslation();
  const { orderNo = '' } = useParams();
  const order = useDetailQuery(['order', orderNo], () => getOrder(orderNo));
  return (
    <Loaded
      query={order}
      name="order"
      notFound={t('orderDetail.notFound')}
      back={{ label: t('orderDetail.backToList'), to: '/buyer/orders', primary: true }}
    >
      {(data) => <OrderView order={data} />}
    </Loaded>
  );
}
