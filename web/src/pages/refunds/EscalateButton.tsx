import { Button, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { escalateRefund } from '../../api/conversation.ts';
import type { CaseDetail, CaseState } from '../../api/refunds.ts';
import { TextActionModal } from '../../components/TextActionModal.tsx';
import { formatBeijingTime } from '../../format.ts';
import { DisabledWithReason, useBuyerCaseUpdate } from './BuyerCaseActions.tsx';

/** Where asking for a supervisor can mean something: a person at the platform is still to act. */
const escalatable: CaseState[] = ['submitted', 'risk_hold', 'appealed'];

/**
 * 要求升级: after urging, once per case, with a reason. Once asked, it says when; before urging it is
 * there but disabled, saying why — so the buyer knows the way up exists.
 */
export function EscalateButton({ refund }: { refund: CaseDetail }) {
  const { t } = useTranslation();
  const onDone = useBuyerCaseUpdate(refund);
  const request = refund.escalationRequest;
  if (!request) return null;
  if (request.requestedAt)
    return (
      <Tag color="purple" data-testid="case-escalation-requested" style={{ alignSelf: 'center' }}>
        {t('escalation.requested', { time: formatBeijingTime(request.requestedAt) })}
      </Tag>
    );
  if (!escalatable.includes(refund.state)) return null;
  if (request.refusal) {
    const why =
      request.refusal === 'REFUND.ESCALATION_NEEDS_URGE' ? t('escalation.needsUrge') : t('escalation.notNow');
    return (
      <span data-reason={request.refusal} data-testid="case-escalate-disabled">
        <DisabledWithReason testId="case-escalate-why" reason={why}>
          <Button disabled aria-label={`${t('escalation.button')}：${why}`}>
            {t('escalation.button')}
          </Button>
        </DisabledWithReason>
      </span>
    );
  }
  return (
    <TextActionModal
      id="escalate"
      label={t('escalation.button')}
      title={t('escalation.title')}
      hint={t('escalation.hint')}
      placeholder={t('escalation.placeholder')}
      minLength={2}
      maxLength={500}
      send={(reason) => escalateRefund(refund.refundNo, reason)}
      onDone={onDone}
      success={t('escalation.done')}
    />
  );
}
