import { and, eq, sql } from 'drizzle-orm';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { addCaseEvent } from './events.ts';
import { findVisibleCase } from './find-case.ts';
import { refundCase } from './schema.ts';

export const CLAIM_MINUTES = 30;

/** An agent takes a case to work on it; someone else's live claim wins. Claiming again extends it. */
export async function claimRefund(input: {
  db: Db;
  agent: Actor;
  refundNo: string;
  ip: string;
  now: Date;
}): Promise<void> {
  const { agent, now } = input;
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, agent, { forUpdate: true });
    if (!(OPEN_STATES as readonly string[]).includes(c.state))
      throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: c.state });
    if (agent.role === 'agent' && (c.escalated || c.state === 'appealed'))
      throw new AppError('REFUND.SUPERVISOR_ONLY');
    if (c.assigneeId && c.assigneeId !== agent.userId && c.claimExpiresAt && c.claimExpiresAt > now) {
      throw new AppError('REFUND.CLAIMED_BY_OTHER', { until: c.claimExpiresAt.toISOString() });
    }
    const until = new Date(now.getTime() + CLAIM_MINUTES * 60_000);
    await tx
      .update(refundCase)
      .set({
        assigneeId: agent.userId,
        claimExpiresAt: until,
        version: sql`${refundCase.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(refundCase.id, c.id)));
    await addCaseEvent(tx, {
      caseId: c.id,
      kind: 'claim',
      fromState: c.state,
      toState: c.state,
      actorId: agent.userId,
      actorRole: agent.role,
      at: now,
    });
    await writeAudit(tx, {
      actorId: agent.userId,
      actorRole: agent.role,
      ip: input.ip,
      action: 'refund.claim',
      subject: `refund:${c.refundNo}`,
    });
  });
}
