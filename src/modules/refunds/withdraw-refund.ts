import { and, eq, sql } from 'drizzle-orm';
import { transition } from '../../core/refunds/case-machine.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { addCaseEvent } from './events.ts';
import { findVisibleCase } from './find-case.ts';
import { refundCase } from './schema.ts';

/** The buyer withdraws their case before it is approved (已撤销); the reserved amount is released. */
export async function withdrawRefund(input: {
  db: Db;
  buyer: Actor;
  refundNo: string;
  reason?: string;
  ip: string;
  now: Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.buyer, { forUpdate: true });
    if (c.buyerId !== input.buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
    const t = transition(c.state, 'withdraw', 'buyer');
    if (!t.ok) throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: c.state });
    const updated = await tx
      .update(refundCase)
      .set({ state: t.to, version: sql`${refundCase.version} + 1`, updatedAt: input.now })
      .where(and(eq(refundCase.id, c.id), eq(refundCase.version, c.version)))
      .returning({ id: refundCase.id });
    if (updated.length === 0) throw new AppError('REFUND.STALE');
    await addCaseEvent(tx, {
      caseId: c.id,
      kind: 'withdraw',
      fromState: c.state,
      toState: t.to,
      actorId: input.buyer.userId,
      actorRole: 'buyer',
      reason: input.reason,
      at: input.now,
    });
    await writeAudit(tx, {
      actorId: input.buyer.userId,
      actorRole: 'buyer',
      ip: input.ip,
      action: 'refund.withdraw',
      subject: `refund:${c.refundNo}`,
    });
  });
}
