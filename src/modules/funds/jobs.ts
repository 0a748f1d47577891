import type { Context } from '../context.ts';
import { runSettlement } from './settle-orders.ts';

/** Settles completed orders whose freeze period is over (结算), every ten minutes. */
export const SETTLE_JOB = 'funds.settle';

export function defineFundsJobs(ctx: Context): void {
  ctx.jobs.define(
    SETTLE_JOB,
    async () => {
      const run = await runSettlement(ctx.db, ctx.now(), ctx.config.settlementFreezeDays);
      if (run.unbooked > 0)
        ctx.jobs.log.warn(
          { unbooked: run.unbooked, orders: run.unbookedOrderNos },
          'settlement skipped orders whose payment is not booked in the ledger',
        );
      if (run.capped > 0)
        ctx.jobs.log.warn(
          { capped: run.capped, orders: run.cappedOrderNos },
          'settlement paid orders only what the ledger holds in escrow for them',
        );
      // Kept by pg-boss as the job's output: the metrics endpoint reads the latest run from there.
      return run;
    },
    {
      cron: '*/10 * * * *',
    },
  );
}
