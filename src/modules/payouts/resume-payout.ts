import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { applyTransition } from '../refunds/apply-transition.ts';
import { findOwnCase, findVisibleCase } from '../refunds/find-case.ts';
import { startPayout } from './start-payout.ts';

type ResumeInput = {
  db: Db;
  jobs: JobQueue;
  refundNo: string;
  ip: string;
  now: Date;
  expectedVersion?: number;
};

/**
 * After the channel could not take a refund back (退款失败: frozen card, closed account), the buyer
 * may agree to have it paid to their Kameng balance instead. A new payout attempt, with its own
 * number, on the balance channel; the failed one stays as it was.
 */
export async function refundToBalance(input: ResumeInput & { buyer: Actor }): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findOwnCase(tx, input.refundNo, input.buyer);
    if (c.state !== 'refund_failed') throw new AppError('PAYOUT.NOT_RETRYABLE', { state: c.state });
    const moved = await applyTransition(tx, c, {
      event: 'refund_to_balance',
      as: 'buyer',
      actor: input.buyer,
      expectedVersion: input.expectedVersion,
      ip: input.ip,
      now: input.now,
    });
    await startPayout(tx, input.jobs, moved, input.now, { channel: 'balance' });
  });
}

/**
 * Manual handling (人工处理): a supervisor tries the original channel again — after the buyer's card
 * was unfrozen, say — with a new attempt and a new number.
 */
export async function retryPayout(input: ResumeInput & { staff: Actor; note: string }): Promise<void> {
  if (input.staff.role !== 'supervisor' && input.staff.role !== 'admin') throw new AppError('AUTH.FORBIDDEN');
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.staff, { forUpdate: true });
    if (c.state !== 'refund_failed') throw new AppError('PAYOUT.NOT_RETRYABLE', { state: c.state });
    const moved = await applyTransition(tx, c, {
      event: 'retry_payout',
      as: 'supervisor',
      actor: input.staff,
      expectedVersion: input.expectedVersion,
      reason: input.note,
      ip: input.ip,
      now: input.now,
    });
    await startPayout(tx, input.jobs, moved, input.now);
  });
}
