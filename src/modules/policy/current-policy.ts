import { desc, eq, sql } from 'drizzle-orm';
import {
  type CompiledPolicy,
  compilePolicy,
  DEFAULT_POLICY,
  type PolicyDocument,
  parsePolicy,
} from '../../core/policy/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { policyVersion } from './schema.ts';

export type PublishedPolicy = {
  version: number;
  document: PolicyDocument;
  compiled: CompiledPolicy;
  publishedAt: Date;
  note: string;
};

// Compiled versions are immutable (rows never change), so caching them per process is safe.
const cache = new Map<number, PublishedPolicy>();

function load(row: typeof policyVersion.$inferSelect): PublishedPolicy {
  const cached = cache.get(row.version);
  if (cached) return cached;
  const parsed = parsePolicy(row.document);
  // Only validated documents are ever published; failing here means the database was edited by hand.
  if (!parsed.ok)
    throw new Error(
      `policy version ${row.version} is invalid: ${parsed.issues[0]?.path} ${parsed.issues[0]?.message}`,
    );
  const document = { ...parsed.policy, version: row.version };
  const published = {
    version: row.version,
    document,
    compiled: compilePolicy(document),
    publishedAt: row.publishedAt,
    note: row.note,
  };
  cache.set(row.version, published);
  return published;
}

/**
 * The policy in force: the highest published version. On a fresh database the seed's defaults are
 * published as version 1 first (concurrent first calls agree through the primary key).
 */
export async function currentPolicy(db: Db): Promise<PublishedPolicy> {
  // The number first: a version already loaded needs neither its document sent nor parsed again.
  const [top] = await db
    .select({ version: policyVersion.version })
    .from(policyVersion)
    .orderBy(desc(policyVersion.version))
    .limit(1);
  const cached = top ? cache.get(top.version) : undefined;
  if (cached) return cached;
  const [row] = top
    ? await db.select().from(policyVersion).where(eq(policyVersion.version, top.version))
    : [];
  if (row) return load(row);
  await db
    .insert(policyVersion)
    .values({
      version: 1,
      document: { ...DEFAULT_POLICY, version: 1 },
      note: '默认政策（来自《退款政策》种子文档）',
    })
    .onConflictDoNothing();
  return currentPolicy(db);
}

/** One published version (a case keeps the version it was decided under). */
export async function policyAt(db: Db, version: number): Promise<PublishedPolicy | null> {
  // Versions never change, so one already loaded needs no query.
  const cached = cache.get(version);
  if (cached) return cached;
  const [row] = await db.select().from(policyVersion).where(eq(policyVersion.version, version));
  return row ? load(row) : null;
}

export async function nextVersion(db: Db): Promise<number> {
  const res = await db.execute<{ v: number }>(
    sql`SELECT coalesce(max(version), 0) + 1 AS v FROM policy_version`,
  );
  return Number(res.rows[0]!.v);
}
