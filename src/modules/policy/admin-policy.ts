import { desc, eq, sql } from 'drizzle-orm';
import { type PolicyDocument, parsePolicy } from '../../core/policy/index.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser } from '../auth/schema.ts';
import { currentPolicy, policyAt } from './current-policy.ts';
import { policyDraft, policyVersion } from './schema.ts';

export type AdminInput = { db: Db; admin: Actor; ip: string };

function validated(document: unknown): PolicyDocument {
  const parsed = parsePolicy(document);
  if (!parsed.ok) throw new AppError('POLICY.INVALID', { issues: parsed.issues });
  return parsed.policy;
}

/** The draft being edited (the current policy when nobody has started one). */
export async function getDraft(
  db: Db,
): Promise<{ document: unknown; updatedAt: string | null; basedOn: number }> {
  const current = await currentPolicy(db);
  const [draft] = await db.select().from(policyDraft).where(eq(policyDraft.id, 1));
  return draft
    ? { document: draft.document, updatedAt: draft.updatedAt.toISOString(), basedOn: current.version }
    : { document: current.document, updatedAt: null, basedOn: current.version };
}

/** Saves the draft. It must validate: the editor shows the issues (with paths) inline instead. */
export async function saveDraft(input: AdminInput & { document: unknown }): Promise<void> {
  validated(input.document);
  await input.db
    .insert(policyDraft)
    .values({ id: 1, document: input.document, updatedBy: input.admin.userId })
    .onConflictDoUpdate({
      target: policyDraft.id,
      set: { document: input.document, updatedBy: input.admin.userId, updatedAt: sql`now()` },
    });
}

/** Publishes a validated document as the next version, audited; serialised across publishers. */
/**
 * Serialises publishers until the transaction ends: the version number is max+1 under this lock, and
 * a publish built on the version in force (a calendar change) reads it under the lock, so a policy
 * published meanwhile is not silently undone. Taking it twice in one transaction is fine.
 */
export async function lockPublishing(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(4201338)`);
}

export async function publishDocument(
  tx: Db,
  input: AdminInput,
  document: PolicyDocument,
  note: string,
  action: string,
  basedOn: number | null,
  /** The version in force the admin acted on: another admin's publish since then → POLICY.STALE. */
  expectedCurrent?: number,
) {
  await lockPublishing(tx);
  const version = Number(
    (await tx.execute<{ v: number }>(sql`SELECT coalesce(max(version), 0) + 1 AS v FROM policy_version`))
      .rows[0]!.v,
  );
  if (expectedCurrent !== undefined && expectedCurrent !== version - 1) throw new AppError('POLICY.STALE');
  await tx
    .insert(policyVersion)
    .values({ version, document: { ...document, version }, note, basedOn, publishedBy: input.admin.userId });
  await writeAudit(tx, {
    actorId: input.admin.userId,
    actorRole: input.admin.role,
    ip: input.ip,
    action,
    subject: `policy:${version}`,
    data: { note, basedOn },
  });
  return version;
}

/** Publishes the draft as the next version; quotes from now on follow it, old cases keep theirs. */
export async function publishDraft(input: AdminInput & { note: string }): Promise<number> {
  return inTransaction(input.db, async (tx) => {
    // The publishers' lock before the draft's row: a calendar change takes them in this order too
    // (it writes its calendar into the draft), so neither waits on the other holding the second.
    await lockPublishing(tx);
    const [draft] = await tx.select().from(policyDraft).where(eq(policyDraft.id, 1)).for('update');
    if (!draft) throw new AppError('POLICY.NO_DRAFT');
    const current = await currentPolicy(tx);
    const version = await publishDocument(
      tx,
      input,
      validated(draft.document),
      input.note,
      'policy.publish',
      current.version,
    );
    await tx.delete(policyDraft).where(eq(policyDraft.id, 1));
    return version;
  });
}

/** Rolls back by publishing an earlier version's document again, as a new version. */
export async function rollbackPolicy(
  input: AdminInput & { toVersion: number; note: string; currentVersion?: number },
): Promise<number> {
  const old = await policyAt(input.db, input.toVersion);
  if (!old) throw new AppError('RESOURCE.NOT_FOUND');
  return inTransaction(input.db, (tx) =>
    publishDocument(
      tx,
      input,
      old.document,
      input.note,
      'policy.rollback',
      old.version,
      input.currentVersion,
    ),
  );
}

export async function listVersions(db: Db) {
  const rows = await db
    .select({ v: policyVersion, by: appUser.displayName })
    .from(policyVersion)
    .leftJoin(appUser, eq(appUser.id, policyVersion.publishedBy))
    .orderBy(desc(policyVersion.version));
  return rows.map(({ v, by }) => ({
    version: v.version,
    note: v.note,
    basedOn: v.basedOn,
    publishedBy: by,
    publishedAt: v.publishedAt.toISOString(),
  }));
}
