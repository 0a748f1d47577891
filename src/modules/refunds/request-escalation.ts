import { eq } from 'drizzle-orm';
import { escalationRefusal } from '../../core/refunds/buyer-escalation.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser } from '../auth/schema.ts';
import { recordAction } from './apply-transition.ts';
import { findOwnCase } from './find-case.ts';

/**
 * 要求升级: the buyer asks for a supervisor, with a reason — after urging at least once, once per case,
 * while a person is still to act (core/refunds/buyer-escalation.ts). The case joins the supervisors'
 * escalation queue exactly as an agent's escalation puts it there (escalated, first in the queue, no
 * longer an agent's claim). A case the SLA timer or the urge had escalated already stays where it is; the
 * request still reaches the supervisors with the buyer's reason — what the buyer asks for is someone
 * senior to look, and that reason is what they need. The timeline shows it to the buyer with its time.
 */
export async function requestEscalation(input: {
  db: Db;
  buyer: Actor;
  refundNo: string;
  reason: string;
  ip: string;
  now: Date;
}): Promise<void> {
  const { buyer, now } = input;
  await inTransaction(input.db, async (tx) => {
    const c = await findOwnCase(tx, input.refundNo, buyer);
    const refusal = escalationRefusal(c);
    if (refusal) throw new AppError(refusal, { state: c.state });
    const holder =
      c.assigneeId === null
        ? []
        : await tx.select({ role: appUser.role }).from(appUser).where(eq(appUser.id, c.assigneeId));
    const supervisorHolds = holder[0]?.role === 'supervisor' || holder[0]?.role === 'admin';
    await recordAction(tx, c, {
      kind: 'buyer_escalate',
      actor: buyer,
      reason: input.reason,
      data: { alreadyEscalated: c.escalated },
      set: {
        buyerEscalatedAt: now,
        escalated: true,
        escalatedAt: c.escalated ? c.escalatedAt : now,
        // An agent's claim ends (an escalated case is the supervisors'); a supervisor's stays.
        ...(supervisorHolds ? {} : { assigneeId: null, claimExpiresAt: null }),
      },
      ip: input.ip,
      now,
    });
  });
}
