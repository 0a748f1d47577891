import type { Db } from '../../platform/db/pool.ts';
import { sweepIdempotencyKeys } from '../../platform/http/idempotency.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';

export const IDEMPOTENCY_SWEEP_JOB = 'system.sweep-idempotency';

/** Hourly: idempotency keys past their retention (24 hours) are deleted with the answers kept for replay. */
export function defineIdempotencySweep(queue: JobQueue, db: Db): void {
  queue.define(
    IDEMPOTENCY_SWEEP_JOB,
    async () => {
      await sweepIdempotencyKeys(db);
    },
    { cron: '41 * * * *' },
  );
}
