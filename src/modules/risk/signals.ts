import { type SQL, sql } from 'drizzle-orm';
import { networkOf, type SignalId, type SignalValues } from '../../core/risk/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { OrderRow } from '../orders/find-order.ts';
import type { OrderKey } from '../policy/order-facts.ts';

/** Who is submitting, from where: the device cookie and the client's network link accounts. */
export type Client = { device: string | null; ip: string };

const DAY = 86_400_000;

/**
 * Select-list columns (`k_risk_*`) that read a submission's risk facts, for the submit path's own
 * read statement (the order row is `o`): no statement of its own. Each is an indexed read of one
 * buyer's rows — cases (refund_case_buyer_idx), orders (shop_order_buyer_idx), account links by
 * (kind, value), identity by HMAC, evidence by sha256 — so the cost does not grow with the database.
 */
export function riskColumns(client: Client, evidenceIds: readonly string[], now: Date): SQL {
  const at = now.toISOString();
  const network = networkOf(client.ip);
  const evidence =
    evidenceIds.length === 0
      ? sql`0`
      : sql`(SELECT count(DISTINCT e1.id) FROM evidence e1
           JOIN evidence e2 ON e2.sha256 = e1.sha256 AND e2.owner_id <> e1.owner_id
           WHERE e1.public_id = ANY(${sql.param([...evidenceIds])}::text[]) AND e1.owner_id = o.buyer_id)`;
  return sql`
    (SELECT json_build_object(
        'd7', count(*) FILTER (WHERE c.created_at > ${at}::timestamptz - interval '7 days'),
        'd30', count(*) FILTER (WHERE c.created_at > ${at}::timestamptz - interval '30 days'),
        'd90', count(*),
        'pair', count(*) FILTER (WHERE c.merchant_id = o.merchant_id),
        'cases', (array_agg(c.refund_no ORDER BY c.created_at DESC))[1:10])
      FROM refund_case c WHERE c.buyer_id = o.buyer_id AND c.created_at > ${at}::timestamptz - interval '90 days'
    ) AS k_risk_cases,
    (SELECT json_build_object(
        'paid', count(*),
        'refunded', count(*) FILTER (WHERE x.refunded_fen > 0),
        'others', count(*) FILTER (WHERE x.id <> o.id),
        'sameChannel', count(*) FILTER (WHERE x.id <> o.id AND x.channel = o.channel))
      FROM shop_order x WHERE x.buyer_id = o.buyer_id AND x.paid_at IS NOT NULL
    ) AS k_risk_orders,
    (WITH mine AS (
        SELECT kind, value FROM account_link WHERE user_id = o.buyer_id
        UNION SELECT 'device', ${client.device}::text WHERE ${client.device}::text IS NOT NULL
        UNION SELECT 'ip', ${network}::text WHERE ${network}::text IS NOT NULL)
      SELECT json_object_agg(kind, n) FROM (
        SELECT m.kind, count(DISTINCT l.user_id) AS n FROM mine m
        JOIN account_link l ON l.kind = m.kind AND l.value = m.value AND l.user_id <> o.buyer_id
        GROUP BY m.kind) s
    ) AS k_risk_links,
    (SELECT json_build_object('verified', v.status = 'verified', 'same',
        (SELECT count(*) FROM identity_verification w
          WHERE w.id_number_mac = v.id_number_mac AND w.user_id <> v.user_id AND w.status = 'verified'))
      FROM identity_verification v WHERE v.user_id = o.buyer_id
    ) AS k_risk_identity,
    ${evidence} AS k_risk_evidence,
    (SELECT created_at FROM app_user WHERE id = o.buyer_id) AS k_risk_joined`;
}

type Json = Record<string, unknown> | null;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export type MerchantTrend = { last7: number; weeklyBefore: number };

/** The signals and, for each, what a reviewer can check it against. */
export type Signals = { values: SignalValues; evidence: Partial<Record<SignalId, unknown>> };

/** Reads the `k_risk_*` columns into signal values (pure apart from the row it is given). */
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
  const cases = (row.k_risk_cases ?? {}) as Json;
  const orders = (row.k_risk_orders ?? {}) as Json;
  const links = (row.k_risk_links ?? {}) as Json;
  const identity = (row.k_risk_identity ?? null) as Json;
  const paid = n(orders?.paid);
  const revealed =
    s.type === 'not_received'
      ? s.keys.filter((k) => k.revealed && s.claimedKeyIds.includes(k.id)).map((k) => k.id)
      : [];
  const joined = row.k_risk_joined ? new Date(row.k_risk_joined as string) : s.now;
  const paidAt = s.order.paidAt ?? s.now;
  const others = n(orders?.others);
  const { last7, weeklyBefore } = s.merchant;
  const values: SignalValues = {
    refunds7d: n(cases?.d7),
    refunds30d: n(cases?.d30),
    refunds90d: n(cases?.d90),
    paidOrders: paid,
    refundRate: paid === 0 ? 0 : Math.round((n(orders?.refunded) / paid) * 1000) / 1000,
    revealedKeysClaimed: revealed.length,
    accountsSharingPayer: n(links?.payer),
    accountsSharingDevice: n(links?.device),
    accountsSharingNetwork: n(links?.ip),
    accountsSharingIdentity: n(identity?.same),
    evidenceReusedByOthers: n(row.k_risk_evidence),
    // Only a buyer with a habit can break it: three earlier paid orders, none through this channel.
    unusualChannel: others >= 3 && n(orders?.sameChannel) === 0,
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
  };
  return {
    values,
    evidence: {
      refunds90d: { recentCases: (cases?.cases as string[] | null) ?? [] },
      revealedKeysClaimed: { cardKeyIds: revealed },
      unusualChannel: { channel: s.order.channel, earlierPaidOrders: others },
      merchantRefundJump: { last7, weeklyBefore },
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
