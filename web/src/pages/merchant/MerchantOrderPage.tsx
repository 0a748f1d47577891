import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Result, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { getOrder, type OrderDetail } from '../../api/orders.ts';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { formatTime, formatYuan } from '../../format.ts';
import { OrderRecords } from '../review/OrderRecords.tsx';

type OrderRefund = OrderDetail['refunds'][number];

/** One order of the shop: what was paid and delivered, its records, and its refund cases. */
export function MerchantOrderPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { orderNo = '' } = useParams();
  const order = useQuery({
    queryKey: ['order', orderNo],
    queryFn: () => getOrder(orderNo),
    retry: (failures, error) => !(error instanceof ApiError && error.status === 404) && failures < 2,
  });
  if (order.isPending)
    return (
      <Flex justify="center" style={{ padding: 96 }}>
        <Spin size="large" />
      </Flex>
    );
  if (order.isError)
    return order.error instanceof ApiError && order.error.status === 404 ? (
      <Result
        status="404"
        title="404"
        subTitle={t('merchantRecords.notFound')}
        data-testid="order-not-found"
        extra={
          <Button onClick={() => navigate('/merchant/orders')}>{t('merchantRecords.backToOrders')}</Button>
        }
      />
    ) : (
      <Alert type="error" showIcon title={order.error.message} />
    );
  const o = order.data;
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
