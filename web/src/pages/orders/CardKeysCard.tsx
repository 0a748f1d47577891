import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CardKey, type ExtractionAction, revealCardKey } from '../../api/orders.ts';
import { formatTime } from '../../format.ts';

async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The order's card keys, masked until the buyer views or copies one (each time is logged). */
export function CardKeysCard({ orderNo, cardKeys }: { orderNo: string; cardKeys: CardKey[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [secrets, setSecrets] = useState<Record<number, string>>({});

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
    onError: (error) => message.error(error.message),
  });
  const busy = (keyId: number, action: ExtractionAction) =>
    reveal.isPending && reveal.variables?.keyId === keyId && reveal.variables.action === action;

  return (
    <Card title={t('orderDetail.cardKeys')} size="small" data-testid="card-keys">
      <Table<CardKey>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={cardKeys}
        columns={[
          {
            key: 'key',
            title: t('orderDetail.cardKey'),
            render: (_, key) =>
              secrets[key.id] === undefined ? (
                <Typography.Text code data-testid="card-key-masked">
                  {key.masked}
                </Typography.Text>
              ) : (
                <Typography.Text code strong data-testid="card-key-secret">
                  {secrets[key.id]}
                </Typography.Text>
              ),
          },
          {
            key: 'state',
            title: t('orders.status'),
            render: (_, key) =>
              key.revealedAt ? (
                <Tag color="purple" data-testid="card-key-extracted">
                  {t('orderDetail.extracted', { time: formatTime(key.revealedAt) })}
                </Tag>
              ) : (
                <Tag>{t('orderDetail.notExtracted')}</Tag>
              ),
          },
          {
            key: 'actions',
            title: t('orders.actions'),
            render: (_, key) => (
              <Space>
                {secrets[key.id] === undefined && (
                  <Button
                    size="small"
                    data-testid="card-key-reveal"
                    loading={busy(key.id, 'reveal')}
                    onClick={() => reveal.mutate({ keyId: key.id, action: 'reveal' })}
                  >
                    {t('orderDetail.reveal')}
                  </Button>
                )}
                <Button
                  size="small"
                  data-testid="card-key-copy"
                  loading={busy(key.id, 'copy')}
                  onClick={() => reveal.mutate({ keyId: key.id, action: 'copy' })}
                >
                  {t('orderDetail.copy')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
