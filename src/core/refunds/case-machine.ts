/**
 * The refund case (退款单) state machine, as data (DOMAIN.md "A refund case"). `transition` is pure: it
 * says whether an actor may move a case from one state by an event, and where to. Side effects
 * (timeline row, audit row, messages, jobs) belong to the use-case that saves the new state.
 */
export const CASE_STATES = [
  'submitted', // 待审核
  'info_requested', // 待补充资料 (SLA clock paused)
  'risk_hold', // 风控审核: flagged, reviewed by a person, never auto-rejected
  'approved', // 审核通过
  'awaiting_return', // 待买家退货: approved, the policy wants the goods back first (physical goods)
  'return_shipped', // 待商家收货: the buyer entered a tracking number; the merchant confirms receipt
  'refunding', // 退款中
  'refunded', // 已退款
  'refund_failed', // 退款失败: retried, then handled by hand
  'rejected', // 审核拒绝
  'appealed', // 申诉中: with a supervisor
  'withdrawn', // 已撤销 by the buyer
  'closed', // 已关闭: an information request went unanswered; the buyer may reopen once
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_EVENTS = [
  'request_info',
  'supplement',
  'supplement_risk',
  'flag_risk',
  'clear_risk',
  'approve',
  'merchant_agree',
  'express_approve',
  'reject',
  'withdraw',
  'appeal',
  'start_payout',
  'payout_succeeded',
  'payout_failed',
  'retry_payout',
  'refund_to_balance',
  'close_unanswered',
  'reopen',
  'review_after_complaint',
  'request_return',
  'ship_return',
  'confirm_return',
  'return_confirm_lapsed',
  'object_return',
  'close_unshipped',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

export type CaseActor = 'buyer' | 'merchant' | 'agent' | 'supervisor' | 'system';

type Edge = { from: readonly CaseState[]; to: CaseState; by: readonly CaseActor[] };

const REVIEWERS = ['agent', 'supervisor'] as const;

/** Every legal move. Anything not here is refused. */
export const CASE_TRANSITIONS: Readonly<Record<CaseEvent, Edge>> = {
  request_info: { from: ['submitted', 'risk_hold'], to: 'info_requested', by: REVIEWERS },
  supplement: { from: ['info_requested'], to: 'submitted', by: ['buyer'] },
  // The answer to a request made during a risk review goes back to that review: only a person clears it.
  supplement_risk: { from: ['info_requested'], to: 'risk_hold', by: ['buyer'] },
  flag_risk: { from: ['submitted'], to: 'risk_hold', by: ['system'] },
  clear_risk: { from: ['risk_hold'], to: 'submitted', by: REVIEWERS },
  approve: { from: ['submitted', 'risk_hold'], to: 'approved', by: REVIEWERS },
  // Within its response window the merchant may accept the refund; the case goes to payout.
  merchant_agree: { from: ['submitted'], to: 'approved', by: ['merchant'] },
  // 极速退款: a qualifying submission is approved by the system at once (the policy's express rules).
  express_approve: { from: ['submitted'], to: 'approved', by: ['system'] },
  reject: { from: ['submitted', 'risk_hold'], to: 'rejected', by: REVIEWERS },
  withdraw: {
    // Before the goods go back the buyer may still keep them and withdraw (Taobao: 撤销退货申请).
    from: ['submitted', 'info_requested', 'risk_hold', 'appealed', 'awaiting_return'],
    to: 'withdrawn',
    by: ['buyer'],
  },
  appeal: { from: ['rejected'], to: 'appealed', by: ['buyer'] },
  start_payout: { from: ['approved'], to: 'refunding', by: ['system'] },
  payout_succeeded: { from: ['refunding'], to: 'refunded', by: ['system'] },
  payout_failed: { from: ['refunding'], to: 'refund_failed', by: ['system'] },
  retry_payout: { from: ['refund_failed'], to: 'refunding', by: ['system', 'supervisor'] },
  // The channel could not take the refund back (frozen card, closed account): with the buyer's consent
  // it goes to their Kameng balance instead.
  refund_to_balance: { from: ['refund_failed'], to: 'refunding', by: ['buyer'] },
  close_unanswered: { from: ['info_requested'], to: 'closed', by: ['system'] },
  reopen: { from: ['closed'], to: 'submitted', by: ['buyer'] },
  // A complaint's outcome (投诉处理结果) sends a rejected or closed case back to review (a supervisor's).
  review_after_complaint: { from: ['rejected', 'closed'], to: 'submitted', by: ['system'] },
  // 退货寄回 (physical goods; the policy's return terms say which refund types): an approval that wants
  // the goods back waits for them instead of going to payout, in the approval's own transaction.
  request_return: { from: ['approved'], to: 'awaiting_return', by: ['system'] },
  ship_return: { from: ['awaiting_return'], to: 'return_shipped', by: ['buyer'] },
  // Receipt confirmed (or the merchant's window lapsed): the approval stands and goes to payout.
  confirm_return: { from: ['return_shipped'], to: 'approved', by: ['merchant'] },
  return_confirm_lapsed: { from: ['return_shipped'], to: 'approved', by: ['system'] },
  // The merchant objects (wrong or damaged goods came back): an agent decides again.
  object_return: { from: ['return_shipped'], to: 'submitted', by: ['merchant'] },
  // Not shipped within the window: the case closes (the buyer was reminded first).
  close_unshipped: { from: ['awaiting_return'], to: 'closed', by: ['system'] },
};

/** An appeal is decided by a supervisor only (never the agent who rejected: checked by the use-case). */
const APPEAL_DECISIONS: Readonly<Partial<Record<CaseEvent, CaseState>>> = {
  approve: 'approved',
  reject: 'rejected',
};

export type TransitionResult =
  | { ok: true; to: CaseState }
  | { ok: false; reason: 'illegal_transition' | 'actor_not_allowed' };

export function transition(from: CaseState, event: CaseEvent, actor: CaseActor): TransitionResult {
  if (from === 'appealed' && event in APPEAL_DECISIONS) {
    return actor === 'supervisor'
      ? { ok: true, to: APPEAL_DECISIONS[event]! }
      : { ok: false, reason: 'actor_not_allowed' };
  }
  const edge = CASE_TRANSITIONS[event];
  if (!edge.from.includes(from)) return { ok: false, reason: 'illegal_transition' };
  if (!edge.by.includes(actor)) return { ok: false, reason: 'actor_not_allowed' };
  return { ok: true, to: edge.to };
}

/** States a case can leave by no event at all. */
export const TERMINAL_STATES: readonly CaseState[] = ['refunded', 'withdrawn'];

/** States in which the case is still open (counts against "one open case per order"). */
export const OPEN_STATES: readonly CaseState[] = [
  'submitted',
  'info_requested',
  'risk_hold',
  'approved',
  'awaiting_return',
  'return_shipped',
  'refunding',
  'refund_failed',
  'appealed',
];

/** The events the given actor could fire from `state` — what the UI offers as actions. */
export function availableEvents(state: CaseState, actor: CaseActor): CaseEvent[] {
  return CASE_EVENTS.filter((e) => transition(state, e, actor).ok);
}
