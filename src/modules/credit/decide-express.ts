import { sql } from 'drizzle-orm';
import {
  creditThresholdsOf,
  decideExpress,
  type ExpressBuyer,
  type ExpressDecision,
  type ExpressPolicy,
  type ExpressRequest,
  expressCandidate,
  expressPolicyOf,
  levelOf,
} from '../../core/credit/index.ts';
import type { Quote, RefundType } from '../../core/policy/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { OrderRow } from '../orders/find-order.ts';
import type { PublishedPolicy } from '../policy/current-policy.ts';
import { creditRow } from './credit-view.ts';

/** An express grant decided at submission: what the approval and the express row need. */
export type ExpressGrant = { policy: ExpressPolicy; policyVersion: number; score: number };

const requestOf = (q: Quote, order: OrderRow, type: RefundType): ExpressRequest => ({
  eligible: q.eligible,
  type,
  kind: order.productKind,
  merchantId: order.merchantId,
  amountFen: q.amountFen,
});

/** The buyer's express use in the last 24 hours and 30 days (`express_refund_buyer_idx`). */
async function usage(db: Db, buyerId: number, now: Date): Promise<Pick<ExpressBuyer, 'day' | 'days30'>> {
  const res = await db.execute<Record<string, string>>(sql`
    SELECT count(*) FILTER (WHERE created_at > ${now.toISOString()}::timestamptz - interval '1 day') AS day_n,
      coalesce(sum(amount_fen) FILTER (WHERE created_at > ${now.toISOString()}::timestamptz - interval '1 day'), 0) AS day_fen,
      count(*) AS n30, coalesce(sum(amount_fen), 0) AS fen30
    FROM express_refund
    WHERE buyer_id = ${buyerId} AND created_at > ${now.toISOString()}::timestamptz - interval '30 days'`);
  const r = res.rows[0]!;
  return {
    day: { count: Number(r.day_n), fen: Number(r.day_fen) },
    days30: { count: Number(r.n30), fen: Number(r.fen30) },
  };
}

/**
 * Whether a submission is 极速退款, inside the submission's transaction, after the risk step. A request
 * the policy's express rules exclude (type, kind, merchant, amount) reads nothing more, so ordinary
 * submissions pay no round trip for it. A candidate locks the buyer's credit row first — concurrent
 * express submissions of one buyer queue there — and only then counts its express use, in a snapshot
 * taken after the lock, so no two of them can both fit under a cap that only one fits under.
 */
export async function expressAtSubmit(
  tx: Db,
  input: {
    policy: PublishedPolicy;
    quote: Quote;
    order: OrderRow;
    type: RefundType;
    riskAction: ExpressBuyer['riskAction'];
    now: Date;
  },
): Promise<ExpressGrant | null> {
  const express = expressPolicyOf(input.policy.document);
  const request = requestOf(input.quote, input.order, input.type);
  if (!expressCandidate(express, request).express) return null;
  // Never with a risk flag: known before any read.
  if (input.riskAction === 'hold' || input.riskAction === 'no_express') return null;
  const buyerId = input.order.buyerId;
  await creditRow(tx, buyerId, input.now);
  const locked = await tx.execute<{ score: number; express_revoked: boolean }>(
    sql`SELECT score, express_revoked FROM buyer_credit WHERE user_id = ${buyerId} FOR UPDATE`,
  );
  const row = locked.rows[0]!;
  const score = Number(row.score);
  const decision = decideExpress(express, request, {
    level: levelOf(score, creditThresholdsOf(input.policy.document)),
    revoked: row.express_revoked,
    riskAction: input.riskAction,
    ...(await usage(tx, buyerId, input.now)),
  });
  return decision.express ? { policy: express, policyVersion: input.policy.version, score } : null;
}

/**
 * What the quote tells the buyer before submitting: whether the request would be express on their
 * level and use so far. The risk step runs only at submission; a held submission goes to a person.
 */
export async function expressPreview(
  db: Db,
  input: { policy: PublishedPolicy; quote: Quote; order: OrderRow; type: RefundType; now: Date },
): Promise<ExpressDecision> {
  const express = expressPolicyOf(input.policy.document);
  const request = requestOf(input.quote, input.order, input.type);
  const first = expressCandidate(express, request);
  if (!first.express) return first;
  const row = await creditRow(db, input.order.buyerId, input.now);
  return decideExpress(express, request, {
    level: levelOf(row.score, creditThresholdsOf(input.policy.document)),
    revoked: row.expressRevoked,
    riskAction: null,
    ...(await usage(db, input.order.buyerId, input.now)),
  });
}
