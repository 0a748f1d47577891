import { type BusinessCalendar, isBusinessLocalDay } from '../calendar/business-calendar.ts';
import { localDayOf, startOfLocalDay } from '../calendar/local-day.ts';
import { availableEvents, type CaseActor, type CaseEvent, type CaseState } from './case-machine.ts';

/**
 * What can be done with a case beside moving its state: the attributes of DOMAIN.md (urged,
 * escalated), fee disputes, contact records, evidence, claims, resubmission. Together with the state
 * machine's events this is the list of actions a screen offers; the use-cases check the same rules.
 */
export type CaseFacts = {
  state: CaseState;
  slaDeadline: Date;
  urgedAt: Date | null;
  escalated: boolean;
  feeFen: number;
  feeDisputed: boolean;
  appealCount: number;
  /** Until when a rejected case may be appealed (null: no deadline was set, as before deadlines). */
  appealDeadline: Date | null;
  reopenCount: number;
  resubmitCount: number;
  /** A later case already continues this one (resubmitted). */
  hasNext: boolean;
  merchantDeadline: Date | null;
  merchantResponse: 'agreed' | 'objected' | 'lapsed' | null;
};

export const MAX_APPEALS = 1;
export const MAX_REOPENS = 1;
/** A rejected case may be resubmitted this many times along its chain. */
export const MAX_RESUBMITS = 2;

/** States a reviewer works: the queue, urging, escalation. */
export const REVIEW_STATES: readonly CaseState[] = ['submitted', 'info_requested', 'risk_hold', 'appealed'];
/** States before a decision, where evidence and fee disputes still matter. */
export const UNDECIDED_STATES: readonly CaseState[] = [
  'submitted',
  'info_requested',
  'risk_hold',
  'appealed',
];
/** Urging is about a late decision: not while the platform waits for the buyer. */
const URGEABLE_STATES: readonly CaseState[] = ['submitted', 'risk_hold', 'appealed'];

export type CaseAction =
  | CaseEvent
  | 'urge'
  | 'escalate'
  | 'resubmit'
  | 'dispute_fee'
  | 'waive_fee'
  | 'add_evidence'
  | 'contact'
  | 'claim'
  | 'merchant_object';

/**
 * When the buyer may urge (催办): once the SLA deadline has passed, and at most once per business
 * day — the next chance is the start of the next business day after the last urge.
 */
export function canUrgeAt(cal: BusinessCalendar, c: Pick<CaseFacts, 'slaDeadline' | 'urgedAt'>): Date {
  if (!c.urgedAt) return c.slaDeadline;
  let day = localDayOf(c.urgedAt) + 1;
  while (!isBusinessLocalDay(cal, day)) day += 1;
  return new Date(Math.max(startOfLocalDay(day).getTime(), c.slaDeadline.getTime()));
}

/** Why urging is not possible now, or null when it is. */
export function urgeRefusal(
  cal: BusinessCalendar,
  c: CaseFacts,
  now: Date,
): { code: 'REFUND.URGE_TOO_EARLY' | 'REFUND.URGE_LIMIT' | 'REFUND.ILLEGAL_TRANSITION'; at?: Date } | null {
  if (!URGEABLE_STATES.includes(c.state)) return { code: 'REFUND.ILLEGAL_TRANSITION' };
  const at = canUrgeAt(cal, c);
  if (now >= at) return null;
  return { code: c.urgedAt ? 'REFUND.URGE_LIMIT' : 'REFUND.URGE_TOO_EARLY', at };
}

/** Queue priority: escalated cases first, then urged ones, then the rest (by deadline). */
export function casePriority(c: { escalated: boolean; urgeCount: number }): number {
  return (c.escalated ? 2 : 0) + (c.urgeCount > 0 ? 1 : 0);
}

export function merchantMayRespond(c: CaseFacts, now: Date): boolean {
  return merchantResponseRefusal(c, now) === null;
}

/**
 * Why the merchant cannot answer now: it answered already (agreed or objected), the case has been
 * decided meanwhile (an agent's decision, the buyer's withdrawal), or its window passed.
 */
export function merchantResponseRefusal(
  c: CaseFacts,
  now: Date,
): 'REFUND.MERCHANT_ALREADY_ANSWERED' | 'REFUND.ILLEGAL_TRANSITION' | 'REFUND.MERCHANT_WINDOW_CLOSED' | null {
  if (c.merchantResponse === 'agreed' || c.merchantResponse === 'objected')
    return 'REFUND.MERCHANT_ALREADY_ANSWERED';
  if (c.state !== 'submitted') return 'REFUND.ILLEGAL_TRANSITION';
  if (c.merchantResponse !== null || c.merchantDeadline === null || now >= c.merchantDeadline)
    return 'REFUND.MERCHANT_WINDOW_CLOSED';
  return null;
}

/** Why a rejected case cannot be appealed now: appealed once already, or its deadline passed. */
export function appealRefusal(
  c: Pick<CaseFacts, 'appealCount' | 'appealDeadline'>,
  now: Date,
): 'REFUND.APPEAL_LIMIT' | 'REFUND.APPEAL_TOO_LATE' | null {
  if (c.appealCount >= MAX_APPEALS) return 'REFUND.APPEAL_LIMIT';
  if (c.appealDeadline !== null && now > c.appealDeadline) return 'REFUND.APPEAL_TOO_LATE';
  return null;
}

/** Every action the actor could take on the case now, in the order screens show them. */
export function caseActions(cal: BusinessCalendar, c: CaseFacts, actor: CaseActor, now: Date): CaseAction[] {
  const events = availableEvents(c.state, actor).filter((e) => {
    if (e === 'appeal') return appealRefusal(c, now) === null;
    if (e === 'reopen') return c.reopenCount < MAX_REOPENS;
    if (e === 'merchant_agree') return merchantMayRespond(c, now);
    // The buyer answers with `supplement`; whether it returns to a risk review is the use-case's call.
    if (e === 'supplement_risk') return false;
    // An escalated case is a supervisor's: agents may look, log contacts and escalate no further.
    if (actor === 'agent' && c.escalated) return false;
    return true;
  });
  const extra: CaseAction[] = [];
  const undecided = UNDECIDED_STATES.includes(c.state);
  if (actor === 'buyer') {
    if (!urgeRefusal(cal, c, now)) extra.push('urge');
    if (c.state === 'rejected' && !c.hasNext && c.resubmitCount < MAX_RESUBMITS) extra.push('resubmit');
    // Before the decision the fee is disputed on the case; after the refund, in a fee-dispute case.
    if ((undecided || c.state === 'refunded') && c.feeFen > 0 && !c.feeDisputed) extra.push('dispute_fee');
    if (undecided) extra.push('add_evidence');
  }
  if (actor === 'agent' || actor === 'supervisor') {
    // Escalated and appealed cases are the supervisors': agents do not take them.
    const agentsOff = actor === 'agent' && (c.escalated || c.state === 'appealed');
    if (REVIEW_STATES.includes(c.state) && !agentsOff) extra.push('claim');
    if (REVIEW_STATES.includes(c.state) && !c.escalated) extra.push('escalate');
    if (actor === 'supervisor' && undecided && c.feeFen > 0) extra.push('waive_fee');
    if (c.state !== 'withdrawn') extra.push('contact');
  }
  if (actor === 'merchant' && merchantMayRespond(c, now)) extra.push('merchant_object');
  return [...events, ...extra];
}
