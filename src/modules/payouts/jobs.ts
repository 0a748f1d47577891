import { lane } from '../../platform/jobs/lane.ts';
import type { Context } from '../context.ts';
import type { RefundNotification } from '../payments/refund-port.ts';
import { applyInTurn, isFinal, payoutStatus, runPayout } from './run-payout.ts';
import { PAYOUT_JOB } from './start-payout.ts';
import { PAYOUT_SWEEP_JOB, sweepPayouts } from './sweep-payouts.ts';

/**
 * Bookings take turns in this process: a worker's payouts (up to KAMENG_PAYOUT_CONCURRENCY of them wait on
 * their channels at once) and the channel notifications this process receives. Every paid refund
 * updates the same ledger rows (escrow, fee income, the guarantee fund) under row locks, so bookings run
 * one after another anyway; queued here they do not pile up on those rows — eight transactions waiting on
 * the escrow row drained slower than one payout at a time. Throughput only: other processes book
 * alongside, and the row locks keep every booking right.
 */
const bookings = lane(1);

export function definePayoutJobs(ctx: Context): void {
  ctx.jobs.define<{ attemptId: number }>(
    PAYOUT_JOB,
    ({ attemptId }) =>
      runPayout({
        db: ctx.db,
        jobs: ctx.jobs,
        gateways: ctx.gateways,
        attemptId,
        now: ctx.now,
        backoffScale: ctx.config.payoutBackoffScale,
        bookings,
      }),
    {
      concurrency: ctx.config.payoutConcurrency,
      // Running an attempt again is harmless (the channel's idempotency number, outcomes applied once),
      // and a worker that dies takes all its payouts in flight with it, each counted as a retry: more
      // retries than pg-boss's 2, spaced out, before the payout sweep is the only net left.
      retry: { limit: 10, delaySeconds: 1, backoff: true },
    },
  );
  ctx.jobs.define(
    PAYOUT_SWEEP_JOB,
    async () => {
      await sweepPayouts(ctx.db, ctx.jobs, ctx.now());
    },
    { cron: '*/2 * * * *' },
  );
}

/**
 * A verified refund notification from a channel: applied like a query's answer (once, under the
 * attempt's lock). An unknown refund number or an amount other than ours is refused (and logged by the
 * route), so the channel sends it again or a person looks.
 */
export async function applyRefundNotification(
  ctx: Context,
  n: RefundNotification,
): Promise<'ok' | 'unknown'> {
  // Channels notify after the worker has usually applied the same answer: a final attempt never
  // changes again, so one read settles that without the locking transaction (or waiting on its lock).
  const seen = await payoutStatus(ctx.db, n.outRefundNo);
  if (!seen) return 'unknown';
  if (isFinal(seen)) return 'ok';
  const result = await applyInTurn(bookings, {
    db: ctx.db,
    jobs: ctx.jobs,
    outRefundNo: n.outRefundNo,
    status: n.status,
    now: ctx.now(),
    backoffScale: ctx.config.payoutBackoffScale,
  });
  return result === 'not_found' || result === 'mismatch' ? 'unknown' : 'ok';
}
