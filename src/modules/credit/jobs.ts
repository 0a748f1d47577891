import type { Context } from '../context.ts';
import { refreshStaleCredit } from './refresh-credit.ts';

/** How often a worker looks for scores a decision has marked stale. */
export const CREDIT_REFRESH_MS = 1000;

/**
 * Workers (role `worker` or `all`) recompute stale credit scores about once a second — a timer, not a
 * queue job: an idle look is one read of an empty partial index, and a decision needs no job row.
 * Readers that need the score exact refresh it themselves (credit-view.ts `creditRow`). Returns what
 * stops the timer, waiting for a sweep under way.
 */
export function startCreditRefresh(ctx: Context): () => Promise<void> {
  if (!ctx.jobs.runWorkers) return async () => {};
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = refreshStaleCredit(ctx.db, ctx.now)
      .catch((err) => ctx.jobs.log.error({ err }, 'credit refresh failed'))
      .finally(() => {
        running = null;
      });
  }, CREDIT_REFRESH_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
