import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { applyTransition } from './apply-transition.ts';
import type { CaseRow } from './find-case.ts';

/**
 * Waits for the money issue's payout worker: approval hands over to it through this job. Until that
 * worker exists the job stays queued and the case stays `refunding` — it is never marked refunded here.
 */
export const PAYOUT_PENDING_JOB = 'payout.pending';

/** An approved case goes to payout in the approval's own transaction: case → refunding, job enqueued. */
export async function handOverToPayout(tx: Db, jobs: JobQueue, approved: CaseRow, now: Date): Promise<void> {
  await applyTransition(tx, approved, { event: 'start_payout', as: 'system', actor: null, ip: null, now });
  await jobs.sendInTx(tx, PAYOUT_PENDING_JOB, { caseId: approved.id });
}
