import { formatYuan } from '../money/fen.ts';

/**
 * Reasons the engine itself gives, outside the admin-edited rules. Their ids are reserved so a
 * buyer-facing id always means one thing.
 */
export const SYSTEM_REASON_IDS = [
  'ORDER-UNPAID',
  'ORDER-FULLY-REFUNDED',
  'NO-RULE',
  'INPUT-INVALID',
  'NOTHING-TO-REFUND',
  'REQUEST-CAPPED',
  'REQUEST-PARTIAL',
  'FEES-UNDELIVERED-WAIVED',
  'NO-ITEMS',
] as const;
export type SystemReasonId = (typeof SYSTEM_REASON_IDS)[number];

export interface Reason {
  readonly ruleId: string;
  readonly textZh: string;
  readonly textEn: string;
}

/** The fixed-text reasons; shown as they are and listed on the help page. */
export const SYSTEM_REASONS = {
  'ORDER-UNPAID': {
    ruleId: 'ORDER-UNPAID',
    textZh: '订单未付款，无需退款；未付款订单可直接取消。',
    textEn:
      'The order was never paid, so there is nothing to refund; an unpaid order can simply be cancelled.',
  },
  'ORDER-FULLY-REFUNDED': {
    ruleId: 'ORDER-FULLY-REFUNDED',
    textZh: '该订单的付款已全部退款或正在退款中。',
    textEn: 'Everything paid for this order has already been refunded or is being refunded.',
  },
  'NO-RULE': {
    ruleId: 'NO-RULE',
    textZh: '该订单状态与所选退款类型没有对应的退款规则，请确认退款类型或联系客服。',
    textEn:
      'No refund rule covers this order with the chosen refund type; check the type or contact support.',
  },
  'INPUT-INVALID': {
    ruleId: 'INPUT-INVALID',
    textZh: '订单或申请数据不完整，暂时无法计算退款，请联系客服。',
    textEn: 'The order or request data is incomplete, so the refund cannot be calculated; contact support.',
  },
  'NOTHING-TO-REFUND': {
    ruleId: 'NOTHING-TO-REFUND',
    textZh: '按该规则计算，可退金额为 0（相应部分已退款或已扣除）。',
    textEn: 'Under this rule the refundable amount is 0 (that part was already refunded or deducted).',
  },
  'FEES-UNDELIVERED-WAIVED': {
    ruleId: 'FEES-UNDELIVERED-WAIVED',
    textZh: '未发货的部分不收取手续费。',
    textEn: 'No fee is charged on the part that was not delivered.',
  },
  'NO-ITEMS': {
    ruleId: 'NO-ITEMS',
    textZh: '没有选择要退款的卡密，请至少选择一张。',
    textEn: 'No card key was chosen for the refund; choose at least one.',
  },
} as const satisfies Partial<Record<SystemReasonId, Reason>>;

export function requestCappedReason(requestedFen: number, allowedFen: number): Reason {
  return {
    ruleId: 'REQUEST-CAPPED',
    textZh: `申请金额 ${formatYuan(requestedFen)} 元超过可退金额，按可退上限 ${formatYuan(allowedFen)} 元计算。`,
    textEn: `The requested ¥${formatYuan(requestedFen)} exceeds what can be refunded; capped at ¥${formatYuan(allowedFen)}.`,
  };
}

export function requestPartialReason(requestedFen: number, allowedFen: number): Reason {
  return {
    ruleId: 'REQUEST-PARTIAL',
    textZh: `按您的申请退款 ${formatYuan(requestedFen)} 元（可退上限 ${formatYuan(allowedFen)} 元）。`,
    textEn: `Refunding the ¥${formatYuan(requestedFen)} you asked for (up to ¥${formatYuan(allowedFen)} was possible).`,
  };
}

/** For the help page: what each engine reason means, amounts left out. */
export const SYSTEM_REASON_SUMMARIES: readonly Reason[] = [
  SYSTEM_REASONS['ORDER-UNPAID'],
  SYSTEM_REASONS['ORDER-FULLY-REFUNDED'],
  SYSTEM_REASONS['FEES-UNDELIVERED-WAIVED'],
  {
    ruleId: 'REQUEST-CAPPED',
    textZh: '申请金额超过可退金额时，按可退上限退款。',
    textEn: 'A request above the refundable amount is capped at that amount.',
  },
  {
    ruleId: 'REQUEST-PARTIAL',
    textZh: '您可以申请少于可退上限的金额，按申请金额退款。',
    textEn: 'You may ask for less than the maximum; the refund is then the amount you asked for.',
  },
  SYSTEM_REASONS['NOTHING-TO-REFUND'],
  SYSTEM_REASONS['NO-ITEMS'],
  SYSTEM_REASONS['NO-RULE'],
  SYSTEM_REASONS['INPUT-INVALID'],
];
