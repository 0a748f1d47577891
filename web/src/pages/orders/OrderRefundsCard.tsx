import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderRefund } from '../../api/orders.ts';
import { CaseAmount } from '../../components/CaseAmount.tsx';
import { CaseStateTag } from '../../components/CaseStateTag.tsx';
import { formatTime } from '../../format.ts';

/** 退款记录: the refund cases on the order, newest first, each linking to its case. */
export function OrderRefundsCard({ refunds, caseBase }: { refunds: OrderRefund[]; caseBase: string }) {
  const { t } = useTranslation();
  return (
    <Card title={t('orderRefund.records')} size="small" data-testid="order-refunds">
      <Table<OrderRefund>
        rowKey="refundNo"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={refunds}
        columns={[
          {
            key: 'refundNo',
            title: t('orderRefund.refundNo'),
            render: (_, row) => (
              <Link to={`${caseBase}/${encodeURIComponent(row.refundNo)}`} data-testid="order-refund-link">
                <Typography.Text code>{row.refundNo}</Typography.Text>
              </Link>
            ),
          },
          { key: 'type', title: t('orderRefund.type'), render: (_, row) => t(`refundType.${row.type}`) },
          {
            key: 'amount',
            title: t('orderRefund.amount'),
            align: 'right',
            render: (_, row) => <CaseAmount refund={row} testId="order-refund-amount" />,
          },
          { key: 'state', title: t('orderRefund.state'), render: (_, row) => <CaseStateTag refund={row} /> },
          {
            key: 'createdAt',
            title: t('orderRefund.createdAt'),
            render: (_, row) => formatTime(row.createdAt),
          },
        ]}
      />
    </Card>
  );
}
