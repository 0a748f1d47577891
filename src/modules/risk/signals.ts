import { type SQL, sql } from 'drizzle-orm';
import type { SignalId, SignalValues } from '../../core/risk/index.ts';
import { type Db, executePrepared } from '../../platform/db/pool.ts';
import type { OrderRow } from '../orders/find-order.ts';
import { PAID_STATUSES_SQL } from '../orders/schema.ts';
import type { OrderKey } from '../policy/order-facts.ts';

const DAY = 86_400_000;

/**
 * A submission's risk facts, for the submit path's own read statement (the order row is `o`): select
 * columns (`k_r_*`) and the lateral joins they come from — no statement of their own. The read is a
 * named prepared statement, so these subqueries are planned once per connection (before, a PL/pgSQL
 * function `risk_facts` held them for that reason, and its call and JSON cost as much as its reads).
 * Its values are placeholders (`riskFactValues`), so its text is worked out once per process.
 * Every read is an indexed read of one buyer's rows, bounded, so the cost does not grow with the
 * database: the buyer's last 200 orders and last 300 cases (index-only, migration 0021), their 50 most
 * recent ties to a payer, device or network (read in that order from `account_link_user_recent_idx`,
 * 0034) and at most 100 other accounts behind each (0032). The submission records this
 * request's device and network before it reads (`linkUpsert` in its locking statement), so they are
 * among those ties.
 */
export function riskFacts(withFiles: boolean): { columns: SQL; joins: SQL } {
  const files = sql`${sql.placeholder('r_files')}::text[]`;
  const mine = sql`e1.owner_id = o.buyer_id
    AND (e1.public_id = ANY(${files}) OR e1.parent_id IN (SELECT p.id FROM evidence p WHERE p.public_id = ANY(${files})))`;
  const columns = sql`r_o.paid AS k_r_paid, r_o.same_channel AS k_r_same_channel,
    r_c.d7 AS k_r_d7, r_c.d30 AS k_r_d30, r_c.d90 AS k_r_d90, r_c.pair AS k_r_pair, r_c.refunded AS k_r_refunded,
    r_l.payer AS k_r_payer, r_l.device AS k_r_device, r_l.ip AS k_r_ip,
    r_i.verified AS k_r_verified, r_i.same AS k_r_same_identity,
    r_x.revoked AS k_r_express_revoked, r_x.abusive AS k_r_express_abusive, r_x.upheld AS k_r_express_upheld,
    (SELECT u.created_at FROM app_user u WHERE u.id = o.buyer_id) AS k_r_joined,
    ${
      withFiles
        ? sql`(SELECT count(*) FROM evidence e1 WHERE ${mine}
         AND (EXISTS (SELECT 1 FROM evidence e2 JOIN app_user u2 ON u2.id = e2.owner_id AND u2.role = 'buyer'
                      WHERE e2.sha256 = e1.sha256 AND e2.owner_id <> e1.owner_id)
              OR EXISTS (SELECT 1 FROM evidence_check k
                         WHERE k.evidence_id = e1.id AND k.kind = 'duplicate' AND k.result = 'warn'))) AS k_r_evidence,
    (SELECT count(*) FROM evidence e1 JOIN evidence_check k ON k.evidence_id = e1.id AND k.kind = 'ocr'
       WHERE ${mine}
         AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(coalesce(k.details->'facts'->'numbers', '[]'::jsonb)) AS n(run)
                     WHERE strpos(n.run, o.order_no) > 0)) AS k_r_evidence_match`
        : sql`0 AS k_r_evidence, 0 AS k_r_evidence_match`
    }`;
  // The buyer's paid orders (and whether this channel is one they use) over their last 200 orders;
  // their cases over the last 300, the refunded ones counted from the first of those orders on, so a
  // reseller's rate with thousands of orders is read like anyone's.
  const joins = sql`
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE x.status IN (${PAID_STATUSES_SQL})) AS paid,
        coalesce(bool_or(x.channel = o.channel AND x.id <> o.id AND x.status IN (${PAID_STATUSES_SQL})), false) AS same_channel,
        CASE WHEN count(*) = 200 THEN min(x.created_at) END AS since
      FROM (SELECT x.id, x.status, x.channel, x.created_at FROM shop_order x WHERE x.buyer_id = o.buyer_id
            ORDER BY x.created_at DESC NULLS LAST, x.id DESC NULLS LAST LIMIT 200) x) r_o
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE c.created_at > ${sql.placeholder('r_d7')}::timestamptz) AS d7,
        count(*) FILTER (WHERE c.created_at > ${sql.placeholder('r_d30')}::timestamptz) AS d30,
        count(*) FILTER (WHERE c.created_at > ${sql.placeholder('r_d90')}::timestamptz) AS d90,
        count(*) FILTER (WHERE c.merchant_id = o.merchant_id AND c.created_at > ${sql.placeholder('r_d90')}::timestamptz) AS pair,
        count(DISTINCT c.order_id) FILTER (WHERE c.state = 'refunded' AND (r_o.since IS NULL OR c.created_at >= r_o.since)) AS refunded
      FROM (SELECT r.created_at, r.merchant_id, r.state, r.order_id FROM refund_case r WHERE r.buyer_id = o.buyer_id
            ORDER BY r.created_at DESC NULLS LAST, r.id DESC NULLS LAST LIMIT 300) c) r_c
    CROSS JOIN LATERAL (
      SELECT count(DISTINCT l.user_id) FILTER (WHERE m.kind = 'payer') AS payer,
        count(DISTINCT l.user_id) FILTER (WHERE m.kind = 'device') AS device,
        count(DISTINCT l.user_id) FILTER (WHERE m.kind = 'ip') AS ip
      FROM (SELECT a.kind, a.value FROM account_link a WHERE a.user_id = o.buyer_id ORDER BY a.last_seen DESC LIMIT 50) m
      CROSS JOIN LATERAL (SELECT a.user_id FROM account_link a
                          WHERE a.kind = m.kind AND a.value = m.value AND a.user_id <> o.buyer_id LIMIT 100) l) r_l
    LEFT JOIN LATERAL (
      SELECT v.status = 'verified' AS verified,
        (SELECT count(*) FROM identity_verification w
          WHERE w.id_number_mac = v.id_number_mac AND w.user_id <> v.user_id AND w.status = 'verified') AS same
      FROM identity_verification v WHERE v.user_id = o.buyer_id) r_i ON true
    LEFT JOIN LATERAL (
      SELECT b.express_revoked AS revoked, coalesce((b.facts->>'auditAbusive')::int, 0) AS abusive,
        coalesce((b.facts->>'expressLosses')::int, 0) AS upheld
      FROM buyer_credit b WHERE b.user_id = o.buyer_id) r_x ON true`;
  return { columns, joins };
}

/**
 * The values of `riskFacts`' placeholders: the windows' starts (days of 24 hours, as parameters:
 * `$now - interval '7 days'` was worked out again for each case read, in the session's time zone) and
 * the submission's files.
 */
export function riskFactValues(evidenceIds: readonly string[], now: Date): Record<string, unknown> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  return { r_d7: ago(7), r_d30: ago(30), r_d90: ago(90), r_files: [...evidenceIds] };
}

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export type MerchantTrend = { last7: number; weeklyBefore: number };

/** The signals and, for each, what a reviewer can check it against. */
export type Signals = { values: SignalValues; evidence: Partial<Record<SignalId, unknown>> };

/** Reads the `k_r_*` columns into signal values (pure apart from the row it is given). */
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
  const findings = { abusive: n(row.k_r_express_abusive), upheld: n(row.k_r_express_upheld) };
  const paid = n(row.k_r_paid);
  const revealed =
    s.type === 'not_received'
      ? s.keys.filter((k) => k.revealed && s.claimedKeyIds.includes(k.id)).map((k) => k.id)
      : [];
  const joined = row.k_r_joined ? new Date(row.k_r_joined as string) : s.now;
  const paidAt = s.order.paidAt ?? s.now;
  const others = Math.max(0, paid - 1);
  const { last7, weeklyBefore } = s.merchant;
  const values: SignalValues = {
    refunds7d: n(row.k_r_d7),
    refunds30d: n(row.k_r_d30),
    refunds90d: n(row.k_r_d90),
    paidOrders: paid,
    // Over the buyer's last 200 orders (riskFacts): the paid ones, and the orders refunded since the
    // first of them, so the rate of a reseller with thousands of orders is read like anyone's.
    refundRate: paid === 0 ? 0 : Math.min(1, Math.round((n(row.k_r_refunded) / paid) * 1000) / 1000),
    revealedKeysClaimed: revealed.length,
    accountsSharingPayer: n(row.k_r_payer),
    accountsSharingDevice: n(row.k_r_device),
    accountsSharingNetwork: n(row.k_r_ip),
    accountsSharingIdentity: n(row.k_r_same_identity),
    evidenceReusedByOthers: n(row.k_r_evidence),
    evidenceMatchesOrder: n(row.k_r_evidence_match),
    // Only a buyer with a habit can break it: three earlier paid orders, none through this channel.
    unusualChannel: others >= 3 && row.k_r_same_channel === false,
    accountAgeDays: Math.max(0, Math.floor((s.now.getTime() - joined.getTime()) / DAY)),
    orderPaidFen: s.order.paidFen,
    hoursFromPayToClaim: Math.max(
      0,
      Math.round(((s.now.getTime() - paidAt.getTime()) / 3_600_000) * 10) / 10,
    ),
    pairRefunds90d: n(row.k_r_pair),
    merchantRefundJump: Math.round((last7 / Math.max(1, weeklyBefore)) * 100) / 100,
    merchantRefunds7d: last7,
    identityVerified: row.k_r_verified === true,
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
          ? { ...findings, expressRevoked: row.k_r_express_revoked === true }
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

/**
 * The facts alone, of the order `sql.placeholder('order')` (values: `riskFactValues` and `order`), as the
 * risk bench and tests read them; the submission reads them inside its own read statement.
 */
export function riskFactsQuery(withFiles: boolean): SQL {
  const f = riskFacts(withFiles);
  return sql`SELECT ${f.columns} FROM shop_order o ${f.joins} WHERE o.id = ${sql.placeholder('order')}`;
}

/** The facts of one order's submission read on their own (the risk bench and tests). */
export async function readRiskFacts(
  db: Db,
  orderId: number,
  evidenceIds: readonly string[],
  now: Date,
): Promise<Record<string, unknown>> {
  const values = { ...riskFactValues(evidenceIds, now), order: orderId };
  const q = riskFactsQuery(evidenceIds.length > 0);
  return (await executePrepared<Record<string, unknown>>(db, q, values)).rows[0] ?? {};
}
