import { beijingTime, yuan } from '../refunds/case-messages.ts';
import type { ComplaintKind, ComplaintState } from './complaint-machine.ts';

export const COMPLAINT_KIND_LABELS: Record<ComplaintKind, { zh: string; en: string }> = {
  slow_handling: { zh: '处理太慢', en: 'Too slow' },
  unfair_rejection: { zh: '拒绝不合理', en: 'Unfair rejection' },
  unfair_fee: { zh: '手续费不合理', en: 'Unfair fee' },
  merchant_conduct: { zh: '商家行为', en: "Merchant's conduct" },
  agent_conduct: { zh: '客服行为', en: "Agent's conduct" },
  merchant_general: { zh: '投诉商家', en: 'About a merchant' },
};

export const COMPLAINT_STATE_LABELS: Record<ComplaintState, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  accepted: { zh: '已受理', en: 'Accepted' },
  investigating: { zh: '调查中', en: 'Investigating' },
  resolved: { zh: '已处理', en: 'Resolved' },
  dismissed: { zh: '不予支持', en: 'Dismissed' },
};

export type OutcomeLine = { zh: string; en: string };

/**
 * The sentences that explain an outcome's actions (beside the supervisor's own words): to the buyer
 * ("至您的余额"), or about the buyer to everyone else ("至买家余额").
 */
export function outcomeLines(
  o: {
    reopenedRefundNo: string | null;
    feeRefundedFen: number;
    compensationFen: number;
  },
  reader: 'buyer' | 'others' = 'buyer',
): OutcomeLine[] {
  const toBuyer = reader === 'buyer';
  const lines: OutcomeLine[] = [];
  if (o.reopenedRefundNo)
    lines.push({
      zh: `退款单 ${o.reopenedRefundNo} 已重新进入主管审核`,
      en: `Refund case ${o.reopenedRefundNo} is back in review by a supervisor`,
    });
  if (o.feeRefundedFen > 0)
    lines.push({
      zh: `已退还手续费 ${yuan(o.feeRefundedFen)} 至${toBuyer ? '您的' : '买家'}余额`,
      en: `The fee of ${yuan(o.feeRefundedFen)} was given back to ${toBuyer ? 'your' : "the buyer's"} balance`,
    });
  if (o.compensationFen > 0)
    lines.push({
      zh: `平台保障金已向${toBuyer ? '您的' : '买家'}余额赔付 ${yuan(o.compensationFen)}`,
      en: toBuyer
        ? `The platform's guarantee fund paid you ${yuan(o.compensationFen)} to your balance`
        : `The platform's guarantee fund paid the buyer ${yuan(o.compensationFen)} to their balance`,
    });
  return lines;
}

export { beijingTime, yuan };
