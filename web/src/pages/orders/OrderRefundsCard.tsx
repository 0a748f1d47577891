import { Card, Flex, Grid, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderRefund } from '../../api/orders.ts';
import { CaseAmount } from '../../components/CaseAmount.tsx';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { formatTime } from '../../format.ts';

/** 退款记录: the refund cases on the order, newest first, each linking to its case. */
export function OrderRefundsCard({ refunds, caseBase }: { refunds: OrderRefund[]; caseBase: string }) {
  const { t } = useTranslation();
  // On a phone: two columns — the number with the type and time under it, the amount with the state
  // under it — instead of five that hide the state behind a sideways scroll.
  const phone = Grid.useBreakpoint().md === false;
  return (
    <Card title={t('orderRefund.records')} size="small" data-testid="order-refunds">
      <Table<OrderRefund>
        rowKey="refundNo"
        size="small"
        pagination={false}
        scroll={{ x: phone ? true : 'max-content' }}
        dataSource={refunds}
        columns={[
          {
            key: 'refundNo',
            title: t('orderRefund.refundNo'),
            render: (_, row) => {
              const link = (
                <Link to={`${caseBase}/${encodeURIComponent(row.refundNo)}`} data-testid="order-refund-link">
                  <Typography.Text code>{row.refundNo}</Typography.Text>
                </Link>
              );
              if (!phone) return link;
              return (
                <Flex vertical gap={2} align="flex-start">
                  {link}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`refundType.${row.type}`)} · {formatTime(row.createdAt)}
                  </Typography.Text>
                </Flex>
              );
            },
          },
          {
            key: 'type',
            title: t('orderRefund.type'),
            responsive: ['md'],
            render: (_, row) => t(`refundType.${row.type}`),
          },
          {
            key: 'amount',
            title: t('orderRefund.amount'),
            align: 'right',
            render: (_, row) =>
              phone ? (
                <Flex vertical gap={4} align="end" style={{ whiteSpace: 'nowrap' }}>
                  <CaseAmount refund={row} testId="order-refund-amount" />
                  <CaseStateTag refund={row} />
                </Flex>
              ) : (
                <CaseAmount refund={row} testId="order-refund-amount" />
              ),
          },
          {
            key: 'state',
            title: t('orderRefund.state'),
            responsive: ['md'],
            render: (_, row) => <CaseStateTag refund={row} />,
          },
          {
            key: 'createdAt',
            title: t('orderRefund.createdAt'),
            responsive: ['md'],
            render: (_, row) => formatTime(row.createdAt),
          },
        ]}
      />
    </Card>
  );
}
