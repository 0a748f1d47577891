import { sql } from 'drizzle-orm';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { PAYOUT_JOB } from './start-payout.ts';

/** The safety net under payout jobs: finds unfinished attempts nobody is working on. */
export const PAYOUT_SWEEP_JOB = 'payout.sweep';

const BATCH = 500;
/** How late a re-check may be before the sweep assumes its job was lost. */
const GRACE_MS = 2 * 60_000;
/** How long an attempt may sit unstarted (its job runs within seconds normally). */
const UNSTARTED_MS = 5 * 60_000;

/**
 * Re-enqueues `payout.run` for attempts whose job was lost: a worker killed mid-job (pg-boss expires
 * it only after 15 minutes), a job pg-boss gave up on after its retries, a booking that failed. Reads
 * only overdue rows through partial indexes; running an attempt twice is harmless (the channel's
 * idempotency number, and outcomes applied once under the attempt's lock). Returns how many it found.
 */
export async function sweepPayouts(db: Db, jobs: JobQueue, now: Date): Promise<number> {
  return inTransaction(db, async (tx) => {
    const due = await tx.execute<{ id: string; calls: number }>(sql`
      (SELECT id, calls FROM payout_attempt
        WHERE status IN ('processing','unknown') AND next_check_at < ${new Date(now.getTime() - GRACE_MS)}
        ORDER BY next_check_at LIMIT ${BATCH})
      UNION ALL
      (SELECT id, calls FROM payout_attempt
        WHERE status = 'pending' AND created_at < ${new Date(now.getTime() - UNSTARTED_MS)}
        ORDER BY created_at LIMIT ${BATCH})`);
    for (const a of due.rows)
      await jobs.sendInTx(
        tx,
        PAYOUT_JOB,
        { attemptId: Number(a.id) },
        { singletonKey: `payout:sweep:${a.id}:${a.calls}` },
      );
    return due.rows.length;
  });
}
