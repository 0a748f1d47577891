import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type FundsEntry, getMerchantFunds, type PendingSettlement } from '../../api/funds.ts';
import { formatBeijingTime, formatYuan } from '../../format.ts';
import { SignedAmount, TxnKindTag } from '../admin/LedgerParts.tsx';
import { FundsWithdrawModal } from './FundsWithdrawModal.tsx';

// Fifty rows of each at most: pages of ten keep the figures and both tables in view.
const tablePages = { pageSize: 10, hideOnSinglePage: true, showSizeChanger: false } as const;

/** One of the four figures on top: a title, the amount and a line saying what it means. */
function FundsCard({
  id,
  title,
  fen,
  hint,
  alert = false,
  action,
}: {
  id: string;
  title: string;
  fen: number | undefined;
  hint: ReactNode;
  alert?: boolean;
  action?: ReactNode;
}) {
  return (
    <Card
      size="small"
      data-testid={`funds-card-${id}`}
      data-alert={alert}
      style={{ height: '100%', ...(alert ? { borderColor: '#ffa39e', background: '#fff1f0' } : {}) }}
    >
      <Flex vertical gap={8} style={{ height: '100%' }}>
        <Statistic
          title={title}
          loading={fen === undefined}
          valueRender={() => (
            <Typography.Text
              data-testid={`funds-${id}`}
              data-fen={fen}
              type={alert ? 'danger' : undefined}
              style={{ fontSize: 'inherit', fontVariantNumeric: 'tabular-nums' }}
            >
              {fen === undefined ? '—' : formatYuan(fen)}
            </Typography.Text>
          )}
        />
        <Typography.Text
          type={alert ? 'danger' : 'secondary'}
          style={{ fontSize: 12 }}
          data-testid={`funds-${id}-hint`}
        >
          {hint}
        </Typography.Text>
        {action && <div style={{ marginTop: 'auto' }}>{action}</div>}
      </Flex>
    </Card>
  );
}

/** 资金: what the shop has, what is frozen until its orders settle, its deposit and what it owes. */
export function FundsPage() {
  const { t } = useTranslation();
  const [withdrawing, setWithdrawing] = useState(false);
  const funds = useQuery({ queryKey: ['merchantFunds'], queryFn: getMerchantFunds });
  const data = funds.data;
  const owing = (data?.receivableFen ?? 0) > 0;

  const pendingColumns: ColumnsType<PendingSettlement> = [
    {
      key: 'orderNo',
      title: t('funds.colOrderNo'),
      render: (_, row) => <Typography.Text code>{row.orderNo}</Typography.Text>,
    },
    { key: 'product', title: t('funds.colProduct'), render: (_, row) => row.productName },
    {
      key: 'escrow',
      title: t('funds.colEscrow'),
      align: 'right',
      render: (_, row) => <span data-testid="pending-escrow">{formatYuan(row.escrowFen)}</span>,
    },
    {
      key: 'completedAt',
      title: t('funds.colCompletedAt'),
      render: (_, row) => formatBeijingTime(row.completedAt),
    },
    {
      key: 'settlesAt',
      title: t('funds.colSettlesAt'),
      render: (_, row) =>
        row.openRefundNo ? (
          <Tag color="orange" data-testid="pending-held">
            {t('funds.heldByRefund', { refundNo: row.openRefundNo })}
          </Tag>
        ) : row.settlesAt ? (
          formatBeijingTime(row.settlesAt)
        ) : (
          <Typography.Text type="secondary">{t('funds.notCompleted')}</Typography.Text>
        ),
    },
  ];
  const entryColumns: ColumnsType<FundsEntry> = [
    {
      key: 'at',
      title: t('funds.colTime'),
      render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatBeijingTime(row.at)}</span>,
    },
    { key: 'kind', title: t('funds.colKind'), render: (_, row) => <TxnKindTag kind={row.kind} /> },
    {
      key: 'account',
      title: t('funds.colAccount'),
      render: (_, row) => (
        <Tag variant="outlined" data-testid="entry-account" data-account={row.account}>
          {t(`funds.account.${row.account}`)}
        </Tag>
      ),
    },
    {
      key: 'ref',
      title: t('funds.colRef'),
      // An order's entries link to the order (its records and cases); other references are shown as they are.
      render: (_, row) => {
        const orderNo = /^order:(\d+)$/.exec(row.ref)?.[1];
        if (!orderNo) return <Typography.Text code>{row.ref}</Typography.Text>;
        return (
          <Link to={`/merchant/orders/${orderNo}`} data-testid="funds-entry-order">
            {/* In the link's colour, so it reads as one. */}
            <Typography.Text code style={{ color: 'inherit' }}>
              {row.ref}
            </Typography.Text>
          </Link>
        );
      },
    },
    {
      key: 'amount',
      title: t('funds.colAmount'),
      align: 'right',
      render: (_, row) => (
        <SignedAmount fen={row.amountFen} owed={row.account === 'receivable'} testId="funds-entry-amount" />
      ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="merchant-funds">
      {funds.isError && <Alert type="error" showIcon title={funds.error.message} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={6}>
          <FundsCard
            id="balance"
            title={t('funds.balance')}
            fen={data?.balanceFen}
            hint={t('funds.balanceHint')}
            action={
              <Button
                type="primary"
                size="small"
                data-testid="funds-withdraw"
                disabled={!data || data.balanceFen <= 0}
                onClick={() => setWithdrawing(true)}
              >
                {t('funds.withdraw')}
              </Button>
            }
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <FundsCard
            id="frozen"
            title={t('funds.frozen')}
            fen={data?.frozenFen}
            hint={data ? t('funds.frozenHint', { days: data.freezeDays }) : ''}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <FundsCard
            id="deposit"
            title={t('funds.deposit')}
            fen={data?.depositFen}
            hint={t('funds.depositHint')}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <FundsCard
            id="receivable"
            title={t('funds.receivable')}
            fen={data?.receivableFen}
            alert={owing}
            hint={owing ? t('funds.receivableHint') : t('funds.receivableNone')}
          />
        </Col>
      </Row>
      <Card
        title={t('funds.pending')}
        extra={
          data && (
            <Typography.Text type="secondary">
              {t('funds.pendingTotal', { amount: formatYuan(data.frozenFen) })}
            </Typography.Text>
          )
        }
      >
        <Table<PendingSettlement>
          data-testid="funds-pending"
          size="middle"
          rowKey="orderNo"
          columns={pendingColumns}
          dataSource={data?.pending}
          loading={funds.isPending}
          pagination={tablePages}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('funds.pendingEmpty')} /> }}
        />
      </Card>
      <Card
        title={t('funds.entries')}
        extra={<Typography.Text type="secondary">{t('funds.entriesHint')}</Typography.Text>}
      >
        <Table<FundsEntry>
          data-testid="funds-entries"
          size="middle"
          rowKey={(row) => `${row.txnId}:${row.account}`}
          columns={entryColumns}
          dataSource={data?.entries}
          loading={funds.isPending}
          pagination={tablePages}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('funds.entriesEmpty')} /> }}
        />
      </Card>
      {withdrawing && data && (
        <FundsWithdrawModal
          balanceFen={data.balanceFen}
          receivableFen={data.receivableFen}
          onClose={() => setWithdrawing(false)}
        />
      )}
    </Flex>
  );
}
