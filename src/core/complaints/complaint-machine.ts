/**
 * The complaint (投诉) state machine, as data. A complaint is a buyer's word against how a case was
 * handled or how a merchant behaves; it goes to supervisors. `transition` is pure: whether an actor may
 * move a complaint by an event, and where to. Side effects (timeline, audit, 站内信, ledger) belong to the
 * use-case that saves the new state.
 */
export const COMPLAINT_STATES = [
  'submitted', // 已提交
  'accepted', // 已受理
  'investigating', // 调查中
  'resolved', // 已处理
  'dismissed', // 不予支持
] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/** What a complaint is about: five kinds about one case's handling, one about a merchant in general. */
export const COMPLAINT_KINDS = [
  'slow_handling', // 处理太慢
  'unfair_rejection', // 拒绝不合理
  'unfair_fee', // 手续费不合理
  'merchant_conduct', // 商家行为
  'agent_conduct', // 客服态度/行为
  'merchant_general', // 投诉商家（不针对某个退款单）
] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

/** Kinds filed from a refund case (the case is required); the rest name a merchant. */
export const CASE_COMPLAINT_KINDS: readonly ComplaintKind[] = [
  'slow_handling',
  'unfair_rejection',
  'unfair_fee',
  'merchant_conduct',
  'agent_conduct',
];

/** Kinds about the merchant's own conduct: the merchant sees and answers these (the rest are about the platform). */
export const MERCHANT_VISIBLE_KINDS: readonly ComplaintKind[] = ['merchant_conduct', 'merchant_general'];

export const COMPLAINT_EVENTS = ['accept', 'investigate', 'resolve', 'dismiss', 'reopen'] as const;
export type ComplaintEvent = (typeof COMPLAINT_EVENTS)[number];

export type ComplaintActor = 'buyer' | 'supervisor' | 'system';

type Edge = { from: readonly ComplaintState[]; to: ComplaintState; by: readonly ComplaintActor[] };

/** Every legal move; anything else is refused. Admins act as supervisors here. */
export const COMPLAINT_TRANSITIONS: Readonly<Record<ComplaintEvent, Edge>> = {
  accept: { from: ['submitted'], to: 'accepted', by: ['supervisor'] },
  investigate: { from: ['accepted'], to: 'investigating', by: ['supervisor'] },
  resolve: { from: ['accepted', 'investigating'], to: 'resolved', by: ['supervisor'] },
  // A complaint can be turned down at any point before a resolution, with a reason.
  dismiss: { from: ['submitted', 'accepted', 'investigating'], to: 'dismissed', by: ['supervisor'] },
  // The buyer may reopen a finished complaint once (MAX_COMPLAINT_REOPENS, checked with the count).
  reopen: { from: ['resolved', 'dismissed'], to: 'submitted', by: ['buyer'] },
};

export const MAX_COMPLAINT_REOPENS = 1;

export type ComplaintTransition =
  | { ok: true; to: ComplaintState }
  | { ok: false; reason: 'illegal_transition' | 'actor_not_allowed' };

export function complaintTransition(
  from: ComplaintState,
  event: ComplaintEvent,
  actor: ComplaintActor,
): ComplaintTransition {
  const edge = COMPLAINT_TRANSITIONS[event];
  if (!edge.from.includes(from)) return { ok: false, reason: 'illegal_transition' };
  if (!edge.by.includes(actor)) return { ok: false, reason: 'actor_not_allowed' };
  return { ok: true, to: edge.to };
}

/** States in which the complaint waits for the platform (deadline running, can be urged). */
export const OPEN_COMPLAINT_STATES: readonly ComplaintState[] = ['submitted', 'accepted', 'investigating'];

export function complaintEvents(state: ComplaintState, actor: ComplaintActor): ComplaintEvent[] {
  return COMPLAINT_EVENTS.filter((e) => complaintTransition(state, e, actor).ok);
}
