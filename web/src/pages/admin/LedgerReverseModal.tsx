import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { type LedgerTxn, postLedgerTxn, reversalOf } from '../../api/ledger.ts';
import { AccountName, SignedAmount } from './LedgerParts.tsx';

/**
 * 冲正: books the transaction that undoes `txn` (the same accounts, every amount negated) with the
 * admin's reason. Nothing is edited; the original stays in the books beside its reversal.
 */
export function LedgerReverseModal({
  txn,
  onClose,
  onReversed,
}: {
  txn: LedgerTxn;
  onClose: () => void;
  onReversed: (reversal: LedgerTxn) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [memo, setMemo] = useState('');
  const preview = reversalOf(txn, memo.trim());
  const reverse = useMutation({
    mutationFn: () => postLedgerTxn(preview),
    onSuccess: (reversal) => {
      void queryClient.invalidateQueries({ queryKey: ['ledger'] });
      message.success(t('ledger.reversed', { id: reversal.id }));
      onReversed(reversal);
    },
  });
  return (
    <Modal
      open
      title={t('ledger.reverseTitle', { id: txn.id })}
      onCancel={onClose}
      okText={t('ledger.reverseSubmit')}
      cancelText={t('ledger.cancel')}
      okButtonProps={{ danger: true, disabled: memo.trim().length < 2, 'data-testid': 'reverse-submit' }}
      confirmLoading={reverse.isPending}
      onOk={() => reverse.mutate()}
      destroyOnHidden
    >
      <div data-testid="reverse-modal">
        <Typography.Paragraph type="secondary">{t('ledger.reverseHint')}</Typography.Paragraph>
        <Table
          size="small"
          rowKey="account"
          pagination={false}
          dataSource={preview.postings}
          showHeader={false}
          columns={[
            { key: 'account', render: (_, row) => <AccountName path={row.account} /> },
            {
              key: 'amount',
              align: 'right',
              render: (_, row) => <SignedAmount fen={row.amountFen} testId="reverse-amount" />,
            },
          ]}
          style={{ marginBottom: 16 }}
        />
        <Input.TextArea
          data-testid="reverse-memo"
          rows={3}
          maxLength={500}
          showCount
          placeholder={t('ledger.reverseMemoPlaceholder')}
          value={memo}
          onChange={(event) => setMemo(event.target.value)}
        />
        {reverse.error && (
          <Alert
            type="error"
            showIcon
            data-testid="reverse-error"
            data-code={reverse.error instanceof ApiError ? reverse.error.code : undefined}
            title={reverse.error.message}
            style={{ marginTop: 16 }}
          />
        )}
      </div>
    </Modal>
  );
}
