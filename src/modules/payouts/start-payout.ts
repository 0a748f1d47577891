import { count, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { shopOrder } from '../orders/schema.ts';
import type { CaseRow } from '../refunds/find-case.ts';
import { payoutAttempt } from './schema.ts';

/** Runs one payout attempt: calls the channel, or asks it again about an unconfirmed refund. */
export const PAYOUT_JOB = 'payout.run';

/**
 * Writes a payout attempt for an approved case (or a failed one tried again, or sent to the balance) — its number is the channel's idempotency number,
 * saved before any call — and enqueues the job that runs it, in the approval's own transaction.
 */
export async function startPayout(
  tx: Db,
  jobs: JobQueue,
  c: CaseRow,
  now: Date,
  opts: { channel?: 'balance' } = {},
): Promise<number> {
  const [order] = await tx
    .select({ channel: shopOrder.channel })
    .from(shopOrder)
    .where(eq(shopOrder.id, c.orderId));
  const [{ n }] = (await tx
    .select({ n: count() })
    .from(payoutAttempt)
    .where(eq(payoutAttempt.caseId, c.id))) as [{ n: number }];
  const [attempt] = await tx
    .insert(payoutAttempt)
    .values({
      outRefundNo: `${c.refundNo}-${n + 1}`,
      caseId: c.id,
      orderId: c.orderId,
      channel: opts.channel ?? order!.channel ?? 'balance',
      amountFen: c.approvedFen ?? c.amountFen,
      feeFen: c.feeFen,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: payoutAttempt.id });
  await jobs.sendInTx(tx, PAYOUT_JOB, { attemptId: attempt!.id });
  return attempt!.id;
}
