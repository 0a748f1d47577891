import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseDetail, refundToBalance } from '../../api/refunds.ts';
import { formatYuan } from '../../format.ts';
import { useBuyerCaseUpdate } from './BuyerCaseActions.tsx';

/**
 * 改为退回余额: after the original channel could not take the refund back, the buyer's explicit
 * consent to have it paid to their balance instead — asked in a dialog that says what it means.
 */
export function RefundToBalanceButton({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onDone = useBuyerCaseUpdate(refund);
  const [open, setOpen] = useState(false);
  const agree = useMutation({
    mutationFn: () => refundToBalance(refund.refundNo, refund.version),
    onSuccess: (updated) => {
      setOpen(false);
      message.success(t('caseAction.refundedToBalance'));
      onDone(updated);
    },
  });
  const amount = formatYuan(refund.approvedFen ?? refund.amountFen);
  return (
    <>
      <Button type="primary" data-testid="refund-to-balance" onClick={() => setOpen(true)}>
        {t('caseAction.refundToBalance')}
      </Button>
      <Modal
        open={open}
        title={t('caseAction.refundToBalanceTitle')}
        destroyOnHidden
        onCancel={() => {
          setOpen(false);
          agree.reset();
        }}
        okText={t('caseAction.refundToBalanceConfirm')}
        okButtonProps={{ loading: agree.isPending, 'data-testid': 'refund-to-balance-confirm' }}
        onOk={() => agree.mutate()}
      >
        <Typography.Paragraph data-testid="refund-to-balance-hint">
          {t('caseAction.refundToBalanceHint', { amount })}
        </Typography.Paragraph>
        {agree.isError && <Alert type="error" showIcon title={agree.error.message} />}
      </Modal>
    </>
  );
}
