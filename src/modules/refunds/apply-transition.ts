import { and, eq, sql } from 'drizzle-orm';
import {
  type CaseActor,
  type CaseEvent,
  type CaseState,
  transition,
} from '../../core/refunds/case-machine.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { addCaseEvent } from './events.ts';
import type { CaseRow } from './find-case.ts';
import { refundCase } from './schema.ts';

export type TransitionInput = {
  event: CaseEvent;
  /** Who, in the machine's terms (a system step after a person's action passes 'system'). */
  as: CaseActor;
  actor: Actor | null;
  /** The version the caller's screen showed; a different one means the decision is stale. */
  expectedVersion?: number;
  reason?: string;
  data?: Record<string, unknown>;
  set?: Partial<typeof refundCase.$inferInsert>;
  ip: string | null;
  now: Date;
};

/**
 * Moves a case by one event, in the caller's transaction: checks the state machine, the version
 * (optimistic concurrency: a stale decision is refused, never applied), writes the new state, the
 * timeline row and the audit row together. Returns the case as it now is.
 */
export async function applyTransition(tx: Db, c: CaseRow, input: TransitionInput): Promise<CaseRow> {
  const t = transition(c.state, input.event, input.as);
  if (!t.ok)
    throw new AppError(t.reason === 'actor_not_allowed' ? 'AUTH.FORBIDDEN' : 'REFUND.ILLEGAL_TRANSITION', {
      state: c.state,
    });
  if (input.expectedVersion !== undefined && input.expectedVersion !== c.version)
    throw new AppError('REFUND.STALE', { version: c.version });
  const [updated] = await tx
    .update(refundCase)
    .set({ ...input.set, state: t.to, version: sql`${refundCase.version} + 1`, updatedAt: input.now })
    .where(and(eq(refundCase.id, c.id), eq(refundCase.version, c.version)))
    .returning();
  if (!updated) throw new AppError('REFUND.STALE');
  await addCaseEvent(tx, {
    caseId: c.id,
    kind: input.event,
    fromState: c.state,
    toState: t.to as CaseState,
    actorId: input.actor?.userId ?? null,
    actorRole: input.actor?.role ?? 'system',
    reason: input.reason,
    data: input.data,
    at: input.now,
  });
  await writeAudit(tx, {
    actorId: input.actor?.userId ?? null,
    actorRole: input.actor?.role ?? 'system',
    ip: input.ip,
    action: `refund.${input.event}`,
    subject: `refund:${c.refundNo}`,
    data: { from: c.state, to: t.to, ...input.data },
  });
  return updated;
}
