import { and, asc, count, gt, gte, inArray } from 'drizzle-orm';
import { writeAudit } from '../../../platform/audit.ts';
import { inTransaction } from '../../../platform/db/pool.ts';
import type { JobQueue } from '../../../platform/jobs/queue.ts';
import type { Actor } from '../../auth/actor.ts';
import { evidence } from '../schema.ts';
import { CHECK_JOB, type CheckJob } from './jobs.ts';
import { type CheckDeps, runEvidenceChecks } from './run-checks.ts';

/** Images per re-check job: a job stays short enough to retry whole. */
const PER_JOB = 50;
const PAGE = 500;

const checkedSince = (since: Date) =>
  and(inArray(evidence.kind, ['image', 'video']), gte(evidence.createdAt, since));

async function page(deps: Pick<CheckDeps, 'db'>, since: Date, afterId: number): Promise<number[]> {
  const rows = await deps.db
    .select({ id: evidence.id })
    .from(evidence)
    .where(and(checkedSince(since), gt(evidence.id, afterId)))
    .orderBy(asc(evidence.id))
    .limit(PAGE);
  return rows.map((r) => r.id);
}

/**
 * Queues the checks of every image uploaded since `since` again (after the OCR settings, the trained
 * data or a checker changed): the workers replace the old results. One audit entry says who asked.
 */
export async function queueRecheck(input: {
  db: CheckDeps['db'];
  jobs: JobQueue;
  since: Date;
  actor: Actor;
  ip: string;
}): Promise<{ images: number; jobs: number }> {
  return inTransaction(input.db, async (tx) => {
    let images = 0;
    let jobs = 0;
    for (let after = 0; ; ) {
      const ids = await page({ db: tx }, input.since, after);
      for (let i = 0; i < ids.length; i += PER_JOB) {
        await input.jobs.sendInTx<CheckJob>(tx, CHECK_JOB, { evidenceIds: ids.slice(i, i + PER_JOB) });
        jobs++;
      }
      images += ids.length;
      if (ids.length < PAGE) break;
      after = ids.at(-1)!;
    }
    await writeAudit(tx, {
      actorId: input.actor.userId,
      actorRole: input.actor.role,
      ip: input.ip,
      action: 'evidence.recheck',
      subject: 'evidence',
      data: { since: input.since.toISOString(), images, jobs },
    });
    return { images, jobs };
  });
}

/**
 * Runs the checks of every image uploaded since `since` in this process, one after another (the CLI's
 * re-check, with a progress bar fed by `progress`). Returns how many results of each kind were written.
 */
export async function recheckSince(
  deps: CheckDeps,
  since: Date,
  progress: (done: number, total: number) => void,
): Promise<{ images: number; results: Record<string, number> }> {
  const [{ total }] = (await deps.db
    .select({ total: count() })
    .from(evidence)
    .where(checkedSince(since))) as [{ total: number }];
  const results: Record<string, number> = {};
  let done = 0;
  progress(0, total);
  for (let after = 0; ; ) {
    const ids = await page(deps, since, after);
    for (const id of ids) {
      for (const c of (await runEvidenceChecks(deps, id)) ?? []) {
        const key = `${c.kind}:${c.result}`;
        results[key] = (results[key] ?? 0) + 1;
      }
      progress(++done, Math.max(total, done));
    }
    if (ids.length < PAGE) break;
    after = ids.at(-1)!;
  }
  return { images: done, results };
}
