import { Card, Empty, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { getOrder, type OrderDetail } from '../../api/orders.ts';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { Loaded, useDetailQuery } from '../../components/Loaded.tsx';
import { formatTime, formatYuan } from '../../format.ts';
import { OrderRecords } from '../review/OrderRecords.tsx';

type OrderRefund = OrderDetail['refunds'][number];

/** One order of the shop: what was paid and delivered, its records, and its refund cases. */
export function MerchantOrderPage() {
  const { t } = useTranslation();
  const { orderNo = '' } = useParams();
  const order = useDetailQuery(['order', orderNo], () => getOrder(orderNo));
  return (
    <Loaded
      query={order}
      name="order"
      notFound={t('merchantRecords.notFound')}
      back={{ label: t('merchantRecords.backToOrders'), to: '/merchant/orders' }}
    >
      {(o) => <MerchantOrderView o={o} />}
    </Loaded>
  );
}

function MerchantOrderView({ o }: { o: OrderDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Flex vertical gap={16} data-testid="merchant-order">
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('merchantRecords.orderPage')} <Typography.Text code>{o.orderNo}</Typography.Text>
      </Typography.Title>
      <Typography.Text type="secondary">{t('merchantRecords.masked')}</Typography.Text>
      <OrderRecords order={o} caseBase="/merchant/refunds" />
      <Card title={t('merchantRecords.refunds')} size="small" data-testid="merchant-order-refunds">
        <Table<OrderRefund>
          rowKey="refundNo"
          size="small"
          pagination={false}
          dataSource={o.refunds}
          locale={{ emptyText: <Empty description={t('merchantRecords.noRefunds')} /> }}
          onRow={(r) => ({
            onClick: () => navigate(`/merchant/refunds/${encodeURIComponent(r.refundNo)}`),
            style: { cursor: 'pointer' },
          })}
          columns={[
            {
              key: 'no',
              title: t('refundList.refundNo'),
              render: (_, r) => <Typography.Text code>{r.refundNo}</Typography.Text>,
            },
            { key: 'type', title: t('refundList.type'), render: (_, r) => t(`refundType.${r.type}`) },
            {
              key: 'amount',
              title: t('refundList.amount'),
              align: 'right',
              render: (_, r) => formatYuan(r.approvedFen ?? r.amountFen),
            },
            { key: 'state', title: t('refundList.state'), render: (_, r) => <CaseStateTag refund={r} /> },
            { key: 'at', title: t('refundList.createdAt'), render: (_, r) => formatTime(r.createdAt) },
          ]}
        />
      </Card>
    </Flex>
  );
}
