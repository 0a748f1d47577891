import { previousDay } from '../../core/reconciliation/day.ts';
import type { Context } from '../context.ts';
import { scheduledRunDone } from './read-runs.ts';
import { reconcileDay } from './reconcile-day.ts';

export const RECON_DAILY_JOB = 'reconciliation.daily';

/**
 * The nightly run: yesterday's Beijing day, once. A repeat of the job (a retry, a second worker) does
 * nothing when that day's scheduled run is done; a failed run throws so the queue retries it.
 */
export async function runDailyReconciliation(ctx: Pick<Context, 'db' | 'gateways' | 'now'>): Promise<void> {
  const day = previousDay(ctx.now());
  if (await scheduledRunDone(ctx.db, day)) return;
  const run = await reconcileDay({
    db: ctx.db,
    gateways: ctx.gateways,
    day,
    triggeredBy: 'schedule',
    now: ctx.now,
  });
  if (run.status === 'failed') throw new Error(`reconciliation of ${day} failed: ${run.error}`);
}

export function defineReconciliationJobs(ctx: Context): void {
  // 02:30 Beijing: late settlements and the channels' own day-end are in by then.
  ctx.jobs.define(RECON_DAILY_JOB, () => runDailyReconciliation(ctx), { cron: '30 2 * * *' });
}
