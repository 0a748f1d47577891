import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';

export const HEARTBEAT_JOB = 'system.heartbeat';

/** The sample recurring job: every minute a worker records that it ran (visible on /readyz). */
export async function recordHeartbeat(db: Db): Promise<void> {
  await db.execute(sql`
    INSERT INTO job_heartbeat (name, last_run_at, runs) VALUES (${HEARTBEAT_JOB}, now(), 1)
    ON CONFLICT (name) DO UPDATE SET last_run_at = now(), runs = job_heartbeat.runs + 1`);
}

export function defineHeartbeat(queue: JobQueue, db: Db): void {
  queue.define(HEARTBEAT_JOB, () => recordHeartbeat(db), { cron: '* * * * *' });
}

export async function lastHeartbeat(db: Db): Promise<{ lastRunAt: string; runs: number } | null> {
  const res = await db.execute<{ last_run_at: Date; runs: number }>(
    sql`SELECT last_run_at, runs FROM job_heartbeat WHERE name = ${HEARTBEAT_JOB}`,
  );
  const row = res.rows[0];
  return row ? { lastRunAt: new Date(row.last_run_at).toISOString(), runs: Number(row.runs) } : null;
}
