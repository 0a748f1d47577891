import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Flex, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { type LedgerAccount, listLedgerAccounts } from '../../api/ledger.ts';
import { formatYuan } from '../../format.ts';
import { LedgerManualEntry } from './LedgerManualEntry.tsx';
import {
  type AccountGroup,
  accountGroup,
  accountGroups,
  compareAccountPaths,
  sumFen,
} from './LedgerModel.ts';
import { AccountName, useAccountName } from './LedgerParts.tsx';
import { LedgerTxnDrawer, useTxnParam } from './LedgerTxnDrawer.tsx';

export const ledgerAccountPath = (path: string) => `/admin/ledger/${encodeURIComponent(path)}`;

/** 借贷平衡 when every balance sums to zero; otherwise by how much the books are off. */
function BalanceBanner({ totalFen }: { totalFen: number }) {
  const { t } = useTranslation();
  const balanced = totalFen === 0;
  return (
    <Alert
      type={balanced ? 'success' : 'error'}
      showIcon
      data-testid="ledger-balance"
      data-balanced={balanced}
      data-total-fen={totalFen}
      title={
        <Flex gap={8} align="center" wrap>
          <Tag color={balanced ? 'success' : 'error'} variant="outlined" data-testid="ledger-balance-tag">
            {balanced ? t('ledger.balanced') : t('ledger.unbalanced')}
          </Tag>
          <span>
            {t(balanced ? 'ledger.balancedHint' : 'ledger.unbalancedHint', { amount: formatYuan(totalFen) })}
          </span>
        </Flex>
      }
    />
  );
}

function AccountGroupCard({ group, accounts }: { group: AccountGroup; accounts: LedgerAccount[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const columns: ColumnsType<LedgerAccount> = [
    { key: 'account', title: t('ledger.colAccount'), render: (_, row) => <AccountName path={row.path} /> },
    {
      key: 'negative',
      width: 120,
      render: (_, row) => row.mayGoNegative && <Tag>{t('ledger.mayGoNegative')}</Tag>,
    },
    {
      key: 'balance',
      title: t('ledger.colBalance'),
      align: 'right',
      width: 200,
      render: (_, row) => (
        <Typography.Text
          data-testid="account-balance"
          type={row.balanceFen < 0 ? 'danger' : undefined}
          style={{ fontVariantNumeric: 'tabular-nums' }}
        >
          {formatYuan(row.balanceFen)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`ledger-group-${group}`}
      title={t(`ledger.group.${group}`)}
      extra={
        <Typography.Text type="secondary">
          {t('ledger.groupTotal', {
            count: accounts.length,
            amount: formatYuan(sumFen(accounts.map((a) => a.balanceFen))),
          })}
        </Typography.Text>
      }
    >
      <Table<LedgerAccount>
        size="small"
        rowKey="path"
        columns={columns}
        dataSource={accounts}
        pagination={accounts.length > 20 ? { pageSize: 20, hideOnSinglePage: true } : false}
        showHeader={false}
        onRow={(row) => ({
          onClick: () => navigate(ledgerAccountPath(row.path)),
          style: { cursor: 'pointer' },
        })}
      />
    </Card>
  );
}

/** 账本: whether the books balance, every account by group with its balance, and manual entries. */
export function LedgerAccountsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = params.get('q') ?? '';
  const accountName = useAccountName();
  const txn = useTxnParam();
  const accounts = useQuery({ queryKey: ['ledger', 'accounts'], queryFn: listLedgerAccounts });

  const needle = filter.trim().toLowerCase();
  const shown = (accounts.data?.items ?? []).filter(
    (a) =>
      !needle || a.path.toLowerCase().includes(needle) || accountName(a.path).toLowerCase().includes(needle),
  );
  const groups = accountGroups
    .map((group) => ({
      group,
      items: shown
        .filter((a) => accountGroup(a.path) === group)
        .sort((a, b) => compareAccountPaths(a.path, b.path)),
    }))
    .filter(({ items }) => items.length > 0);

  return (
    <Card
      title={t('menu.adminLedger')}
      data-testid="ledger-accounts"
      extra={<LedgerManualEntry accounts={accounts.data?.items ?? []} onPosted={txn.open} />}
    >
      <Flex vertical gap={16}>
        {accounts.isError && <Alert type="error" showIcon title={accounts.error.message} />}
        {accounts.data && <BalanceBanner totalFen={accounts.data.totalFen} />}
        <Input
          data-testid="ledger-filter"
          allowClear
          placeholder={t('ledger.filter')}
          value={filter}
          onChange={(event) =>
            setParams(
              (current) => {
                if (event.target.value) current.set('q', event.target.value);
                else current.delete('q');
                return current;
              },
              { replace: true },
            )
          }
          style={{ maxWidth: 360 }}
        />
        {accounts.isPending && <Table loading columns={[]} dataSource={[]} pagination={false} />}
        {accounts.data && groups.length === 0 && <Empty description={t('ledger.noAccounts')} />}
        {groups.map(({ group, items }) => (
          <AccountGroupCard key={group} group={group} accounts={items} />
        ))}
      </Flex>
      <LedgerTxnDrawer txnId={txn.id} onOpen={txn.open} onClose={txn.close} />
    </Card>
  );
}
