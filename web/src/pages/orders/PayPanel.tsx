import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type OrderDetail, type PayChannel, payChannels, payOrder } from '../../api/orders.ts';
import { getWallet } from '../../api/wallet.ts';
import { formatYuan } from '../../format.ts';

interface Props {
  order: Pick<OrderDetail, 'orderNo' | 'amountFen'>;
  onPaid: (order: OrderDetail) => void;
}

/** Choose a channel (余额 shows the balance) and pay; a server refusal shows inline. */
export function PayPanel({ order, onPaid }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<PayChannel>('balance');
  const wallet = useQuery({ queryKey: ['wallet'], queryFn: getWallet });
  const pay = useMutation({
    mutationFn: () => payOrder(order.orderNo, channel),
    onSuccess: (paid) => {
      queryClient.setQueryData(['order', paid.orderNo], paid);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
      void queryClient.invalidateQueries({ queryKey: ['products'] });
      onPaid(paid);
    },
  });

  const channelLabel = (value: PayChannel) =>
    value === 'balance' && wallet.data
      ? t('purchase.balance', { amount: formatYuan(wallet.data.balanceFen) })
      : t(`channel.${value}`);

  return (
    <Flex vertical gap={16} data-testid="pay-panel">
      <div>
        <Typography.Text type="secondary">{t('purchase.channel')}</Typography.Text>
        <Radio.Group
          data-testid="pay-channel"
          value={channel}
          onChange={(event) => setChannel(event.target.value)}
          style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8 }}
          options={payChannels.map((value) => ({
            value,
            label: <span data-testid={`pay-channel-${value}`}>{channelLabel(value)}</span>,
          }))}
        />
      </div>
      {pay.error && <Alert type="error" showIcon data-testid="pay-error" title={pay.error.message} />}
      <Button type="primary" data-testid="pay-submit" loading={pay.isPending} onClick={() => pay.mutate()}>
        {t('purchase.pay', { amount: formatYuan(order.amountFen) })}
      </Button>
    </Flex>
  );
}
