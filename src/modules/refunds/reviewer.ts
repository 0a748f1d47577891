import type { CaseActor } from '../../core/refunds/case-machine.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseRow } from './find-case.ts';

/**
 * Agents decide only cases they hold a live claim on (one agent at a time; claims lapse) and that are
 * not escalated or appealed. Supervisors and admins act as supervisors and need no claim: they take
 * escalations and appeals — an appeal never by the reviewer who rejected the case.
 */
export function reviewerRole(actor: Actor, c: CaseRow, now: Date): CaseActor {
  if (actor.role === 'supervisor' || actor.role === 'admin') {
    if (c.state === 'appealed' && c.rejectedBy === actor.userId)
      throw new AppError('REFUND.APPEAL_SAME_REVIEWER');
    return 'supervisor';
  }
  if (actor.role !== 'agent') throw new AppError('AUTH.FORBIDDEN');
  if (c.escalated || c.state === 'appealed') throw new AppError('REFUND.SUPERVISOR_ONLY');
  if (c.assigneeId !== actor.userId || !c.claimExpiresAt || c.claimExpiresAt <= now)
    throw new AppError('REFUND.CLAIM_REQUIRED');
  return 'agent';
}
