import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { withdrawFunds } from '../../api/funds.ts';
import { formatYuan, hundredthsText, parseHundredths } from '../../format.ts';

/**
 * 提现: an amount in yuan, read as integer fen, up to the available balance. While the platform is
 * owed an advance nothing can be withdrawn (the server refuses with FUNDS.RECEIVABLE_OUTSTANDING).
 */
export function FundsWithdrawModal({
  balanceFen,
  receivableFen,
  onClose,
}: {
  balanceFen: number;
  receivableFen: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const fen = parseHundredths(text);
  const problem =
    fen === null || fen === 0
      ? t('funds.amountInvalid')
      : fen > balanceFen
        ? t('funds.amountTooHigh', { amount: formatYuan(balanceFen) })
        : undefined;
  const owing = receivableFen > 0;
  const withdraw = useMutation({
    mutationFn: (amountFen: number) => withdrawFunds(amountFen),
    onSuccess: (_, amountFen) => {
      void queryClient.invalidateQueries({ queryKey: ['merchantFunds'] });
      message.success(t('funds.withdrawn', { amount: formatYuan(amountFen) }));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('funds.withdrawTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('funds.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          data-testid="withdraw-submit"
          disabled={owing || problem !== undefined}
          loading={withdraw.isPending}
          onClick={() => fen && withdraw.mutate(fen)}
        >
          {t('funds.withdrawSubmit')}
        </Button>,
      ]}
    >
      <Flex vertical gap={12} data-testid="withdraw-modal">
        {owing && (
          <Alert
            type="warning"
            showIcon
            data-testid="withdraw-blocked"
            title={t('funds.receivableBlocks', { amount: formatYuan(receivableFen) })}
          />
        )}
        <Form.Item
          label={t('funds.withdrawAmount')}
          validateStatus={text !== '' && problem ? 'error' : undefined}
          help={text !== '' ? problem : undefined}
          style={{ marginBottom: 0 }}
          layout="vertical"
        >
          <Input
            data-testid="withdraw-amount"
            prefix="¥"
            inputMode="decimal"
            value={text}
            onChange={(event) => setText(event.target.value)}
            disabled={owing}
            style={{ width: 240 }}
          />
        </Form.Item>
        <Flex gap={8} align="center">
          <Typography.Text type="secondary">
            {t('funds.withdrawMax', { amount: formatYuan(balanceFen) })}
          </Typography.Text>
          <Typography.Link
            data-testid="withdraw-all"
            disabled={owing || balanceFen === 0}
            onClick={() => setText(hundredthsText(balanceFen))}
          >
            {t('funds.withdrawAll')}
          </Typography.Link>
        </Flex>
        {withdraw.error && (
          <Alert
            type="error"
            showIcon
            data-testid="withdraw-error"
            data-code={withdraw.error instanceof ApiError ? withdraw.error.code : undefined}
            title={withdraw.error.message}
          />
        )}
      </Flex>
    </Modal>
  );
}
