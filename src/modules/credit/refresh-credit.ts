import { type SQL, sql } from 'drizzle-orm';
import { type CreditFacts, creditScore } from '../../core/credit/index.ts';
import { type Db, executePrepared } from '../../platform/db/pool.ts';
import { PAID_STATUSES_SQL } from '../orders/schema.ts';

/** The window the score reads, like the risk step's (migration 0021): the buyer's last orders… */
export const CREDIT_ORDER_WINDOW = 500;
/** …the cases opened since the first of them (at most this many), and their last express refunds. */
export const CREDIT_CASE_WINDOW = 500;
export const CREDIT_EXPRESS_WINDOW = 200;

/**
 * The facts the score reads, in one statement of bounded, indexed reads of this buyer's rows: their
 * last 500 orders (`shop_order_buyer_idx`, newest first), the cases opened since the first of those
 * (when the window is full; at most 500, `refund_case_buyer_idx`), cleared holds on those cases, their
 * last 200 express refunds (`express_refund_buyer_idx`), identity by key. A reseller with 20,000 orders
 * costs what anyone with 500 does, and its refund rate is refunds ÷ paid orders over the same window
 * (counting every case against at most 500 orders would read several times the true rate). Express
 * findings are never outside the window: an upheld objection or an abusive finding revokes express, so
 * no newer express refund can push it out.
 */
export async function readCreditFacts(db: Db, userId: number, now: Date): Promise<CreditFacts> {
  return (await readFactsAt(db, userId, now)).facts;
}

/** The facts, and the row's `stale_gen` in the same snapshot (the decisions they include). */
async function readFactsAt(db: Db, userId: number, now: Date): Promise<{ facts: CreditFacts; gen: number }> {
  const res = await executePrepared<Record<string, string | number | boolean | null>>(
    db,
    sql`
    WITH recent AS (
      SELECT status, paid_fen, created_at FROM shop_order WHERE buyer_id = ${userId}
      ORDER BY created_at DESC NULLS LAST, id DESC NULLS LAST LIMIT ${CREDIT_ORDER_WINDOW}
    ), paid AS (
      SELECT paid_fen FROM recent WHERE status IN (${PAID_STATUSES_SQL})
    ), since AS (
      SELECT CASE WHEN count(*) = ${CREDIT_ORDER_WINDOW} THEN min(created_at) END AS at FROM recent
    ), cases AS (
      SELECT id, type, state, approved_fen, reject_reason_code FROM refund_case
      WHERE buyer_id = ${userId} AND created_at >= coalesce((SELECT at FROM since), '-infinity'::timestamptz)
      ORDER BY created_at DESC NULLS LAST, id DESC NULLS LAST LIMIT ${CREDIT_CASE_WINDOW}
    ), express AS (
      SELECT audit, objection FROM express_refund WHERE buyer_id = ${userId}
      ORDER BY created_at DESC LIMIT ${CREDIT_EXPRESS_WINDOW}
    )
    SELECT
      (SELECT created_at FROM app_user WHERE id = ${userId}) AS created_at,
      (SELECT count(*) FROM paid) AS paid_orders,
      (SELECT coalesce(sum(paid_fen), 0) FROM paid) AS paid_fen,
      (SELECT count(*) FROM cases WHERE type <> 'fee_dispute') AS refund_cases,
      (SELECT count(*) FROM cases WHERE approved_fen IS NOT NULL) AS cases_approved,
      (SELECT count(*) FROM cases WHERE state IN ('rejected', 'appealed')
         AND reject_reason_code IS DISTINCT FROM 'RISK') AS cases_rejected,
      (SELECT count(*) FROM cases WHERE state IN ('rejected', 'appealed') AND reject_reason_code = 'RISK') AS holds_rejected,
      (SELECT count(*) FROM refund_case_event e WHERE e.case_id IN (SELECT id FROM cases) AND e.kind = 'clear_risk') AS holds_cleared,
      (SELECT count(*) FROM express WHERE audit = 'fine') AS audit_fine,
      (SELECT count(*) FROM express WHERE audit = 'abusive') AS audit_abusive,
      (SELECT count(*) FROM express WHERE objection = 'upheld') AS express_losses,
      (SELECT status = 'verified' FROM identity_verification WHERE user_id = ${userId}) AS verified,
      (SELECT stale_gen FROM buyer_credit WHERE user_id = ${userId}) AS gen`,
  );
  const r = res.rows[0]!;
  const created = r.created_at ? new Date(r.created_at as string) : now;
  const verified = r.verified === true;
  const facts: CreditFacts = {
    accountAgeDays: Math.max(0, Math.floor((now.getTime() - created.getTime()) / 86_400_000)),
    paidOrders: Number(r.paid_orders),
    paidFen: Number(r.paid_fen),
    refundCases: Number(r.refund_cases),
    casesApproved: Number(r.cases_approved),
    casesRejected: Number(r.cases_rejected),
    holdsCleared: Number(r.holds_cleared),
    holdsRejected: Number(r.holds_rejected),
    auditFine: Number(r.audit_fine),
    auditAbusive: Number(r.audit_abusive),
    expressLosses: Number(r.express_losses),
    identityVerified: verified,
    // The phone is bound by the one-time code of 实名认证; a separate factor so that a phone bound on
    // its own (a later feature) counts without changing the score's shape.
    phoneBound: verified,
  };
  return { facts, gen: Number(r.gen ?? 0) };
}

/**
 * Recomputes and stores a buyer's score, in the caller's transaction — called where a fact changes
 * (order paid, identity verified, an express finding), by readers of a stale row, and by the workers'
 * sweep of stale rows (a case decision only marks the row stale: apply-transition.ts). Keeps
 * `express_revoked`. The row is fresh up to the generation the facts were read at: a decision that
 * committed after that snapshot leaves it stale, whichever of the two writes last.
 */
export async function refreshCredit(db: Db, userId: number, now: Date): Promise<number> {
  const { facts, gen } = await readFactsAt(db, userId, now);
  const s = creditScore(facts);
  await executePrepared(
    db,
    sql`
    INSERT INTO buyer_credit (user_id, score, facts, factors, computed_at, fresh_gen)
    VALUES (${userId}, ${s.score}, ${JSON.stringify(facts)}::jsonb, ${JSON.stringify(s.factors)}::jsonb,
      ${now.toISOString()}::timestamptz, ${gen})
    ON CONFLICT (user_id) DO UPDATE SET score = excluded.score, facts = excluded.facts,
      factors = excluded.factors, computed_at = excluded.computed_at,
      fresh_gen = greatest(buyer_credit.fresh_gen, excluded.fresh_gen)`,
  );
  return s.score;
}

/** The buyers whose stored score misses a decision (oldest marks first is not needed: all go soon). */
export const STALE_CREDIT_BATCH = 200;

/**
 * Recomputes stale scores (workers, about once a second): each buyer in its own short transaction, so
 * a sweep never holds many rows; two workers sweeping at once only do a buyer twice. Returns how many.
 */
export async function refreshStaleCredit(db: Db, now: () => Date): Promise<number> {
  const { rows } = await executePrepared<{ user_id: string }>(
    db,
    sql`SELECT user_id FROM buyer_credit WHERE stale_gen > fresh_gen LIMIT ${STALE_CREDIT_BATCH}`,
  );
  for (const r of rows) await refreshCredit(db, Number(r.user_id), now());
  return rows.length;
}

/**
 * Marks the buyer's score stale, as a data-modifying CTE of the statement that records the decision
 * (`when`: the condition that the decision was written). No row yet: the first read scores the buyer.
 */
export const markCreditStale = (buyerId: number, when: SQL) =>
  sql`UPDATE buyer_credit SET stale_gen = stale_gen + 1 WHERE user_id = ${buyerId} AND ${when}`;
