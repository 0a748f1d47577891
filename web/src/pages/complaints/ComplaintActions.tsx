import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Flex, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  acceptComplaint,
  answerComplaint,
  type ComplaintDetail,
  dismissComplaint,
  investigateComplaint,
  type OutcomeAction,
  reopenComplaint,
  resolveComplaint,
  urgeComplaint,
} from '../../api/complaints.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { formatYuan, parseHundredths } from '../../format.ts';

function useShow(no: string) {
  const queryClient = useQueryClient();
  return (updated: ComplaintDetail) => {
    queryClient.setQueryData(['complaint', no], updated);
    void queryClient.invalidateQueries({ queryKey: ['complaints'] });
  };
}

/** 作出处理: outcome actions, the compensation amount, and the explanation the buyer reads. */
function ResolveButton({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const show = useShow(complaint.complaintNo);
  const [actions, setActions] = useState<OutcomeAction[]>([]);
  const [yuan, setYuan] = useState('');
  const compensating = actions.includes('compensate');
  const fen = compensating ? parseHundredths(yuan) : 0;
  const choices = complaint.choices;
  const left = choices?.compensationLeftFen ?? 0;
  const tooMuch = compensating && fen !== null && fen > left;
  // An outcome the decision would refuse is shown, disabled, with why (the fee: none kept or already back).
  const allowed = (a: OutcomeAction) => choices === null || choices.actions.includes(a);
  const options: { value: OutcomeAction; label: string; disabled?: boolean }[] = [
    ...(complaint.refundNo
      ? [
          {
            value: 'reopen_case' as const,
            label: `${t('complaint.outcomeReopen')}${allowed('reopen_case') ? '' : t('complaint.notReopenable')}`,
            disabled: !allowed('reopen_case'),
          },
          {
            value: 'refund_fee' as const,
            label:
              choices && choices.feeFen > 0
                ? `${t('complaint.outcomeRefundFee')} ${formatYuan(choices.feeFen)}`
                : `${t('complaint.outcomeRefundFee')}${allowed('refund_fee') ? '' : t('complaint.noFeeToRefund')}`,
            disabled: !allowed('refund_fee'),
          },
        ]
      : []),
    {
      value: 'compensate',
      label: `${t('complaint.outcomeCompensate')}${choices ? t('complaint.compensationLeft', { amount: formatYuan(left) }) : ''}`,
      disabled: !allowed('compensate'),
    },
  ];
  return (
    <TextActionModal
      id="complaint-resolve"
      label={t('complaint.resolve')}
      title={t('complaint.resolveTitle')}
      hint={t('complaint.resolveHint')}
      placeholder={t('complaint.explanationPlaceholder')}
      minLength={5}
      maxLength={2000}
      button={{ type: 'primary' }}
      blocked={
        compensating && !fen
          ? t('complaint.compensationYuan')
          : tooMuch
            ? t('complaint.compensationOver', { amount: formatYuan(left) })
            : undefined
      }
      extra={
        <Flex vertical gap={8}>
          <Checkbox.Group<OutcomeAction>
            data-testid="complaint-outcome-actions"
            options={options}
            value={actions}
            onChange={setActions}
          />
          {compensating && (
            <Input
              data-testid="complaint-compensation"
              addonBefore="¥"
              status={tooMuch ? 'error' : undefined}
              placeholder={t('complaint.compensationMax', { amount: formatYuan(left) })}
              value={yuan}
              onChange={(e) => setYuan(e.target.value)}
            />
          )}
        </Flex>
      }
      send={(explanation) => resolveComplaint(complaint, { explanation, actions, compensationFen: fen ?? 0 })}
      onDone={show}
      success={t('complaint.resolved')}
    />
  );
}

/** The buttons of what the signed-in person may do with the complaint now (the server's `actions`). */
export function ComplaintActions({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const show = useShow(complaint.complaintNo);
  const has = (a: string) => complaint.actions.includes(a as never);
  const simple = useMutation({
    mutationFn: (fn: () => Promise<ComplaintDetail>) => fn(),
    onSuccess: (updated) => {
      message.success(t('complaint.accepted'));
      show(updated);
    },
    onError: (error) => message.error(error.message),
  });
  const urge = useMutation({
    mutationFn: () => urgeComplaint(complaint.complaintNo),
    onSuccess: (updated) => {
      message.success(t('complaint.urgedDone'));
      show(updated);
    },
    onError: (error) => message.error(error.message),
  });
  return (
    <Flex gap={8} wrap data-testid="complaint-actions">
      {has('accept') && (
        <Button
          type="primary"
          data-testid="complaint-accept"
          loading={simple.isPending}
          onClick={() => simple.mutate(() => acceptComplaint(complaint))}
        >
          {t('complaint.accept')}
        </Button>
      )}
      {has('investigate') && (
        <TextActionModal
          id="complaint-investigate"
          label={t('complaint.investigate')}
          title={t('complaint.investigateTitle')}
          placeholder={t('complaint.investigatePlaceholder')}
          optional
          send={(note) => investigateComplaint(complaint, note)}
          onDone={show}
          success={t('complaint.investigating')}
        />
      )}
      {has('resolve') && <ResolveButton complaint={complaint} />}
      {has('dismiss') && (
        <TextActionModal
          id="complaint-dismiss"
          label={t('complaint.dismiss')}
          title={t('complaint.dismissTitle')}
          placeholder={t('complaint.dismissPlaceholder')}
          minLength={5}
          button={{ danger: true }}
          send={(reason) => dismissComplaint(complaint, reason)}
          onDone={show}
          success={t('complaint.dismissed')}
        />
      )}
      {has('answer') && (
        <TextActionModal
          id="complaint-answer"
          label={t('complaint.answer')}
          title={t('complaint.answerTitle')}
          placeholder={t('complaint.answerPlaceholder')}
          minLength={5}
          maxLength={2000}
          button={{ type: 'primary' }}
          send={(text) => answerComplaint(complaint.complaintNo, text)}
          onDone={show}
          success={t('complaint.answered')}
        />
      )}
      {has('urge') && (
        <Button data-testid="complaint-urge" loading={urge.isPending} onClick={() => urge.mutate()}>
          {t('complaint.urge')}
        </Button>
      )}
      {has('reopen') && (
        <TextActionModal
          id="complaint-reopen"
          label={t('complaint.reopen')}
          title={t('complaint.reopenTitle')}
          hint={t('complaint.reopenHint')}
          placeholder={t('complaint.reopenPlaceholder')}
          minLength={5}
          maxLength={2000}
          send={(text) => reopenComplaint(complaint.complaintNo, text)}
          onDone={show}
          success={t('complaint.reopened')}
        />
      )}
    </Flex>
  );
}
