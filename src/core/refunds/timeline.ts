import type { CaseState } from './case-machine.ts';

export const CASE_STATE_LABELS: Record<CaseState, { zh: string; en: string }> = {
  submitted: { zh: '待审核', en: 'Awaiting review' },
  info_requested: { zh: '待补充资料', en: 'More information requested' },
  risk_hold: { zh: '风控审核', en: 'Under risk review' },
  approved: { zh: '审核通过', en: 'Approved' },
  refunding: { zh: '退款中', en: 'Refunding' },
  refunded: { zh: '已退款', en: 'Refunded' },
  refund_failed: { zh: '退款失败', en: 'Refund failed' },
  rejected: { zh: '审核拒绝', en: 'Rejected' },
  appealed: { zh: '申诉中', en: 'Under appeal' },
  withdrawn: { zh: '已撤销', en: 'Withdrawn' },
  closed: { zh: '已关闭', en: 'Closed' },
};

const ROLE = {
  buyer: ['买家', 'The buyer'],
  merchant: ['商家', 'The merchant'],
  agent: ['客服', 'An agent'],
  supervisor: ['主管', 'A supervisor'],
  admin: ['管理员', 'An admin'],
  system: ['系统', 'The system'],
} as const;

/** The sentence shown in a case timeline for one event, in both languages. */
export function describeCaseEvent(e: {
  kind: string;
  toState: CaseState;
  actorRole: string;
  reason: string | null;
}): { textZh: string; textEn: string } {
  const [whoZh, whoEn] = ROLE[e.actorRole as keyof typeof ROLE] ?? ROLE.system;
  const to = CASE_STATE_LABELS[e.toState];
  const why = e.reason ? { zh: `，原因：${e.reason}`, en: ` Reason: ${e.reason}` } : { zh: '', en: '' };
  if (e.kind === 'submit')
    return {
      textZh: `${whoZh}提交了退款申请，等待审核`,
      textEn: `${whoEn} submitted the refund request; it awaits review`,
    };
  if (e.kind === 'withdraw')
    return { textZh: `${whoZh}撤销了退款申请${why.zh}`, textEn: `${whoEn} withdrew the request.${why.en}` };
  return {
    textZh: `${whoZh}将退款单变更为「${to.zh}」${why.zh}`,
    textEn: `${whoEn} moved the case to "${to.en}".${why.en}`,
  };
}
