import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';

/** One job per stored deadline (SLA, information request, merchant window); see sweep-timers.ts. */
export const CASE_TIMER_JOB = 'refunds.timer';
/** The safety net: every minute, whatever is due and was not fired by its own job. */
export const TIMER_SWEEP_JOB = 'refunds.sweep-timers';

/**
 * Schedules a check of the case at a deadline, in the transaction that set the deadline (so a crash
 * can neither lose it nor invent it). The deadline itself lives on the case row; the job only says
 * "look again then". One job per case and deadline (singletonKey); a moved deadline gets its own,
 * and the old one finds nothing due.
 */
export async function scheduleCaseTimer(
  tx: Db,
  jobs: JobQueue,
  caseId: number,
  at: Date,
  now: Date,
): Promise<void> {
  const seconds = Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 1000));
  await jobs.sendInTx(
    tx,
    CASE_TIMER_JOB,
    { caseId },
    {
      startAfterSeconds: seconds,
      singletonKey: `${caseId}:${at.getTime()}`,
    },
  );
}
