import { type SQL, sql } from 'drizzle-orm';
import { evaluateRisk, networkOf, type RiskVerdict } from '../../core/risk/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { riskRulesAt } from './rules-store.ts';
import { accountLink, riskAssessment, riskRuleStat } from './schema.ts';
import type { Client, Signals } from './signals.ts';

export type Assessment = { rulesVersion: number; verdict: RiskVerdict; signals: Signals };

/** Judges a submission's signals under the rules in force (`version` as the submit read it). */
export async function assessRisk(db: Db, version: number | null, signals: Signals): Promise<Assessment> {
  const rules = await riskRulesAt(db, version);
  return { rulesVersion: rules.version, verdict: evaluateRisk(rules.rules, signals.values), signals };
}

/** The assessment row, written with the case. */
export function assessmentInsert(db: Db, caseId: number, buyerId: number, a: Assessment, now: Date): SQL {
  return db
    .insert(riskAssessment)
    .values({
      caseId,
      buyerId,
      rulesVersion: a.rulesVersion,
      score: a.verdict.score,
      action: a.verdict.action,
      signals: { values: a.signals.values, evidence: a.signals.evidence },
      fired: a.verdict.fired,
      createdAt: now,
    })
    .getSQL();
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

/** Records that this buyer used this device and network (first seen, last seen). */
export function linkUpsert(db: Db, userId: number, client: Client, now: Date): SQL | null {
  const network = networkOf(client.ip);
  const rows = [
    ...(client.device ? [{ kind: 'device' as const, value: client.device }] : []),
    ...(network ? [{ kind: 'ip' as const, value: network }] : []),
  ];
  if (rows.length === 0) return null;
  return db
    .insert(accountLink)
    .values(rows.map((r) => ({ ...r, userId, firstSeen: now, lastSeen: now })))
    .onConflictDoUpdate({
      target: [accountLink.kind, accountLink.value, accountLink.userId],
      set: { lastSeen: sql`excluded.last_seen` },
    })
    .getSQL();
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
