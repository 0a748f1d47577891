import { addBusinessDays, type BusinessCalendar } from '../calendar/business-calendar.ts';
import { canUrgeAt } from '../refunds/case-actions.ts';
import type { CaseState } from '../refunds/case-machine.ts';
import {
  CASE_COMPLAINT_KINDS,
  type ComplaintKind,
  type ComplaintState,
  MAX_COMPLAINT_REOPENS,
  OPEN_COMPLAINT_STATES,
} from './complaint-machine.ts';
import type { ComplaintPolicy } from './complaint-policy.ts';

/** When the platform must have resolved a complaint filed (or reopened) at `from`. */
export function complaintDeadline(
  cal: BusinessCalendar,
  policy: ComplaintPolicy,
  kind: ComplaintKind,
  from: Date,
): Date {
  return addBusinessDays(cal, from, policy.resolveDays[kind]);
}

/** When the merchant's answer is due. */
export function merchantAnswerDeadline(cal: BusinessCalendar, policy: ComplaintPolicy, from: Date): Date {
  return addBusinessDays(cal, from, policy.merchantAnswerDays);
}

/** Whether the kind needs a refund case, or a merchant instead. */
export function isCaseKind(kind: ComplaintKind): boolean {
  return CASE_COMPLAINT_KINDS.includes(kind);
}

/**
 * The staff a complaint must not go to: everyone who handled the case it is about (its assignee, the
 * reviewer who rejected, anyone who acted on its timeline as agent or supervisor). Deciding on a
 * complaint about your own handling is the conflict the rule exists to prevent.
 */
export function concernedStaff(input: {
  assigneeId: number | null;
  rejectedBy: number | null;
  staffActorIds: readonly number[];
}): number[] {
  const ids = new Set<number>(input.staffActorIds);
  if (input.assigneeId !== null) ids.add(input.assigneeId);
  if (input.rejectedBy !== null) ids.add(input.rejectedBy);
  return [...ids].sort((a, b) => a - b);
}

export type StaffRole = 'buyer' | 'merchant' | 'agent' | 'supervisor' | 'admin';

/** Why this person may not handle the complaint, or null when they may. */
export function handlingRefusal(
  c: { concernedStaffIds: readonly number[] },
  staff: { userId: number; role: StaffRole },
): 'COMPLAINT.NOT_STAFF' | 'COMPLAINT.CONCERNED' | null {
  if (staff.role !== 'supervisor' && staff.role !== 'admin') return 'COMPLAINT.NOT_STAFF';
  if (c.concernedStaffIds.includes(staff.userId)) return 'COMPLAINT.CONCERNED';
  return null;
}

export type ComplaintTiming = {
  state: ComplaintState;
  deadline: Date;
  urgedAt: Date | null;
};

/** Why the buyer cannot urge (催办) now, or null: after the deadline, once per business day, while open. */
export function complaintUrgeRefusal(
  cal: BusinessCalendar,
  c: ComplaintTiming,
  now: Date,
): {
  code: 'COMPLAINT.URGE_TOO_EARLY' | 'COMPLAINT.URGE_LIMIT' | 'COMPLAINT.ILLEGAL_TRANSITION';
  at?: Date;
} | null {
  if (!OPEN_COMPLAINT_STATES.includes(c.state)) return { code: 'COMPLAINT.ILLEGAL_TRANSITION' };
  const at = canUrgeAt(cal, { slaDeadline: c.deadline, urgedAt: c.urgedAt });
  if (now >= at) return null;
  return { code: c.urgedAt ? 'COMPLAINT.URGE_LIMIT' : 'COMPLAINT.URGE_TOO_EARLY', at };
}

/** Why the buyer cannot reopen now, or null: once, within the policy's window after the decision. */
export function complaintReopenRefusal(
  cal: BusinessCalendar,
  policy: ComplaintPolicy,
  c: { state: ComplaintState; reopenCount: number; closedAt: Date | null },
  now: Date,
): 'COMPLAINT.ILLEGAL_TRANSITION' | 'COMPLAINT.REOPEN_LIMIT' | 'COMPLAINT.REOPEN_TOO_LATE' | null {
  if (c.state !== 'resolved' && c.state !== 'dismissed') return 'COMPLAINT.ILLEGAL_TRANSITION';
  if (c.reopenCount >= MAX_COMPLAINT_REOPENS) return 'COMPLAINT.REOPEN_LIMIT';
  if (c.closedAt && now > addBusinessDays(cal, c.closedAt, policy.reopenWithinDays))
    return 'COMPLAINT.REOPEN_TOO_LATE';
  return null;
}

/** Escalated complaints first, then urged ones, then by deadline. */
export function complaintPriority(c: { escalated: boolean; urgeCount: number }): number {
  return (c.escalated ? 2 : 0) + (c.urgeCount > 0 ? 1 : 0);
}

export const OUTCOME_ACTIONS = ['reopen_case', 'refund_fee', 'compensate'] as const;
export type OutcomeAction = (typeof OUTCOME_ACTIONS)[number];

export type OutcomeCase = {
  state: CaseState;
  /** The fee the platform kept on the refund (0 when none or waived). */
  feeFen: number;
  /** A fee already given back (by a fee dispute or an earlier complaint). */
  feeAlreadyBack: boolean;
};

export type OutcomeProblem =
  | { code: 'COMPLAINT.OUTCOME_NEEDS_CASE'; action: OutcomeAction }
  | { code: 'COMPLAINT.CASE_NOT_REOPENABLE'; state: CaseState }
  | { code: 'COMPLAINT.NO_FEE_TO_REFUND' }
  | { code: 'COMPLAINT.COMPENSATION_RANGE'; maxFen: number };

/** States a case can be sent back to review from by a complaint's outcome. */
export const REOPENABLE_CASE_STATES: readonly CaseState[] = ['rejected', 'closed'];

/**
 * Whether an outcome can be applied: reopening needs a rejected or closed case; a fee refund needs a
 * refunded case whose fee was kept and not yet given back; compensation is 1 fen up to the policy's cap,
 * which holds for the complaint as a whole: a reopened complaint decided again pays at most what is left.
 */
export function checkOutcome(input: {
  actions: readonly OutcomeAction[];
  case: OutcomeCase | null;
  compensationFen: number;
  maxCompensationFen: number;
  /** Compensation this complaint paid at an earlier decision (before the buyer reopened it). */
  compensatedFen: number;
}): OutcomeProblem | null {
  const c = input.case;
  const maxFen = Math.max(0, input.maxCompensationFen - input.compensatedFen);
  for (const action of input.actions) {
    switch (action) {
      case 'reopen_case':
        if (!c) return { code: 'COMPLAINT.OUTCOME_NEEDS_CASE', action };
        if (!REOPENABLE_CASE_STATES.includes(c.state))
          return { code: 'COMPLAINT.CASE_NOT_REOPENABLE', state: c.state };
        break;
      case 'refund_fee':
        if (!c) return { code: 'COMPLAINT.OUTCOME_NEEDS_CASE', action };
        if (c.state !== 'refunded' || c.feeFen <= 0 || c.feeAlreadyBack)
          return { code: 'COMPLAINT.NO_FEE_TO_REFUND' };
        break;
      case 'compensate':
        if (input.compensationFen < 1 || input.compensationFen > maxFen)
          return { code: 'COMPLAINT.COMPENSATION_RANGE', maxFen };
        break;
    }
  }
  if (!input.actions.includes('compensate') && input.compensationFen !== 0)
    return { code: 'COMPLAINT.COMPENSATION_RANGE', maxFen };
  return null;
}
