import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { enqueuePayout, payoutAttemptInsert } from '../payouts/start-payout.ts';
import { payReturnPostage } from '../returns/pay-postage.ts';
import { applyTransitionThen, CASE_WRITTEN, recordAction, type TransitionInput } from './apply-transition.ts';
import type { CaseRow } from './find-case.ts';

/**
 * The step that leaves a case approved (an approval, the merchant confirming a returned item, its
 * window lapsing) and the hand-over to payout, in the caller's transaction and in one statement: the
 * step, at once the system's start_payout (refunding), each with its timeline, audit row and messages,
 * and the payout attempt with its channel idempotency number; then the job that runs it is enqueued
 * (pg-boss's own statement). A case whose goods came back pays the buyer the return postage the merchant
 * owes (退货运费补偿, returns/pay-postage.ts) in the same transaction, with its timeline entry.
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
  if (row.returnReceivedAt === null || row.returnPostageBy !== 'merchant') return row;
  const postage = await payReturnPostage(tx, row, approval.now);
  if (!postage) return row;
  return recordAction(tx, row, {
    // Even the guarantee fund short: nothing booked, the refund goes ahead, the books' people settle it.
    kind: 'shortFen' in postage ? 'return_postage_unpaid' : 'return_postage_paid',
    actor: null,
    data: postage,
    ip: null,
    now: approval.now,
    written: approval.written,
  });
}
