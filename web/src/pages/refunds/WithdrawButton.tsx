import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseDetail, withdrawRefund } from '../../api/refunds.ts';

/** 撤销申请: asks for an optional reason, withdraws the case and shows it refreshed. */
export function WithdrawButton({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => withdrawRefund(refund.refundNo, reason.trim() || undefined),
    onSuccess: (updated) => {
      queryClient.setQueryData(['refund', refund.refundNo], updated);
      void queryClient.invalidateQueries({ queryKey: ['refund', refund.refundNo] });
      void queryClient.invalidateQueries({ queryKey: ['refunds'] });
      void queryClient.invalidateQueries({ queryKey: ['order', refund.orderNo] });
      setOpen(false);
      message.success(t('refundCase.withdrawn'));
    },
  });
  const close = () => {
    setOpen(false);
    withdraw.reset();
  };

  return (
    <>
      <Button danger data-testid="refund-withdraw" onClick={() => setOpen(true)}>
        {t('refundCase.withdraw')}
      </Button>
      <Modal
        open={open}
        title={t('refundCase.withdrawTitle', { refundNo: refund.refundNo })}
        destroyOnHidden
        onCancel={close}
        footer={[
          <Button key="cancel" data-testid="withdraw-cancel" onClick={close}>
            {t('refundCase.cancel')}
          </Button>,
          <Button
            key="ok"
            danger
            type="primary"
            data-testid="withdraw-confirm"
            loading={withdraw.isPending}
            onClick={() => withdraw.mutate()}
          >
            {t('refundCase.withdrawConfirm')}
          </Button>,
        ]}
      >
        <div data-testid="withdraw-modal">
          <Typography.Paragraph type="secondary">{t('refundCase.withdrawHint')}</Typography.Paragraph>
          <Input.TextArea
            data-testid="withdraw-reason"
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('refundCase.withdrawReason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          {withdraw.isError && (
            <Alert
              type="error"
              showIcon
              data-testid="withdraw-error"
              title={withdraw.error.message}
              style={{ marginTop: 12 }}
            />
          )}
        </div>
      </Modal>
    </>
  );
}
