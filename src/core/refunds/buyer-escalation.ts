import type { CaseState } from './case-machine.ts';

/**
 * States in which a person at the platform still has to act — where asking for a supervisor means
 * something. Not `info_requested` (the platform waits for the buyer), nor a decided case (that is an
 * appeal, 申诉).
 */
export const ESCALATABLE_STATES: readonly CaseState[] = ['submitted', 'risk_hold', 'appealed'];

export type EscalationRefusal =
  | 'REFUND.ILLEGAL_TRANSITION'
  | 'REFUND.ESCALATION_NEEDS_URGE'
  | 'REFUND.ESCALATION_REQUESTED';

/**
 * Why the buyer may not ask for escalation (要求升级) now, or null when they may: only after urging
 * (催办) at least once — the first step is always to urge —, once per case, and only while a person is
 * still to act.
 */
export function escalationRefusal(c: {
  state: CaseState;
  urgeCount: number;
  buyerEscalatedAt: Date | null;
}): EscalationRefusal | null {
  if (c.buyerEscalatedAt !== null) return 'REFUND.ESCALATION_REQUESTED';
  if (!ESCALATABLE_STATES.includes(c.state)) return 'REFUND.ILLEGAL_TRANSITION';
  if (c.urgeCount < 1) return 'REFUND.ESCALATION_NEEDS_URGE';
  return null;
}
