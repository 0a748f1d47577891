import { sql } from 'drizzle-orm';
import {
  type CaseOutcome,
  type RiskSimulation,
  riskSimulator,
  storedSignals,
} from '../../core/risk/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { currentRiskRules, validatedRules } from './rules-store.ts';

const BATCH = 5_000;
const APPROVED = new Set(['approved', 'refunding', 'refunded', 'refund_failed']);
const NOT_APPROVED = new Set(['rejected', 'withdrawn', 'closed']);

const outcomeOf = (state: string): CaseOutcome =>
  APPROVED.has(state) ? 'approved' : NOT_APPROVED.has(state) ? 'not_approved' : 'open';

/**
 * The what-if for a draft rule set: every case of the last `days` days, its signals as recorded at
 * submission, judged by the rules in force and by the draft; how each case ended says which holds
 * were needed. Read in keyset batches, so 100,000 cases stream through without being held at once.
 */
export async function simulateRiskRules(
  db: Db,
  input: { document: unknown; days: number; now: Date },
): Promise<RiskSimulation & { days: number; currentVersion: number }> {
  const draft = validatedRules(input.document);
  const current = await currentRiskRules(db);
  const sim = riskSimulator(current.rules, draft);
  const since = new Date(input.now.getTime() - input.days * 86_400_000).toISOString();
  // Case ids grow with time: start just before the window's first case (risk_assessment_created_idx),
  // so years of older assessments are not read to be filtered out.
  const first = await db.execute<{ id: string | null }>(
    sql`SELECT min(case_id) AS id FROM risk_assessment WHERE created_at > ${since}::timestamptz`,
  );
  let after =
    first.rows[0]?.id === null || first.rows[0]?.id === undefined ? 0 : Number(first.rows[0].id) - 1;
  for (;;) {
    const { rows } = await db.execute<{ case_id: string; refund_no: string; state: string; v: unknown }>(sql`
      SELECT a.case_id, c.refund_no, c.state, a.signals -> 'values' AS v
      FROM risk_assessment a JOIN refund_case c ON c.id = a.case_id
      WHERE a.case_id > ${after} AND a.created_at > ${since}::timestamptz
      ORDER BY a.case_id LIMIT ${BATCH}`);
    for (const r of rows)
      sim.add({
        refundNo: r.refund_no,
        signals: storedSignals((r.v ?? {}) as Record<string, unknown>),
        outcome: outcomeOf(r.state),
      });
    if (rows.length < BATCH) break;
    after = Number(rows[rows.length - 1]!.case_id);
  }
  return { ...sim.result(), days: input.days, currentVersion: current.version };
}
