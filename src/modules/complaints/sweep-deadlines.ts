import { sql } from 'drizzle-orm';
import { OPEN_COMPLAINT_STATES } from '../../core/complaints/complaint-machine.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { Context } from '../context.ts';
import { escalateComplaint } from './party-actions.ts';
import { complaint } from './schema.ts';

export const COMPLAINT_SWEEP_JOB = 'complaints.sweep-deadlines';

/**
 * Escalates open complaints past their deadline (through complaint_due_idx, which holds only
 * candidates). Each is re-checked under its row lock and skipped if another worker holds it, so a
 * complaint is escalated once however many sweeps run.
 */
export async function sweepComplaintDeadlines(db: Db, now: Date, limit = 200): Promise<number> {
  const due = await db.execute<{ id: string }>(sql`
    SELECT id FROM complaint WHERE NOT escalated AND state IN ('submitted','accepted','investigating')
      AND deadline <= ${now.toISOString()}::timestamptz ORDER BY deadline LIMIT ${limit}`);
  let escalated = 0;
  for (const { id } of due.rows) {
    const done = await inTransaction(db, async (tx) => {
      const [c] = await tx
        .select()
        .from(complaint)
        .where(sql`id = ${Number(id)}`)
        .for('update', { skipLocked: true });
      if (!c || c.escalated || !OPEN_COMPLAINT_STATES.includes(c.state) || c.deadline > now) return false;
      await escalateComplaint(tx, c, '超过处理时限，自动升级', now);
      return true;
    });
    if (done) escalated += 1;
  }
  return escalated;
}

export function defineComplaintJobs(ctx: Context): void {
  ctx.jobs.define(
    COMPLAINT_SWEEP_JOB,
    async () => {
      await sweepComplaintDeadlines(ctx.db, ctx.now());
    },
    { cron: '* * * * *' },
  );
}
