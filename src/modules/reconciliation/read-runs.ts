import { and, asc, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { ReconRun } from './reconcile-day.ts';
import { reconMismatch, reconRun } from './schema.ts';

/** How many of a run's mismatches one answer carries (the run's `mismatched` says how many there are). */
export const MISMATCH_PAGE = 1000;

/**
 * A run's number within its day (2026-12-06 第 2 次): runs of the same day up to this one, read from
 * recon_run_day_idx. The id is a global counter and says nothing to a reader.
 */
const seqInDay = sql<number>`(SELECT count(*)::int FROM recon_run r2 WHERE r2.day = recon_run.day AND r2.id <= recon_run.id)`;

export function runJson(r: ReconRun, seq: number) {
  return {
    id: r.id,
    day: r.day,
    seq: Number(seq),
    status: r.status,
    triggeredBy: r.triggeredBy,
    checked: r.checked,
    mismatched: r.mismatched,
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** Runs, latest first, keyset-paged by id; optionally one day's only. */
export async function listRuns(db: Db, q: { cursor?: number; limit: number; day?: string }) {
  const where: SQL[] = [];
  if (q.cursor) where.push(lt(reconRun.id, q.cursor));
  if (q.day) where.push(eq(reconRun.day, q.day));
  const rows = await db
    .select({ r: reconRun, seq: seqInDay })
    .from(reconRun)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(reconRun.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(({ r, seq }) => runJson(r, seq)),
    nextCursor: rows.length > q.limit ? page.at(-1)!.r.id : null,
  };
}

/** One run with (the first MISMATCH_PAGE of) its mismatches. */
export async function getRun(db: Db, id: number) {
  const [row] = await db.select({ r: reconRun, seq: seqInDay }).from(reconRun).where(eq(reconRun.id, id));
  if (!row) throw new AppError('RESOURCE.NOT_FOUND');
  const mismatches = await db
    .select()
    .from(reconMismatch)
    .where(eq(reconMismatch.runId, id))
    .orderBy(asc(reconMismatch.id))
    .limit(MISMATCH_PAGE);
  return {
    ...runJson(row.r, row.seq),
    mismatches: mismatches.map((m) => ({
      id: m.id,
      outRefundNo: m.outRefundNo,
      channel: m.channel,
      kind: m.kind,
      oursStatus: m.oursStatus,
      theirsStatus: m.theirsStatus,
      oursFen: m.oursFen,
      theirsFen: m.theirsFen,
      detail: m.detail,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

/** Whether the nightly run already reconciled `day` (so a repeated job does nothing). */
export async function scheduledRunDone(db: Db, day: string): Promise<boolean> {
  const [row] = await db
    .select({ id: reconRun.id })
    .from(reconRun)
    .where(and(eq(reconRun.day, day), eq(reconRun.triggeredBy, 'schedule'), eq(reconRun.status, 'done')))
    .limit(1);
  return row !== undefined;
}
