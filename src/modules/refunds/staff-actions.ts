import { eq } from 'drizzle-orm';
import { REVIEW_STATES, UNDECIDED_STATES } from '../../core/refunds/case-actions.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { shopOrder } from '../orders/schema.ts';
import { recordAction } from './apply-transition.ts';
import { findVisibleCase } from './find-case.ts';

type StaffInput = { db: Db; staff: Actor; refundNo: string; ip: string; now: Date };

const isSupervisor = (a: Actor) => a.role === 'supervisor' || a.role === 'admin';

/** 升级: an agent (or the SLA timer) hands a case to the supervisors; it goes first in their queue. */
export async function escalateRefund(input: StaffInput & { reason: string; expectedVersion: number }) {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.staff, { forUpdate: true });
    if (!REVIEW_STATES.includes(c.state)) throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: c.state });
    if (c.escalated) throw new AppError('REFUND.ALREADY_ESCALATED');
    await recordAction(tx, c, {
      kind: 'escalate',
      actor: input.staff,
      expectedVersion: input.expectedVersion,
      reason: input.reason,
      set: { escalated: true, escalatedAt: input.now, assigneeId: null, claimExpiresAt: null },
      ip: input.ip,
      now: input.now,
    });
  });
}

/**
 * A supervisor waives the fee: the refundable amount grows by it — still never above what the
 * order's payment leaves after earlier refunds and the fees they kept.
 */
export async function waiveFee(input: StaffInput & { note: string; expectedVersion: number }) {
  if (!isSupervisor(input.staff)) throw new AppError('AUTH.FORBIDDEN');
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.staff, { forUpdate: true });
    if (!UNDECIDED_STATES.includes(c.state))
      throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: c.state });
    if (c.feeFen <= 0) throw new AppError('REFUND.NO_FEE');
    const [order] = await tx
      .select({
        paidFen: shopOrder.paidFen,
        refundedFen: shopOrder.refundedFen,
        feesKeptFen: shopOrder.feesKeptFen,
      })
      .from(shopOrder)
      .where(eq(shopOrder.id, c.orderId));
    const o = order!;
    const amountFen = Math.min(c.amountFen + c.feeFen, o.paidFen - o.refundedFen - o.feesKeptFen);
    await recordAction(tx, c, {
      kind: 'waive_fee',
      actor: input.staff,
      expectedVersion: input.expectedVersion,
      reason: input.note,
      data: { feeFen: c.feeFen, amountFen },
      set: { amountFen, feeWaivedFen: c.feeWaivedFen + c.feeFen, feeFen: 0, feeDisputed: false },
      ip: input.ip,
      now: input.now,
    });
  });
}

/** Logs a contact with the buyer (e.g. a phone call) in the timeline; the state stays. */
export async function logContact(input: StaffInput & { channel: 'phone' | 'other'; note: string }) {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.staff, { forUpdate: true });
    if (c.state === 'withdrawn') throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: c.state });
    await recordAction(tx, c, {
      kind: 'contact',
      actor: input.staff,
      reason: input.note,
      data: { channel: input.channel },
      ip: input.ip,
      now: input.now,
    });
  });
}
