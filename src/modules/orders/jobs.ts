import type { Context } from '../context.ts';
import { runTopup, TOPUP_JOB } from './run-topup.ts';
import { autoCompleteOrders, expireUnpaidOrders } from './sweep-orders.ts';

export const EXPIRE_JOB = 'orders.expire-unpaid';
export const AUTO_COMPLETE_JOB = 'orders.auto-complete';

/** Order jobs: top-up delivery, and the sweeps for unpaid and unconfirmed orders. */
export function defineOrderJobs(ctx: Context): void {
  ctx.jobs.define<{ orderId: number }>(TOPUP_JOB, ({ orderId }) =>
    runTopup({ db: ctx.db, jobs: ctx.jobs, supplier: ctx.supplier, orderId, now: ctx.now }),
  );
  ctx.jobs.define(
    EXPIRE_JOB,
    async () => {
      await expireUnpaidOrders(ctx.db, ctx.now());
    },
    { cron: '* * * * *' },
  );
  ctx.jobs.define(
    AUTO_COMPLETE_JOB,
    async () => {
      await autoCompleteOrders(ctx.db, ctx.now(), ctx.config.orders);
    },
    { cron: '*/10 * * * *' },
  );
}
