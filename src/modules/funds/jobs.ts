import type { Context } from '../context.ts';
import { settleDueOrders } from './settle-orders.ts';

/** Settles completed orders whose freeze period is over (结算), every ten minutes. */
export const SETTLE_JOB = 'funds.settle';

export function defineFundsJobs(ctx: Context): void {
  ctx.jobs.define(
    SETTLE_JOB,
    async () => {
      await settleDueOrders(ctx.db, ctx.now(), ctx.config.settlementFreezeDays);
    },
    {
      cron: '*/10 * * * *',
    },
  );
}
