/**
 * Reason codes an agent picks when rejecting (the buyer sees the label and the agent's own words).
 * A fixed list for now; the admin console will manage it as data.
 */
export const REJECT_REASONS = {
  WRONG_TYPE: {
    zh: '所选退款类型与实际情况不符，请选择正确的类型后重新提交',
    en: 'The refund type chosen does not match what happened',
  },
  EVIDENCE_INSUFFICIENT: {
    zh: '凭证不足或不清晰，无法证明问题存在',
    en: 'The evidence is missing or unclear',
  },
  KEY_ALREADY_USED: {
    zh: '提取记录显示卡密已被查看或使用',
    en: 'The extraction records show the key was viewed or used',
  },
  DELIVERED_IN_FULL: {
    zh: '发货与到账记录显示商品已完整送达',
    en: 'The delivery records show the goods arrived in full',
  },
  OUT_OF_WINDOW: { zh: '超出政策规定的退款时限', en: 'Outside the refund window of the policy' },
  /** Only from a risk review (风控审核); the buyer may appeal with identity verification and records. */
  RISK: {
    zh: '风控核验未通过：账户存在异常退款行为。您可完成实名认证并附上账户记录后申诉',
    en: 'The risk review found abnormal refund activity; verify your identity, attach your account records and appeal',
  },
  OTHER: { zh: '其他原因（见说明）', en: 'Other (see the note)' },
} as const;
export type RejectReasonCode = keyof typeof REJECT_REASONS;
export const REJECT_REASON_CODES = Object.keys(REJECT_REASONS) as [RejectReasonCode, ...RejectReasonCode[]];
