import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { type LedgerEntry, listLedgerEntries } from '../../api/ledger.ts';
import { useCursorPages } from '../../api/useCursorPages.ts';
import { formatBeijingTime, formatYuan } from '../../format.ts';
import { SignedAmount, TxnKindTag, useAccountName } from './LedgerParts.tsx';
import { LedgerTxnDrawer, useTxnParam } from './LedgerTxnDrawer.tsx';

/** One account: its balance and its postings, newest first, fifty at a time; a row opens its transaction. */
export function LedgerEntriesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const account = useParams().account ?? '';
  const accountName = useAccountName();
  const txn = useTxnParam();
  const { query: entries, rows } = useCursorPages(['ledger', 'entries', account], (cursor?: number) =>
    listLedgerEntries(account, cursor),
  );
  const balanceFen = entries.data?.pages[0]?.account.balanceFen;

  const columns: ColumnsType<LedgerEntry> = [
    {
      key: 'at',
      title: t('ledger.colTime'),
      render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatBeijingTime(row.at)}</span>,
    },
    {
      key: 'kind',
      title: t('ledger.colKind'),
      render: (_, row) => <TxnKindTag kind={row.kind} />,
    },
    {
      key: 'txn',
      title: t('ledger.colTxn'),
      render: (_, row) => <Typography.Link data-testid="entry-txn">#{row.txnId}</Typography.Link>,
    },
    {
      key: 'ref',
      title: t('ledger.colRef'),
      render: (_, row) => <Typography.Text code>{row.ref}</Typography.Text>,
    },
    // The money before the memo, and the memo cut to one line (whole in its tooltip): at 1280 px the
    // memo pushed the amount out of view.
    {
      key: 'amount',
      title: t('ledger.colAmount'),
      align: 'right',
      width: 110,
      render: (_, row) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <SignedAmount fen={row.amountFen} testId="entry-amount" />
        </span>
      ),
    },
    {
      key: 'memo',
      title: t('ledger.colMemo'),
      render: (_, row) => (
        <Typography.Text style={{ maxWidth: 280, display: 'inline-block' }} ellipsis={{ tooltip: row.memo }}>
          {row.memo}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Card
      data-testid="ledger-entries"
      data-account={account}
      title={
        <Flex gap={12} align="center">
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('ledger.backToBooks')}
            title={t('ledger.backToBooks')}
            data-testid="ledger-back"
            onClick={() => navigate('/admin/ledger')}
          />
          <span>{accountName(account)}</span>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={48} wrap>
          <Statistic
            title={t('ledger.balance')}
            loading={balanceFen === undefined && entries.isPending}
            valueRender={() => (
              <Typography.Text
                data-testid="entries-balance"
                type={balanceFen !== undefined && balanceFen < 0 ? 'danger' : undefined}
                style={{ fontSize: 'inherit' }}
              >
                {balanceFen === undefined ? '—' : formatYuan(balanceFen)}
              </Typography.Text>
            )}
          />
          <Statistic
            title={t('ledger.path')}
            valueRender={() => (
              <Typography.Text code style={{ fontSize: 18 }}>
                {account}
              </Typography.Text>
            )}
          />
        </Flex>
        {entries.isError && <Alert type="error" showIcon title={entries.error.message} />}
        <Table<LedgerEntry>
          data-testid="entries-table"
          size="middle"
          rowKey="postingId"
          columns={columns}
          dataSource={rows}
          loading={entries.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('ledger.noEntries')} /> }}
          onRow={(row) => ({ onClick: () => txn.open(row.txnId), style: { cursor: 'pointer' } })}
        />
        {entries.hasNextPage && (
          <Flex justify="center">
            <Button
              data-testid="entries-more"
              loading={entries.isFetchingNextPage}
              onClick={() => entries.fetchNextPage()}
            >
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Flex>
      <LedgerTxnDrawer txnId={txn.id} onOpen={txn.open} onClose={txn.close} />
    </Card>
  );
}
