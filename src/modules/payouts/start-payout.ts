import { type SQL, sql } from 'drizzle-orm';
import { type Db, executePrepared } from '../../platform/db/pool.ts';
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
  const { rows } = await executePrepared<{ id: string }>(tx, payoutAttemptInsert(c, now, opts));
  const id = Number(rows[0]!.id);
  await enqueuePayout(tx, jobs, id);
  return id;
}

/**
 * The statement that writes the attempt (RETURNING id): its number counts the case's earlier attempts,
 * its channel is the order's. `onlyIf`: a condition it is written under, when it is one write of a
 * statement of several (the approval's: see refunds/payout-handover.ts).
 */
export function payoutAttemptInsert(
  c: CaseRow,
  now: Date,
  opts: { channel?: 'balance'; onlyIf?: SQL } = {},
): SQL {
  return sql`
    INSERT INTO ${payoutAttempt} (out_refund_no, case_id, order_id, channel, amount_fen, fee_fen, created_at, updated_at)
    SELECT ${c.refundNo} || '-' || ((SELECT count(*) FROM ${payoutAttempt} WHERE case_id = ${c.id}) + 1),
      ${c.id}, o.id, coalesce(${opts.channel ?? null}::text, o.channel, 'balance'),
      ${c.approvedFen ?? c.amountFen}, ${c.feeFen}, ${now}::timestamptz, ${now}::timestamptz
    FROM ${shopOrder} o WHERE o.id = ${c.orderId}${opts.onlyIf ? sql` AND ${opts.onlyIf}` : sql``}
    RETURNING id`;
}

/** Enqueues the job that runs a written attempt, in the transaction that wrote it. */
export async function enqueuePayout(tx: Db, jobs: JobQueue, attemptId: number): Promise<void> {
  await jobs.sendInTx(tx, PAYOUT_JOB, { attemptId });
}
