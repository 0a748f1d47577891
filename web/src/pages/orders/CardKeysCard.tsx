import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Grid, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type CardKey, type ExtractionAction, revealCardKey } from '../../api/orders.ts';
import { CardKeyState, isViewable } from './CardKeyState.tsx';

async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

const caseBase = '/buyer/refunds';

/** The open cases that lock some of the keys, each once. */
function lockingCases(cardKeys: CardKey[]): string[] {
  return [...new Set(cardKeys.flatMap((key) => (key.lockedBy ? [key.lockedBy] : [])))];
}

/**
 * The order's card keys, masked until the buyer views or copies one (each time is logged). The first
 * view counts as use, so it is confirmed; keys locked by an open refund or refunded have no buttons.
 */
export function CardKeysCard({ orderNo, cardKeys }: { orderNo: string; cardKeys: CardKey[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [secrets, setSecrets] = useState<Record<number, string>>({});
  // On a phone the state goes under the key, so 查看 / 复制 stay on screen without scrolling sideways.
  const phone = Grid.useBreakpoint().md === false;

  const reveal = useMutation({
    mutationFn: ({ keyId, action }: { keyId: number; action: ExtractionAction }) =>
      revealCardKey(orderNo, keyId, action),
    onSuccess: async ({ id, secret }, { action }) => {
      setSecrets((previous) => ({ ...previous, [id]: secret }));
      void queryClient.invalidateQueries({ queryKey: ['order', orderNo] });
      if (action !== 'copy') return;
      if (await writeClipboard(secret)) message.success(t('orderDetail.copied'));
      else message.warning(t('orderDetail.copyUnavailable'));
    },
    onError: (error) => {
      message.error(error.message);
      // Locked or refunded meanwhile (CARD_KEY.LOCKED / REFUNDED): show the key as it is now.
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: ['order', orderNo] });
    },
  });
  const busy = (keyId: number, action: ExtractionAction) =>
    reveal.isPending && reveal.variables?.keyId === keyId && reveal.variables.action === action;

  /** 查看 / 复制; on a key never revealed, only after the buyer confirms it then counts as used. */
  const actionButton = (key: CardKey, action: ExtractionAction) => {
    const button = (
      <Button
        size="small"
        data-testid={`card-key-${action}`}
        loading={busy(key.id, action)}
        onClick={key.revealedAt ? () => reveal.mutate({ keyId: key.id, action }) : undefined}
      >
        {t(action === 'copy' ? 'orderDetail.copy' : 'orderDetail.reveal')}
      </Button>
    );
    if (key.revealedAt) return button;
    return (
      <Popconfirm
        title={t(action === 'copy' ? 'cardKeys.copyTitle' : 'cardKeys.revealTitle')}
        description={<span data-testid="card-key-confirm-text">{t('cardKeys.revealWarning')}</span>}
        okText={t(action === 'copy' ? 'cardKeys.copyOk' : 'cardKeys.revealOk')}
        cancelText={t('cardKeys.cancel')}
        okButtonProps={{ 'data-testid': 'card-key-confirm' }}
        cancelButtonProps={{ 'data-testid': 'card-key-confirm-cancel' }}
        onConfirm={() => reveal.mutate({ keyId: key.id, action })}
      >
        {button}
      </Popconfirm>
    );
  };

  const locks = lockingCases(cardKeys);
  return (
    <Card title={t('orderDetail.cardKeys')} size="small" data-testid="card-keys">
      {locks.map((refundNo) => (
        <Alert
          key={refundNo}
          type="warning"
          showIcon
          data-testid="card-keys-locked"
          style={{ marginBottom: 12 }}
          title={
            <span>
              {t('cardKeys.lockedNotice', { refundNo })}{' '}
              <Link to={`${caseBase}/${encodeURIComponent(refundNo)}`} data-testid="card-keys-locked-link">
                {t('cardKeys.lockedLink')}
              </Link>
            </span>
          }
        />
      ))}
      <Table<CardKey>
        rowKey="id"
        size="small"
        pagination={false}
        // On a phone the table fits the card (cells wrap); wider, nothing wraps.
        scroll={{ x: phone ? true : 'max-content' }}
        dataSource={cardKeys}
        columns={[
          {
            key: 'key',
            title: t('orderDetail.cardKey'),
            render: (_, key) => {
              const shown =
                secrets[key.id] === undefined || !isViewable(key) ? (
                  <Typography.Text code data-testid="card-key-masked" delete={key.status === 'refunded'}>
                    {key.masked}
                  </Typography.Text>
                ) : (
                  <Typography.Text code strong data-testid="card-key-secret">
                    {secrets[key.id]}
                  </Typography.Text>
                );
              if (!phone) return shown;
              return (
                <Flex vertical gap={4} align="flex-start">
                  {shown}
                  <CardKeyState cardKey={key} caseBase={caseBase} />
                </Flex>
              );
            },
          },
          {
            key: 'state',
            title: t('orders.status'),
            responsive: ['md'],
            render: (_, key) => <CardKeyState cardKey={key} caseBase={caseBase} />,
          },
          {
            key: 'actions',
            title: t('orders.actions'),
            render: (_, key) =>
              isViewable(key) ? (
                <Space wrap>
                  {secrets[key.id] === undefined && actionButton(key, 'reveal')}
                  {actionButton(key, 'copy')}
                </Space>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
