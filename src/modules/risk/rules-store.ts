import { desc, eq, sql } from 'drizzle-orm';
import { DEFAULT_RISK_RULES, parseRiskRules, type RiskRules } from '../../core/risk/index.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser } from '../auth/schema.ts';
import { riskRulesVersion } from './schema.ts';

export type PublishedRules = { version: number; rules: RiskRules; note: string; publishedAt: Date };

// Versions never change once written, so each is parsed once per process.
const cache = new Map<number, PublishedRules>();

function load(row: typeof riskRulesVersion.$inferSelect): PublishedRules {
  const parsed = parseRiskRules(row.document);
  // Only validated documents are ever published; a row that no longer parses is a bug to see at once.
  if (!parsed.ok)
    throw new Error(`risk rules v${row.version} do not parse: ${JSON.stringify(parsed.issues)}`);
  const published = {
    version: row.version,
    rules: parsed.value,
    note: row.note,
    publishedAt: row.publishedAt,
  };
  cache.set(row.version, published);
  return published;
}

/** The rules in force: the highest version. A fresh database publishes the defaults as version 1. */
export async function currentRiskRules(db: Db): Promise<PublishedRules> {
  const [row] = await db.select().from(riskRulesVersion).orderBy(desc(riskRulesVersion.version)).limit(1);
  if (row) return cache.get(row.version) ?? load(row);
  await db
    .insert(riskRulesVersion)
    .values({ version: 1, document: { ...DEFAULT_RISK_RULES, version: 1 }, note: '默认风控规则' })
    .onConflictDoNothing();
  return currentRiskRules(db);
}

/** One version (the submit path reads the highest number in its own statement, then this). */
export async function riskRulesAt(db: Db, version: number | null): Promise<PublishedRules> {
  if (version === null) return currentRiskRules(db);
  const cached = cache.get(version);
  if (cached) return cached;
  const [row] = await db.select().from(riskRulesVersion).where(eq(riskRulesVersion.version, version));
  return row ? load(row) : currentRiskRules(db);
}

export function validatedRules(document: unknown): RiskRules {
  const parsed = parseRiskRules(document);
  if (!parsed.ok) throw new AppError('RISK.RULES_INVALID', { issues: parsed.issues });
  return parsed.value;
}

/**
 * Publishes a rule set as the next version, audited. `basedOn` is the version the admin edited: if
 * someone published meanwhile the edit is refused (409) rather than silently undoing theirs. A
 * rollback is the publication of an older version's document.
 */
export async function publishRiskRules(input: {
  db: Db;
  admin: Actor;
  ip: string;
  document: unknown;
  note: string;
  basedOn: number;
}): Promise<number> {
  const rules = validatedRules(input.document);
  return inTransaction(input.db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(4201339)`);
    const current = await currentRiskRules(tx);
    if (current.version !== input.basedOn)
      throw new AppError('RISK.RULES_STALE', { current: current.version, basedOn: input.basedOn });
    const version = current.version + 1;
    const { version: _old, ...document } = rules;
    await tx.insert(riskRulesVersion).values({
      version,
      document: { ...document, version },
      note: input.note,
      basedOn: input.basedOn,
      publishedBy: input.admin.userId,
    });
    await writeAudit(tx, {
      actorId: input.admin.userId,
      actorRole: input.admin.role,
      ip: input.ip,
      action: 'risk.rules_publish',
      subject: `risk_rules:${version}`,
      data: { note: input.note, basedOn: input.basedOn, rules: rules.rules.length },
    });
    return version;
  });
}

export async function listRiskRuleVersions(db: Db) {
  const rows = await db
    .select({ v: riskRulesVersion, by: appUser.displayName })
    .from(riskRulesVersion)
    .leftJoin(appUser, eq(appUser.id, riskRulesVersion.publishedBy))
    .orderBy(desc(riskRulesVersion.version))
    .limit(200);
  return rows.map(({ v, by }) => ({
    version: v.version,
    note: v.note,
    basedOn: v.basedOn,
    publishedBy: by,
    publishedAt: v.publishedAt.toISOString(),
    document: v.document,
  }));
}
