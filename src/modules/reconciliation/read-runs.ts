import { and, asc, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { ReconRun } from './reconcile-day.ts';
import { reconMismatch, reconRun } from './schema.ts';

/** How many of a run's mismatches one answer carries (the run's `mismatched` says how many there are). */
export const MISMATCH_PAGE = 1000;

export function runJson(r: ReconRun) {
  return {
    id: r.id,
    day: r.day,
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
    .select()
    .from(reconRun)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(reconRun.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(runJson),
    nextCursor: rows.length > q.limit ? page.at(-1)!.id : null,
  };
}

/** One run with (the first MISMATCH_PAGE of) its mismatches. */
export async function getRun(db: Db, id: number) {
  const [run] = await db.select().from(reconRun).where(eq(reconRun.id, id));
  if (!run) throw new AppError('RESOURCE.NOT_FOUND');
  const mismatches = await db
    .select()
    .from(reconMismatch)
    .where(eq(reconMismatch.runId, id))
    .orderBy(asc(reconMismatch.id))
    .limit(MISMATCH_PAGE);
  return {
    ...runJson(run),
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
