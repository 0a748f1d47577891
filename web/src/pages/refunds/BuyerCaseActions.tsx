import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import {
  appealRefund,
  type CaseDetail,
  type CaseState,
  disputeFee,
  reopenRefund,
  supplementRefund,
  urgeAvailableAt,
  urgeRefund,
} from '../../api/refunds.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { formatBeijingTime, formatYuan } from '../../format.ts';
import { EscalateButton } from './EscalateButton.tsx';
import { RefundToBalanceButton } from './RefundToBalanceButton.tsx';
import { ResubmitButton } from './ResubmitButton.tsx';
import { WithdrawButton } from './WithdrawButton.tsx';

/** Shows a case the server sent back after an action, and refreshes what depends on it. */
export function useBuyerCaseUpdate(refund: Pick<CaseDetail, 'refundNo' | 'orderNo'>) {
  const queryClient = useQueryClient();
  return (updated: CaseDetail) => {
    queryClient.setQueryData(['refund', refund.refundNo], updated);
    void queryClient.invalidateQueries({ queryKey: ['refund', refund.refundNo] });
    void queryClient.invalidateQueries({ queryKey: ['refunds'] });
    void queryClient.invalidateQueries({ queryKey: ['order', refund.orderNo] });
  };
}

/** Urging applies while the platform, not the buyer, has to act. */
const urgeable: CaseState[] = ['submitted', 'risk_hold', 'appealed'];

/** 催办: enabled once the review deadline has passed; before that, disabled, saying from when. */
function UrgeButton({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onDone = useBuyerCaseUpdate(refund);
  const urge = useMutation({
    mutationFn: () => urgeRefund(refund.refundNo),
    onSuccess: (updated) => {
      message.success(t('caseAction.urged'));
      onDone(updated);
    },
    onError: (error) => {
      const at = error instanceof ApiError ? urgeAvailableAt(error.details) : undefined;
      message.error(
        at ? `${error.message} ${t('caseAction.urgeAt', { time: formatBeijingTime(at) })}` : error.message,
      );
    },
  });
  const open = refund.actions.includes('urge');
  if (!open && !(refund.canUrgeAt && urgeable.includes(refund.state))) return null;
  const button = (
    <Button
      data-testid="case-urge"
      data-can-urge-at={refund.canUrgeAt ?? ''}
      disabled={!open}
      loading={urge.isPending}
      onClick={() => urge.mutate()}
    >
      {t('caseAction.urge')}
    </Button>
  );
  // Why it is disabled, in words under it (a tooltip never shows on a phone).
  return open ? (
    button
  ) : (
    <DisabledWithReason
      testId="case-urge-later"
      reason={t('caseAction.urgeAt', { time: formatBeijingTime(refund.canUrgeAt) })}
    >
      {button}
    </DisabledWithReason>
  );
}

/** A disabled action with the reason written under it, readable on a phone as on a desktop. */
export function DisabledWithReason({
  testId,
  reason,
  children,
}: {
  testId: string;
  reason: string;
  children: React.ReactNode;
}) {
  return (
    <Flex vertical gap={2} data-testid={testId} style={{ maxWidth: 220 }}>
      {children}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {reason}
      </Typography.Text>
    </Flex>
  );
}

/** The buttons of what the buyer may do with the case now, each only when the server offers it. */
export function BuyerCaseActions({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const onDone = useBuyerCaseUpdate(refund);
  const has = (action: string) => refund.actions.includes(action);
  return (
    <Flex gap={8} wrap data-testid="case-actions">
      {has('supplement') && (
        <TextActionModal
          id="supplement"
          label={t('caseAction.supplement')}
          title={t('caseAction.supplementTitle')}
          hint={t('caseAction.supplementHint')}
          placeholder={t('caseAction.supplementPlaceholder')}
          withEvidence
          maxLength={2000}
          button={{ type: 'primary' }}
          send={(text, evidenceIds) => supplementRefund(refund.refundNo, { text, evidenceIds })}
          onDone={onDone}
          success={t('caseAction.supplemented')}
        />
      )}
      <UrgeButton refund={refund} />
      <EscalateButton refund={refund} />
      {has('appeal') && (
        <TextActionModal
          id="appeal"
          label={t('caseAction.appeal')}
          title={t('caseAction.appealTitle')}
          hint={
            refund.appealDeadline
              ? `${t('caseAction.appealHint')}${t('caseAction.appealUntil', { time: formatBeijingTime(refund.appealDeadline) })}`
              : t('caseAction.appealHint')
          }
          placeholder={t('caseAction.appealPlaceholder')}
          minLength={5}
          withEvidence
          maxLength={2000}
          button={{ type: 'primary' }}
          send={(text, evidenceIds) => appealRefund(refund.refundNo, { text, evidenceIds })}
          onDone={onDone}
          success={t('caseAction.appealed')}
        />
      )}
      {has('resubmit') && <ResubmitButton refund={refund} />}
      {has('reopen') && (
        <TextActionModal
          id="reopen"
          label={t('caseAction.reopen')}
          title={t('caseAction.reopenTitle')}
          hint={t('caseAction.reopenHint')}
          placeholder={t('caseAction.reopenPlaceholder')}
          withEvidence
          maxLength={2000}
          button={{ type: 'primary' }}
          send={(text, evidenceIds) => reopenRefund(refund.refundNo, { text, evidenceIds })}
          onDone={onDone}
          success={t('caseAction.reopened')}
        />
      )}
      {has('dispute_fee') && (
        <TextActionModal
          id="dispute-fee"
          label={t('caseAction.disputeFee')}
          title={t('caseAction.disputeFeeTitle')}
          // After the refund the fee was kept: disputing it opens a case of its own.
          hint={
            refund.state === 'refunded'
              ? t('caseAction.disputeFeeAfterHint', { fee: formatYuan(refund.feeFen) })
              : t('caseAction.disputeFeeHint')
          }
          placeholder={t('caseAction.disputeFeePlaceholder')}
          minLength={5}
          maxLength={2000}
          send={(text) => disputeFee(refund.refundNo, text)}
          onDone={onDone}
          success={
            refund.state === 'refunded' ? t('caseAction.feeDisputeOpened') : t('caseAction.feeDisputed')
          }
        />
      )}
      {has('refund_to_balance') && <RefundToBalanceButton refund={refund} />}
      {has('withdraw') && <WithdrawButton refund={refund} />}
    </Flex>
  );
}
