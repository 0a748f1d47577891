import type { CaseActor } from '../../core/refunds/case-machine.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { CaseRow } from './find-case.ts';

/**
 * Agents decide only cases they hold a live claim on (one agent at a time; claims lapse). Supervisors
 * and admins act as supervisors and need no claim: they take escalations and appeals.
 */
export function reviewerRole(actor: Actor, c: CaseRow, now: Date): CaseActor {
  if (actor.role === 'supervisor' || actor.role === 'admin') return 'supervisor';
  if (actor.role !== 'agent') throw new AppError('AUTH.FORBIDDEN');
  if (c.assigneeId !== actor.userId || !c.claimExpiresAt || c.claimExpiresAt <= now)
    throw new AppError('REFUND.CLAIM_REQUIRED');
  return 'agent';
}
