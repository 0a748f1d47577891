import { useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listLedgerAccounts, type TxnKind, txnKinds } from '../../api/ledger.ts';
import { formatYuan } from '../../format.ts';
import { accountParts } from './LedgerModel.ts';

const kindColors: Record<TxnKind, string> = {
  payment: 'blue',
  settlement: 'green',
  fee: 'gold',
  refund: 'orange',
  advance: 'volcano',
  recovery: 'purple',
  deposit: 'cyan',
  funding: 'geekblue',
  withdrawal: 'magenta',
  reversal: 'red',
  compensation: 'lime',
};

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
const isTxnKind = (kind: string): kind is TxnKind => isOneOf(txnKinds, kind);
const platformAccounts = ['escrow', 'guarantee', 'fee_income', 'funding', 'advances'] as const;
const channels = ['alipay', 'wechatpay'] as const;
const merchantAccounts = ['balance', 'deposit', 'receivable'] as const;

/** A transaction's kind in the reader's language; a kind this build does not know shows as it is. */
export function TxnKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={isTxnKind(kind) ? kindColors[kind] : 'default'} data-testid="txn-kind" data-kind={kind}>
      {isTxnKind(kind) ? t(`txnKind.${kind}`) : kind}
    </Tag>
  );
}

/** Whose each shop's and buyer's account is (星辰数码, 张小明 (buyer)), from the accounts list. */
function useHolders(): ReadonlyMap<string, string> {
  const accounts = useQuery({
    queryKey: ['ledger', 'accounts'],
    queryFn: listLedgerAccounts,
    staleTime: 60_000,
  });
  return useMemo(
    () =>
      new Map((accounts.data?.items ?? []).flatMap((a) => (a.holder ? [[a.path, a.holder] as const] : []))),
    [accounts.data],
  );
}

/** "托管", "星辰数码 · 保证金", "支付宝 · 清算": an account path in words (商户 #1 until names load). */
export function useAccountName(): (path: string) => string {
  const { t } = useTranslation();
  const holders = useHolders();
  return (path) => {
    const holder = holders.get(path);
    const parts = accountParts(path);
    switch (parts?.group) {
      case 'platform':
        return isOneOf(platformAccounts, parts.account) ? t(`ledger.platformAccount.${parts.account}`) : path;
      case 'channel':
        return isOneOf(channels, parts.channel)
          ? t('ledger.channelLabel', { channel: t(`channel.${parts.channel}`) })
          : path;
      case 'merchant':
        if (!isOneOf(merchantAccounts, parts.account)) return path;
        return holder
          ? t('ledger.holderLabel', { name: holder, account: t(`ledger.merchantAccount.${parts.account}`) })
          : t('ledger.merchantLabel', {
              id: parts.id,
              account: t(`ledger.merchantAccount.${parts.account}`),
            });
      case 'buyer':
        return holder ? t('ledger.buyerNamed', { name: holder }) : t('ledger.buyerLabel', { id: parts.id });
      case undefined:
        return path;
    }
  };
}

/** The account's name with its path underneath. */
export function AccountName({ path }: { path: string }) {
  const name = useAccountName();
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column' }}>
      <span data-testid="account-name">{name(path)}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
        {path}
      </Typography.Text>
    </span>
  );
}

/**
 * A signed amount: "+¥12.00" in green for money in, "-¥12.00" in red for money out. `owed` turns the
 * colours round for a debt (a merchant's receivable), where more is the bad news.
 */
export function SignedAmount({
  fen,
  owed = false,
  testId,
}: {
  fen: number;
  owed?: boolean;
  testId?: string;
}) {
  const good = owed ? fen < 0 : fen > 0;
  return (
    <Typography.Text
      type={fen === 0 ? undefined : good ? 'success' : 'danger'}
      data-testid={testId}
      data-fen={fen}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
    >
      {fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen)}
    </Typography.Text>
  );
}
