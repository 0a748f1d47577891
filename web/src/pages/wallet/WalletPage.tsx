import { InfoCircleOutlined, WalletOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Grid, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getMyWallet, type WalletEntry } from '../../api/wallet.ts';
import { formatTime, formatYuan } from '../../format.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** A movement in or out: + green, − red, with the sign written out. */
function Amount({ fen }: { fen: number }) {
  return (
    <Typography.Text
      type={fen > 0 ? 'success' : 'danger'}
      data-testid="wallet-amount"
      data-fen={fen}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
    >
      {fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen)}
    </Typography.Text>
  );
}

/**
 * 我的余额: the balance and its movements (the buyer's ledger account), and how the balance can be
 * used. Withdrawal is offered only when the policy allows it; today it does not, and the page says so
 * plainly instead of promising 申请提现.
 */
export function WalletPage() {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  const wallet = useInfiniteQuery({
    queryKey: ['myWallet'],
    queryFn: ({ pageParam }) => getMyWallet(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = wallet.data?.pages[0];
  const rows = wallet.data?.pages.flatMap((page) => page.items) ?? [];
  // A phone has room for two columns, not four: the time goes under the description and the balance
  // under the amount, so the money is on screen without scrolling sideways.
  const phone = Grid.useBreakpoint().md === false;

  const columns: ColumnsType<WalletEntry> = [
    {
      key: 'at',
      title: t('wallet.colAt'),
      width: 180,
      responsive: ['md'],
      render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(row.at)}</span>,
    },
    {
      key: 'memo',
      title: t('wallet.colMemo'),
      render: (_, row) => (
        <Flex vertical gap={2}>
          <span data-testid="wallet-memo">{en ? row.memoEn : row.memoZh}</span>
          {phone && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatTime(row.at)}
            </Typography.Text>
          )}
          <Flex gap={12} wrap>
            {row.refundNo && (
              <Link to={`/buyer/refunds/${encodeURIComponent(row.refundNo)}`}>{t('wallet.openRefund')}</Link>
            )}
            {row.orderNo && (
              <Link to={`/buyer/orders/${encodeURIComponent(row.orderNo)}`}>{t('wallet.openOrder')}</Link>
            )}
          </Flex>
        </Flex>
      ),
    },
    {
      key: 'amount',
      title: t('wallet.colAmount'),
      align: 'right',
      width: phone ? undefined : 140,
      render: (_, row) =>
        phone ? (
          <Flex vertical align="end" gap={2}>
            <Amount fen={row.amountFen} />
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {t('wallet.colAfter')} {formatYuan(row.balanceAfterFen)}
            </Typography.Text>
          </Flex>
        ) : (
          <Amount fen={row.amountFen} />
        ),
    },
    {
      key: 'after',
      title: t('wallet.colAfter'),
      align: 'right',
      width: 140,
      responsive: ['md'],
      render: (_, row) => (
        <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {formatYuan(row.balanceAfterFen)}
        </span>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card title={t('wallet.title')} data-testid="wallet-page">
        {wallet.isError && (
          <Alert type="error" showIcon title={wallet.error.message} style={{ marginBottom: 16 }} />
        )}
        <Flex gap={32} wrap align="flex-start" justify="space-between">
          <Statistic
            title={t('wallet.balance')}
            prefix={<WalletOutlined />}
            value={first ? formatYuan(first.balanceFen) : '—'}
            valueStyle={{ fontVariantNumeric: 'tabular-nums' }}
            data-testid="wallet-balance"
            data-fen={first?.balanceFen}
          />
          <Flex vertical gap={8} style={{ flex: '1 1 320px', maxWidth: 560 }}>
            <Alert
              type="info"
              showIcon
              data-testid="wallet-use"
              title={t('wallet.useTitle')}
              description={
                <Flex vertical gap={8} align="flex-start">
                  <span>{t('wallet.useBody')}</span>
                  <Link to="/buyer/shop">
                    <Button size="small" type="primary">
                      {t('wallet.goShop')}
                    </Button>
                  </Link>
                </Flex>
              }
            />
            {first && !first.withdrawal.allowed && (
              <Alert
                type="warning"
                showIcon
                icon={<InfoCircleOutlined />}
                data-testid="wallet-no-withdraw"
                title={t('wallet.noWithdrawTitle')}
                description={en ? first.withdrawal.reasonEn : first.withdrawal.reasonZh}
              />
            )}
          </Flex>
        </Flex>
      </Card>
      <Card title={t('wallet.entries')}>
        <Table<WalletEntry>
          data-testid="wallet-table"
          rowKey="postingId"
          columns={columns}
          dataSource={rows}
          loading={wallet.isPending}
          pagination={false}
          // On a phone the table fits the card and the description wraps; wider, nothing wraps.
          scroll={{ x: phone ? true : 'max-content' }}
          locale={{ emptyText: <Empty description={t('wallet.empty')} /> }}
        />
        {wallet.hasNextPage && (
          <Flex justify="center" style={{ marginTop: 16 }}>
            <Button loading={wallet.isFetchingNextPage} onClick={() => wallet.fetchNextPage()}>
              {t('wallet.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
