import { type SQL, sql } from 'drizzle-orm';
import { evaluateRisk, networkOf, type RiskVerdict } from '../../core/risk/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { riskRulesAt } from './rules-store.ts';
import { riskAssessment, riskRuleStat } from './schema.ts';
import type { Signals } from './signals.ts';

/** Who is submitting, from where: the device cookie and the client's network link accounts. */
export type Client = { device: string | null; ip: string };

export type Assessment = { rulesVersion: number; verdict: RiskVerdict; signals: Signals };

/** Judges a submission's signals under the rules in force (`version` as the submit read it). */
export async function assessRisk(db: Db, version: number | null, signals: Signals): Promise<Assessment> {
  const rules = await riskRulesAt(db, version);
  return { rulesVersion: rules.version, verdict: evaluateRisk(rules.rules, signals.values), signals };
}

/**
 * The assessment row, written with the case (plain SQL: on the submit path building it through the
 * query builder cost more than writing it). Evidence is kept only for signals that have some.
 */
export function assessmentInsert(caseId: number, buyerId: number, a: Assessment, now: Date): SQL {
  const evidence = Object.fromEntries(
    Object.entries(a.signals.evidence).filter(([, v]) => v !== null && v !== undefined),
  );
  return sql`INSERT INTO risk_assessment (case_id, buyer_id, rules_version, score, action, signals, fired, created_at)
    VALUES (${caseId}, ${buyerId}, ${a.rulesVersion}, ${a.verdict.score}, ${a.verdict.action},
      ${JSON.stringify({ values: a.signals.values, evidence })}::jsonb, ${JSON.stringify(a.verdict.fired)}::jsonb,
      ${now.toISOString()}::timestamptz)`;
}

export type RiskOutcomeKind = 'hold' | 'clear' | 'reject';

/** Counts one outcome for each rule that fired (for /metrics), in the deciding transaction. */
export function ruleStatsUpsert(db: Db, ruleIds: readonly string[], outcome: RiskOutcomeKind): SQL | null {
  if (ruleIds.length === 0) return null;
  return db
    .insert(riskRuleStat)
    .values(ruleIds.map((ruleId) => ({ ruleId, outcome, count: 1 })))
    .onConflictDoUpdate({
      target: [riskRuleStat.ruleId, riskRuleStat.outcome],
      set: { count: sql`${riskRuleStat.count} + 1` },
    })
    .getSQL();
}

/**
 * Records that this buyer used this device and network. `touch` (sign-in) moves last_seen on when it
 * is over an hour old; `add` (a submission) only adds a tie not yet known, writing nothing otherwise
 * (ON CONFLICT DO UPDATE would lock, and so write, the row even when it changes nothing).
 */
export function linkUpsert(userId: number, client: Client, now: Date, mode: 'touch' | 'add'): SQL | null {
  const network = networkOf(client.ip);
  const rows = [
    ...(client.device
      ? [sql`('device', ${client.device}, ${userId}::bigint, ${now.toISOString()}::timestamptz)`]
      : []),
    ...(network ? [sql`('ip', ${network}, ${userId}::bigint, ${now.toISOString()}::timestamptz)`] : []),
  ];
  if (rows.length === 0) return null;
  return sql`INSERT INTO account_link (kind, value, user_id, first_seen, last_seen)
    SELECT v.kind, v.value, v.user_id, v.at, v.at FROM (VALUES ${sql.join(rows, sql`, `)}) v(kind, value, user_id, at)
    ON CONFLICT (kind, value, user_id) ${
      mode === 'add'
        ? sql`DO NOTHING`
        : sql`DO UPDATE SET last_seen = excluded.last_seen
              WHERE account_link.last_seen < excluded.last_seen - interval '1 hour'`
    }`;
}

/** Runs the counters for a decision taken outside the submit path (clear, reject for risk). */
export async function countOutcome(db: Db, caseId: number, outcome: RiskOutcomeKind): Promise<void> {
  const [row] = await db
    .select({ fired: riskAssessment.fired })
    .from(riskAssessment)
    .where(sql`${riskAssessment.caseId} = ${caseId}`);
  const ids = ((row?.fired ?? []) as { id: string; action: string }[]).map((f) => f.id);
  const upsert = ruleStatsUpsert(db, ids, outcome);
  if (upsert) await db.execute(upsert);
}
