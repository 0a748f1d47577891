import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { enqueuePayout, payoutAttemptInsert } from '../payouts/start-payout.ts';
import { applyTransitionThen, CASE_WRITTEN, type TransitionInput } from './apply-transition.ts';
import type { CaseRow } from './find-case.ts';

/**
 * The step that leaves a case approved (an approval, the merchant confirming a returned item, its
 * window lapsing) and the hand-over to payout, in the caller's transaction and in one statement: the
 * step, at once the system's start_payout (refunding), each with its timeline, audit row and messages,
 * and the payout attempt with its channel idempotency number; then the job that runs it is enqueued
 * (pg-boss's own statement).
 */
export async function handOverToPayout(
  tx: Db,
  jobs: JobQueue,
  c: CaseRow,
  approval: TransitionInput,
): Promise<CaseRow> {
  const { row, alsoId } = await applyTransitionThen(
    tx,
    c,
    { ...approval, also: (after) => [payoutAttemptInsert(after, approval.now, { onlyIf: CASE_WRITTEN })] },
    'start_payout',
  );
  await enqueuePayout(tx, jobs, alsoId!);
  return row;
}
