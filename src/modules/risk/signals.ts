import { type SQL, sql } from 'drizzle-orm';
import { networkOf, type SignalId, type SignalValues } from '../../core/risk/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { OrderRow } from '../orders/find-order.ts';
import type { OrderKey } from '../policy/order-facts.ts';

/** Who is submitting, from where: the device cookie and the client's network link accounts. */
export type Client = { device: string | null; ip: string };

const DAY = 86_400_000;

/**
 * A select-list column (`k_risk`) with a submission's risk facts, for the submit path's own read
 * statement (the order row is `o`): no statement of its own. `risk_facts` (migration 0017) is a
 * PL/pgSQL function so its query is planned once per connection; each of its reads is an indexed read
 * of one buyer's rows, so the cost does not grow with the database.
 */
export function riskColumns(client: Client, evidenceIds: readonly string[], now: Date): SQL {
  return sql`risk_facts(o.buyer_id, o.id, o.merchant_id, o.channel, ${client.device}::text,
    ${networkOf(client.ip)}::text, ${sql.param([...evidenceIds])}::text[], ${now.toISOString()}::timestamptz) AS k_risk`;
}

type Json = Record<string, unknown> | null;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export type MerchantTrend = { last7: number; weeklyBefore: number };

/** The signals and, for each, what a reviewer can check it against. */
export type Signals = { values: SignalValues; evidence: Partial<Record<SignalId, unknown>> };

/** Reads the `k_risk` column into signal values (pure apart from the row it is given). */
export function signalsFrom(
  row: Record<string, unknown>,
  s: {
    order: OrderRow;
    type: string;
    keys: readonly OrderKey[];
    claimedKeyIds: readonly number[];
    merchant: MerchantTrend;
    now: Date;
  },
): Signals {
  const facts = (row.k_risk ?? {}) as Record<string, unknown>;
  const cases = (facts.cases ?? {}) as Json;
  const links = (facts.links ?? {}) as Json;
  const identity = (facts.identity ?? null) as Json;
  const express = (facts.express ?? null) as Json;
  const findings = { abusive: n(express?.abusive), upheld: n(express?.upheld) };
  const paid = n(facts.paid);
  const revealed =
    s.type === 'not_received'
      ? s.keys.filter((k) => k.revealed && s.claimedKeyIds.includes(k.id)).map((k) => k.id)
      : [];
  const joined = facts.joined ? new Date(facts.joined as string) : s.now;
  const paidAt = s.order.paidAt ?? s.now;
  const others = Math.max(0, paid - 1);
  const { last7, weeklyBefore } = s.merchant;
  const values: SignalValues = {
    refunds7d: n(cases?.d7),
    refunds30d: n(cases?.d30),
    refunds90d: n(cases?.d90),
    paidOrders: paid,
    // Over the buyer's last 200 orders (risk_facts): the paid ones, and the orders refunded since the
    // first of them, so the rate of a reseller with thousands of orders is read like anyone's.
    refundRate: paid === 0 ? 0 : Math.min(1, Math.round((n(cases?.refunded) / paid) * 1000) / 1000),
    revealedKeysClaimed: revealed.length,
    accountsSharingPayer: n(links?.payer),
    accountsSharingDevice: n(links?.device),
    accountsSharingNetwork: n(links?.ip),
    accountsSharingIdentity: n(identity?.same),
    evidenceReusedByOthers: n(facts.evidence),
    evidenceMatchesOrder: n(facts.evidenceMatch),
    // Only a buyer with a habit can break it: three earlier paid orders, none through this channel.
    unusualChannel: others >= 3 && facts.sameChannel === false,
    accountAgeDays: Math.max(0, Math.floor((s.now.getTime() - joined.getTime()) / DAY)),
    orderPaidFen: s.order.paidFen,
    hoursFromPayToClaim: Math.max(
      0,
      Math.round(((s.now.getTime() - paidAt.getTime()) / 3_600_000) * 10) / 10,
    ),
    pairRefunds90d: n(cases?.pair),
    merchantRefundJump: Math.round((last7 / Math.max(1, weeklyBefore)) * 100) / 100,
    merchantRefunds7d: last7,
    identityVerified: identity?.verified === true,
    expressFindings: findings.abusive + findings.upheld,
  };
  return {
    values,
    evidence: {
      revealedKeysClaimed: { cardKeyIds: revealed },
      unusualChannel: { channel: s.order.channel, earlierPaidOrders: others },
      merchantRefundJump: { last7, weeklyBefore },
      expressFindings:
        findings.abusive + findings.upheld > 0
          ? { ...findings, expressRevoked: express?.revoked === true }
          : null,
    },
  };
}

// A shop's trend changes slowly and is the same for every buyer: read once per shop per 5 minutes
// (in this process) rather than counting its cases on every submission.
const TREND_TTL_MS = 5 * 60_000;
const trends = new Map<number, { at: number; trend: MerchantTrend }>();

export async function merchantTrend(db: Db, merchantId: number, now: Date): Promise<MerchantTrend> {
  const hit = trends.get(merchantId);
  if (hit && now.getTime() - hit.at < TREND_TTL_MS && now.getTime() >= hit.at) return hit.trend;
  const at = now.toISOString();
  const res = await db.execute<{ last7: string; before: string }>(sql`
    SELECT count(*) FILTER (WHERE created_at > ${at}::timestamptz - interval '7 days') AS last7,
           count(*) FILTER (WHERE created_at <= ${at}::timestamptz - interval '7 days') AS before
    FROM refund_case
    WHERE merchant_id = ${merchantId} AND created_at > ${at}::timestamptz - interval '35 days'`);
  const r = res.rows[0]!;
  const trend = { last7: Number(r.last7), weeklyBefore: Number(r.before) / 4 };
  if (trends.size > 10_000) trends.clear();
  trends.set(merchantId, { at: now.getTime(), trend });
  return trend;
}
