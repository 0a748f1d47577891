import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Flex, Popconfirm, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { getLedgerTxn, type LedgerTxn, type Posting } from '../../api/ledger.ts';
import { formatBeijingTime, formatYuan } from '../../format.ts';
import { sumFen } from './LedgerModel.ts';
import { AccountName, SignedAmount, TxnKindTag } from './LedgerParts.tsx';
import { LedgerReverseModal } from './LedgerReverseModal.tsx';

/** The transaction shown in the drawer lives in `?txn=`, so it survives a reload and can be linked. */
export function useTxnParam(): { id: number | null; open: (id: number) => void; close: () => void } {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('txn'));
  const set = (id: number | null) =>
    setParams((current) => {
      if (id === null) current.delete('txn');
      else current.set('txn', String(id));
      return current;
    });
  return {
    id: Number.isSafeInteger(raw) && raw > 0 ? raw : null,
    open: (id) => set(id),
    close: () => set(null),
  };
}

function TxnDetail({ txn, onOpen }: { txn: LedgerTxn; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const [reversing, setReversing] = useState(false);
  const total = sumFen(txn.postings.map((p) => p.amountFen));
  return (
    <Flex vertical gap={16} data-testid="txn-detail" data-txn-id={txn.id}>
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'kind', label: t('ledger.txnKind'), children: <TxnKindTag kind={txn.kind} /> },
          {
            key: 'ref',
            label: t('ledger.txnRef'),
            children: <Typography.Text code>{txn.ref}</Typography.Text>,
          },
          {
            key: 'memo',
            label: t('ledger.txnMemo'),
            children: <span data-testid="txn-memo">{txn.memo}</span>,
          },
          { key: 'at', label: t('ledger.txnAt'), children: formatBeijingTime(txn.at) },
          ...(txn.reversesId
            ? [
                {
                  key: 'reverses',
                  label: t('ledger.txnReverses'),
                  children: (
                    <Typography.Link data-testid="txn-reverses" onClick={() => onOpen(txn.reversesId!)}>
                      {t('ledger.txnTitle', { id: txn.reversesId })}
                    </Typography.Link>
                  ),
                },
              ]
            : []),
          ...(txn.reversedById
            ? [
                {
                  key: 'reversedBy',
                  label: t('ledger.txnReversedBy'),
                  children: (
                    <Typography.Link data-testid="txn-reversed-by" onClick={() => onOpen(txn.reversedById!)}>
                      {t('ledger.txnTitle', { id: txn.reversedById })}
                    </Typography.Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Table<Posting>
        data-testid="txn-postings"
        size="small"
        rowKey="account"
        pagination={false}
        dataSource={txn.postings}
        columns={[
          {
            key: 'account',
            title: t('ledger.colAccount'),
            render: (_, row) => (
              <Link to={`/admin/ledger/${encodeURIComponent(row.account)}`}>
                <AccountName path={row.account} />
              </Link>
            ),
          },
          {
            key: 'amount',
            title: t('ledger.colAmount'),
            align: 'right',
            render: (_, row) => <SignedAmount fen={row.amountFen} testId="posting-amount" />,
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('ledger.sum')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text strong type={total === 0 ? undefined : 'danger'} data-testid="txn-sum">
                {formatYuan(total)}
              </Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Flex justify="flex-end" hidden={txn.reversedById !== null}>
        <Popconfirm
          title={t('ledger.reverseConfirmTitle', { id: txn.id })}
          description={t('ledger.reverseConfirm')}
          onConfirm={() => setReversing(true)}
          okButtonProps={{ 'data-testid': 'txn-reverse-confirm' }}
        >
          <Button danger data-testid="txn-reverse">
            {t('ledger.reverse')}
          </Button>
        </Popconfirm>
      </Flex>
      {reversing && (
        <LedgerReverseModal
          txn={txn}
          onClose={() => setReversing(false)}
          onReversed={(reversal) => {
            setReversing(false);
            onOpen(reversal.id);
          }}
        />
      )}
    </Flex>
  );
}

/** One transaction's postings in a drawer beside the page that linked it, with its reversal. */
export function LedgerTxnDrawer({
  txnId,
  onOpen,
  onClose,
}: {
  txnId: number | null;
  onOpen: (id: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const txn = useQuery({
    queryKey: ['ledger', 'txn', txnId],
    queryFn: () => getLedgerTxn(txnId!),
    enabled: txnId !== null,
  });
  return (
    <Drawer
      open={txnId !== null}
      onClose={onClose}
      size={560}
      title={txnId !== null ? t('ledger.txnTitle', { id: txnId }) : undefined}
      destroyOnHidden
    >
      {txn.isError && <Alert type="error" showIcon title={txn.error.message} />}
      {txn.isPending && txnId !== null && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      )}
      {txn.data && <TxnDetail key={txn.data.id} txn={txn.data} onOpen={onOpen} />}
    </Drawer>
  );
}
