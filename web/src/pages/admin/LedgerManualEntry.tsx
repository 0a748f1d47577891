import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Flex, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { type LedgerAccount, postLedgerTxn, type TxnKind, txnKinds } from '../../api/ledger.ts';
import { formatYuan } from '../../format.ts';
import { type DraftLine, draftPostings, lineProblems } from './LedgerModel.ts';

// A reversal names the transaction it undoes: it is booked from the transaction's drawer instead.
const manualKinds = txnKinds.filter((kind) => kind !== 'reversal' && kind !== 'compensation');

function LineRow({
  index,
  line,
  accountOptions,
  canRemove,
  onChange,
  onRemove,
}: {
  index: number;
  line: DraftLine;
  accountOptions: { value: string }[];
  canRemove: boolean;
  onChange: (line: DraftLine) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const problems = lineProblems(line);
  const accountBad = line.account.trim() !== '' && problems.includes('account');
  const amountBad = line.amount.trim() !== '' && problems.includes('amount');
  return (
    <Flex gap={8} align="flex-start" data-testid={`manual-line-${index}`}>
      <Form.Item
        validateStatus={accountBad ? 'error' : undefined}
        help={accountBad ? t('ledger.badAccount') : undefined}
        style={{ flex: 1, marginBottom: 0 }}
      >
        <AutoComplete
          options={accountOptions}
          value={line.account}
          onChange={(account: string) => onChange({ ...line, account })}
          showSearch={{
            filterOption: (input, option) => String(option?.value ?? '').includes(input.trim()),
          }}
          placeholder={t('ledger.manualAccountPlaceholder')}
        />
      </Form.Item>
      <Form.Item
        validateStatus={amountBad ? 'error' : undefined}
        help={amountBad ? t('ledger.badAmount') : undefined}
        style={{ width: 180, marginBottom: 0 }}
      >
        <Input
          data-testid="manual-amount"
          prefix="¥"
          inputMode="decimal"
          placeholder={t('ledger.manualAmountPlaceholder')}
          value={line.amount}
          onChange={(event) => onChange({ ...line, amount: event.target.value })}
        />
      </Form.Item>
      <Button
        type="text"
        icon={<DeleteOutlined />}
        aria-label={t('ledger.removeRow')}
        title={t('ledger.removeRow')}
        disabled={!canRemove}
        onClick={onRemove}
      />
    </Flex>
  );
}

/**
 * 手工分录: a correction typed as lines of account and signed yuan amount. The sum is shown as it is
 * typed and the entry can only be sent once it balances; the server checks again and its refusal is
 * shown as it words it.
 */
export function LedgerManualEntry({
  accounts,
  onPosted,
}: {
  accounts: LedgerAccount[];
  onPosted: (txnId: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const nextKey = useRef(2);
  const blank = (key: number): DraftLine => ({ key, account: '', amount: '' });
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<TxnKind | undefined>(undefined);
  const [memo, setMemo] = useState('');
  const [lines, setLines] = useState<DraftLine[]>([blank(0), blank(1)]);
  const draft = draftPostings(lines);
  const ready = kind !== undefined && memo.trim().length >= 2 && draft.valid && draft.balanced;

  const reset = () => {
    setKind(undefined);
    setMemo('');
    setLines([blank(0), blank(1)]);
    post.reset();
  };
  const post = useMutation({
    mutationFn: () => postLedgerTxn({ kind: kind!, memo: memo.trim(), postings: draft.postings }),
    onSuccess: (txn) => {
      void queryClient.invalidateQueries({ queryKey: ['ledger'] });
      message.success(t('ledger.posted', { id: txn.id }));
      setOpen(false);
      reset();
      onPosted(txn.id);
    },
  });
  const accountOptions = accounts.map((a) => ({ value: a.path }));
  const update = (key: number, next: DraftLine) =>
    setLines((current) => current.map((line) => (line.key === key ? next : line)));

  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        data-testid="manual-open"
        onClick={() => {
          post.reset();
          setOpen(true);
        }}
      >
        {t('ledger.manual')}
      </Button>
      <Modal
        open={open}
        title={t('ledger.manual')}
        width={680}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t('ledger.cancel')}
          </Button>,
          <Button
            key="ok"
            type="primary"
            data-testid="manual-submit"
            disabled={!ready}
            loading={post.isPending}
            onClick={() => post.mutate()}
          >
            {t('ledger.manualSubmit')}
          </Button>,
        ]}
      >
        <Flex vertical gap={12} data-testid="manual-modal">
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('ledger.manualHint')}
          </Typography.Paragraph>
          <Flex gap={8}>
            <Select<TxnKind>
              data-testid="manual-kind"
              placeholder={t('ledger.manualKindPlaceholder')}
              value={kind}
              onChange={setKind}
              options={manualKinds.map((value) => ({
                value,
                label: <span data-testid={`manual-kind-${value}`}>{t(`txnKind.${value}`)}</span>,
              }))}
              style={{ width: 160 }}
            />
            <Input
              data-testid="manual-memo"
              maxLength={500}
              placeholder={t('ledger.manualMemoPlaceholder')}
              value={memo}
              onChange={(event) => setMemo(event.target.value)}
            />
          </Flex>
          {lines.map((line, index) => (
            <LineRow
              key={line.key}
              index={index}
              line={line}
              accountOptions={accountOptions}
              canRemove={lines.length > 2}
              onChange={(next) => update(line.key, next)}
              onRemove={() => setLines((current) => current.filter((l) => l.key !== line.key))}
            />
          ))}
          <Flex justify="space-between" align="center">
            <Button
              icon={<PlusOutlined />}
              data-testid="manual-add"
              disabled={lines.length >= 20}
              onClick={() => setLines((current) => [...current, blank(nextKey.current++)])}
            >
              {t('ledger.addRow')}
            </Button>
            <Flex gap={8} align="center" data-testid="manual-sum" data-sum-fen={draft.sumFen}>
              <Typography.Text strong>
                {t('ledger.manualSum', { amount: formatYuan(draft.sumFen) })}
              </Typography.Text>
              {!draft.balanced && (
                <Tag color="error">{t('ledger.offBy', { amount: formatYuan(draft.sumFen) })}</Tag>
              )}
              {draft.balanced && draft.valid && <Tag color="success">{t('ledger.balanced')}</Tag>}
            </Flex>
          </Flex>
          {post.error && (
            <Alert
              type="error"
              showIcon
              data-testid="manual-error"
              data-code={post.error instanceof ApiError ? post.error.code : undefined}
              title={post.error.message}
            />
          )}
        </Flex>
      </Modal>
    </>
  );
}
