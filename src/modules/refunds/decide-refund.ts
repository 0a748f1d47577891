import { REJECT_REASONS, type RejectReasonCode } from '../../core/refunds/reject-reasons.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { applyTransition } from './apply-transition.ts';
import { findVisibleCase } from './find-case.ts';
import { reviewerRole } from './reviewer.ts';

/**
 * Waits for the money issue's payout worker: approval hands over to it through this job. Until that
 * worker exists the job stays queued and the case stays `refunding` — it is never marked refunded here.
 */
export const PAYOUT_PENDING_JOB = 'payout.pending';

type Decision = { db: Db; reviewer: Actor; refundNo: string; expectedVersion: number; ip: string; now: Date };

/** Asks the buyer for more information (待补充资料); the reason is shown to the buyer. */
export async function requestInfo(input: Decision & { reason: string }): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.reviewer, { forUpdate: true });
    const as = reviewerRole(input.reviewer, c, input.now);
    await applyTransition(tx, c, {
      event: 'request_info',
      as,
      actor: input.reviewer,
      expectedVersion: input.expectedVersion,
      reason: input.reason,
      ip: input.ip,
      now: input.now,
    });
  });
}

/**
 * Approves in full or in part — never above what the policy quoted and reserved on the case — and
 * hands over to payout in the same transaction (case → refunding, job enqueued).
 */
export async function approveRefund(
  input: Decision & { jobs: JobQueue; amountFen?: number; note?: string },
): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.reviewer, { forUpdate: true });
    const as = reviewerRole(input.reviewer, c, input.now);
    const amount = input.amountFen ?? c.amountFen;
    if (amount > c.amountFen) throw new AppError('REFUND.AMOUNT_EXCEEDS_ALLOWED', { maxFen: c.amountFen });
    const approved = await applyTransition(tx, c, {
      event: 'approve',
      as,
      actor: input.reviewer,
      expectedVersion: input.expectedVersion,
      reason: input.note,
      data: { approvedFen: amount },
      set: { approvedFen: amount },
      ip: input.ip,
      now: input.now,
    });
    await applyTransition(tx, approved, {
      event: 'start_payout',
      as: 'system',
      actor: null,
      ip: null,
      now: input.now,
    });
    await input.jobs.sendInTx(tx, PAYOUT_PENDING_JOB, { caseId: c.id });
  });
}

/** Rejects with a reason code from the list and the agent's own words; the buyer sees both. */
export async function rejectRefund(
  input: Decision & { reasonCode: RejectReasonCode; text: string },
): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.reviewer, { forUpdate: true });
    const as = reviewerRole(input.reviewer, c, input.now);
    const label = REJECT_REASONS[input.reasonCode];
    await applyTransition(tx, c, {
      event: 'reject',
      as,
      actor: input.reviewer,
      expectedVersion: input.expectedVersion,
      reason: `${label.zh}。${input.text}`,
      data: { reasonCode: input.reasonCode },
      set: { rejectReasonCode: input.reasonCode, rejectedBy: input.reviewer.userId },
      ip: input.ip,
      now: input.now,
    });
  });
}

/** The buyer answers an information request; the case goes back to review with the clock running. */
export async function supplementRefund(input: {
  db: Db;
  buyer: Actor;
  refundNo: string;
  text: string;
  ip: string;
  now: Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.buyer, { forUpdate: true });
    if (c.buyerId !== input.buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
    await applyTransition(tx, c, {
      event: 'supplement',
      as: 'buyer',
      actor: input.buyer,
      reason: input.text,
      ip: input.ip,
      now: input.now,
    });
  });
}
