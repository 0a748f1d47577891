import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { startPayout } from '../payouts/start-payout.ts';
import { applyTransition } from './apply-transition.ts';
import type { CaseRow } from './find-case.ts';

/**
 * An approved case goes to payout in the approval's own transaction: case → refunding, the payout
 * attempt written with its channel idempotency number, and the job that runs it enqueued.
 */
export async function handOverToPayout(tx: Db, jobs: JobQueue, approved: CaseRow, now: Date): Promise<void> {
  const refunding = await applyTransition(tx, approved, {
    event: 'start_payout',
    as: 'system',
    actor: null,
    ip: null,
    now,
  });
  await startPayout(tx, jobs, refunding, now);
}
