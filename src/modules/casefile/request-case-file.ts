import { and, desc, eq, sql } from 'drizzle-orm';
import { type CaseFileScope, scopeForRole } from '../../core/casefile/scope.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { type CaseRow, findVisibleCase } from '../refunds/find-case.ts';
import { CASEFILE_BUILD_JOB } from './build-case-file.ts';
import { caseFile } from './schema.ts';

export type CaseFileRow = typeof caseFile.$inferSelect;

/**
 * The case and the scope the actor may export: a buyer their own case (buyer file), a merchant a case on
 * its shop's orders (merchant file), supervisors and admins any case (full file). Someone else's case is
 * "not found" (findVisibleCase); an agent, who does not export, is 403.
 */
export async function exportable(
  db: Db,
  actor: Actor,
  refundNo: string,
): Promise<{ c: CaseRow; scope: CaseFileScope }> {
  const c = await findVisibleCase(db, refundNo, actor);
  const scope = scopeForRole(actor.role);
  if (!scope) throw new AppError('CASEFILE.NOT_ALLOWED');
  if (scope === 'buyer' && c.buyerId !== actor.userId) throw new AppError('RESOURCE.NOT_FOUND');
  return { c, scope };
}

/** Builds a case and scope may have had requested in the last hour, and builds one person may request. */
export const BUILDS_PER_HOUR = { perCase: 10, perUser: 30 } as const;

/**
 * Queues a build of the case file (the job does the work); the request is in the audit log. A build of
 * the same case and scope still waiting is joined, not queued again; beyond `BUILDS_PER_HOUR` it is 429.
 */
export async function requestCaseFile(input: {
  db: Db;
  jobs: JobQueue;
  actor: Actor;
  refundNo: string;
  ip: string;
  now: Date;
}): Promise<CaseFileRow> {
  const { c, scope } = await exportable(input.db, input.actor, input.refundNo);
  return inTransaction(input.db, async (tx) => {
    let row: CaseFileRow | undefined;
    // A waiting build is joined; one that was built between the insert and the look is not waiting any
    // more, so the insert is tried again.
    for (let tries = 0; !row; tries++) {
      if (tries === 3) throw new AppError('RATE_LIMITED');
      [row] = await tx
        .insert(caseFile)
        .values({ caseId: c.id, scope, requestedBy: input.actor.userId, createdAt: input.now })
        .onConflictDoNothing({ target: [caseFile.caseId, caseFile.scope], where: sql`state = 'queued'` })
        .returning();
      if (row) break;
      const [waiting] = await tx
        .select()
        .from(caseFile)
        .where(and(eq(caseFile.caseId, c.id), eq(caseFile.scope, scope), eq(caseFile.state, 'queued')));
      if (waiting) return waiting;
    }
    const hourAgo = new Date(input.now.getTime() - 3_600_000).toISOString();
    const [recent] = (
      await tx.execute<{ per_case: string; per_user: string }>(sql`
        SELECT count(*) FILTER (WHERE case_id = ${c.id} AND scope = ${scope}) AS per_case,
               count(*) FILTER (WHERE requested_by = ${input.actor.userId}) AS per_user
        FROM case_file
        WHERE created_at > ${hourAgo}::timestamptz AND id <> ${row.id}
          AND (requested_by = ${input.actor.userId} OR (case_id = ${c.id} AND scope = ${scope}))`)
    ).rows;
    if (
      Number(recent!.per_case) >= BUILDS_PER_HOUR.perCase ||
      Number(recent!.per_user) >= BUILDS_PER_HOUR.perUser
    )
      throw new AppError('CASEFILE.TOO_MANY');
    await input.jobs.sendInTx(tx, CASEFILE_BUILD_JOB, { fileId: row.id });
    await writeAudit(tx, {
      actorId: input.actor.userId,
      actorRole: input.actor.role,
      ip: input.ip,
      action: 'casefile.request',
      subject: `refund:${c.refundNo}`,
      data: { fileId: row!.id, scope },
      at: input.now,
    });
    return row!;
  });
}

/** The newest export of this case in the actor's scope, if any. */
export async function latestCaseFile(db: Db, actor: Actor, refundNo: string): Promise<CaseFileRow | null> {
  const { c, scope } = await exportable(db, actor, refundNo);
  const [row] = await db
    .select()
    .from(caseFile)
    .where(and(eq(caseFile.caseId, c.id), eq(caseFile.scope, scope)))
    .orderBy(desc(caseFile.id))
    .limit(1);
  return row ?? null;
}
