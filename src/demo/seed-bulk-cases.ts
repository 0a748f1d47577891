import type pg from 'pg';
import { compilePolicy, DEFAULT_POLICY, quote } from '../core/policy/index.ts';
import { makeFacts } from '../core/policy/testing/make-facts.ts';
import { REJECT_REASON_CODES } from '../core/refunds/reject-reasons.ts';
import { luhnSql } from './seed-bulk.ts';

/**
 * Benchmark data for the review queue and the timer sweeps: `cases` refund cases, `open` of them
 * still under review (submitted / info_requested / risk_hold / appealed), the rest closed long ago
 * (refunded / rejected / withdrawn / closed). Generated inside PostgreSQL by batched
 * `INSERT … SELECT FROM generate_series`, on the paid orders already in the database (run
 * `seedBulkOrders` first). Refund numbers come from refund_no_seq, so they never collide with real ones.
 *
 * Open cases sit on distinct orders that have no open case yet (the one-open-case index); closed
 * cases go round the paid orders, so an order can carry old cases and a new one, as resubmissions do.
 * Open cases look like a queue between two sweeps: SLA deadlines from a day ago to five days ahead,
 * 90% of the overdue ones already escalated, some urged (priority as casePriority computes it), 2–3%
 * claimed by the demo `agent` or `supervisor`, information and merchant deadlines of which a few
 * percent are due. Only `refund_case` rows: no timeline, audit, ledger or order changes — they exist
 * to load the queue and its indexes, not to be worked.
 */
export type BulkCaseOptions = {
  cases: number;
  open: number;
  now?: Date;
  batchSize?: number;
  onProgress?: (done: number) => void;
};

export type BulkCaseResult = { cases: number; open: number; ms: number; casesPerSecond: number };

const OPEN_STATES_SQL = `('submitted','info_requested','risk_hold','approved','refunding','refund_failed','appealed')`;

export async function seedBulkCases(pool: pg.Pool, opts: BulkCaseOptions): Promise<BulkCaseResult> {
  if (opts.open > opts.cases) throw new Error('more open cases than cases');
  const started = performance.now();
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 50_000;
  const client = await pool.connect();
  try {
    const staff = await client.query<{ username: string; id: number }>(
      `SELECT username, id FROM app_user WHERE username IN ('agent', 'supervisor')`,
    );
    const staffId = (u: string) => staff.rows.find((r) => r.username === u)?.id ?? null;
    await client.query(`DROP TABLE IF EXISTS pg_temp.bulk_case_order`);
    await client.query(
      `CREATE TEMP TABLE bulk_case_order AS
       SELECT (row_number() OVER (ORDER BY o.id))::int - 1 AS rn, o.id, o.order_no, o.buyer_id, o.merchant_id,
              o.paid_fen, o.paid_at
       FROM shop_order o
       WHERE o.paid_fen > 0 AND o.paid_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM refund_case c WHERE c.order_id = o.id AND c.state IN ${OPEN_STATES_SQL})`,
    );
    await client.query(`CREATE UNIQUE INDEX ON bulk_case_order (rn)`);
    await client.query(`ANALYZE bulk_case_order`);
    const paid = Number((await client.query(`SELECT count(*) AS n FROM bulk_case_order`)).rows[0].n);
    if (paid < Math.max(1, opts.open)) {
      throw new Error(
        `${paid} paid orders without an open case: need at least ${opts.open} (seed orders first)`,
      );
    }
    const quoteTemplate = JSON.stringify(sampleQuote(now));
    let done = 0;
    for (const [open, total] of [
      [true, opts.open],
      [false, opts.cases - opts.open],
    ] as const) {
      for (let from = 1; from <= total; from += batchSize) {
        const to = Math.min(total, from + batchSize - 1);
        await client.query(INSERT_BATCH, [
          from,
          to,
          now,
          open,
          paid,
          Math.max(1, opts.open),
          staffId('agent'),
          staffId('supervisor'),
          quoteTemplate,
          REJECT_REASON_CODES,
        ]);
        done += to - from + 1;
        opts.onProgress?.(done);
      }
    }
    await client.query(`DROP TABLE pg_temp.bulk_case_order`);
    // Fresh statistics and visibility map now, so autovacuum does not run under a benchmark.
    await client.query(`VACUUM (ANALYZE) refund_case`);
  } finally {
    client.release();
  }
  const ms = performance.now() - started;
  return {
    cases: opts.cases,
    open: opts.open,
    ms: Math.round(ms),
    casesPerSecond: Math.round(opts.cases / (ms / 1000)),
  };
}

/** A real quote (undelivered card key, default policy) as stored on a case; amounts are set per row. */
function sampleQuote(now: Date) {
  const q = quote(
    compilePolicy(DEFAULT_POLICY),
    makeFacts({ orderNo: '26031000000018', paidAt: new Date(now.getTime() - 3_600_000) }),
    { type: 'not_received' },
    now,
  );
  return { ...q, slaDeadline: q.slaDeadline?.toISOString() ?? null };
}

/*
 * $1..$2 the generate_series range, $3 now, $4 open (else closed), $5 paid orders, $6 open cases in
 * all (the stride that spreads open cases over distinct orders), $7 agent id, $8 supervisor id,
 * $9 quote template, $10 reject reason codes.
 */
const INSERT_BATCH = `
WITH r AS (
  SELECT g, nextval('refund_no_seq') AS seq, random() AS r_state, random() AS r_sla, random() AS r_created,
         random() AS r_esc, random() AS r_urge, random() AS r_claim, random() AS r_type, random() AS r_fee,
         random() AS r_info, random() AS r_merchant
  FROM generate_series($1::int, $2::int) g
), x AS (
  SELECT r.*, o.id AS order_id, o.order_no, o.buyer_id, o.merchant_id, o.paid_fen, o.paid_at,
    CASE WHEN $4::boolean THEN
      CASE WHEN r_state < 0.55 THEN 'submitted' WHEN r_state < 0.75 THEN 'info_requested'
           WHEN r_state < 0.85 THEN 'risk_hold' ELSE 'appealed' END
    ELSE
      CASE WHEN r_state < 0.55 THEN 'refunded' WHEN r_state < 0.75 THEN 'rejected'
           WHEN r_state < 0.9 THEN 'withdrawn' ELSE 'closed' END
    END AS state,
    CASE WHEN r_type < 0.4 THEN 'not_received' WHEN r_type < 0.6 THEN 'not_as_described'
         WHEN r_type < 0.7 THEN 'quality_issue' WHEN r_type < 0.85 THEN 'partial_delivery'
         WHEN r_type < 0.95 THEN 'no_reason_7d' ELSE 'fee_dispute' END AS type,
    CASE WHEN r_fee < 0.3 THEN round(o.paid_fen * 0.05)::bigint ELSE 0 END AS fee_fen,
    CASE WHEN $4::boolean THEN $3::timestamptz + (r_sla * 6 - 1) * interval '1 day' END AS open_sla
  FROM r
  JOIN bulk_case_order o ON o.rn = CASE WHEN $4::boolean THEN ((g - 1)::bigint * $5::int / $6::int)::int
                                        ELSE (g - 1) % $5::int END
), y AS (
  SELECT x.*,
    CASE WHEN $4::boolean
         THEN least($3::timestamptz - r_created * interval '5 minutes', open_sla - (1 + 2 * r_created) * interval '1 day')
         ELSE least($3::timestamptz - interval '1 day', paid_at + r_created * interval '15 days') END AS created_at
  FROM x
), z AS (
  SELECT y.*,
    to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad((seq % 10000000)::text, 7, '0') AS body,
    coalesce(open_sla, created_at + interval '3 days') AS sla_deadline,
    $4::boolean AND open_sla < $3::timestamptz AND state <> 'info_requested' AND r_esc < 0.9 AS escalated,
    CASE WHEN $4::boolean AND r_urge < 0.06 THEN 1 ELSE 0 END AS urge_count,
    created_at + interval '2 days' AS merchant_deadline
  FROM y
)
INSERT INTO refund_case (refund_no, order_id, buyer_id, merchant_id, type, state, description, amount_fen, fee_fen,
  policy_version, quote, sla_deadline, urged_at, escalated, assignee_id, claim_expires_at, priority, approved_fen,
  reject_reason_code, rejected_by, sla_paused_at, info_deadline, urge_count, escalated_at, merchant_deadline,
  merchant_response, version, created_at, updated_at)
SELECT 'R' || body || ${luhnSql('body')}, order_id, buyer_id, merchant_id, type, state,
  '订单 ' || order_no || ' 于 ' || to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'MM月DD日 HH24:MI')
    || ' 付款后一直未收到，页面显示发货失败，请核实处理。',
  paid_fen - fee_fen, fee_fen, 1,
  $9::jsonb || jsonb_build_object('amountFen', paid_fen - fee_fen, 'grossFen', paid_fen, 'slaDeadline', sla_deadline),
  sla_deadline,
  CASE WHEN urge_count > 0 THEN least($3::timestamptz, created_at + interval '1 day') END,
  escalated,
  CASE WHEN NOT $4::boolean THEN NULL WHEN r_claim < 0.02 OR (r_claim >= 0.03 AND r_claim < 0.05) THEN $7::bigint
       WHEN r_claim < 0.03 THEN $8::bigint END,
  CASE WHEN NOT $4::boolean THEN NULL WHEN r_claim < 0.03 THEN $3::timestamptz + r_claim * interval '10 hours'
       WHEN r_claim < 0.05 THEN $3::timestamptz - interval '1 hour' END,
  (CASE WHEN escalated THEN 2 ELSE 0 END) + (CASE WHEN urge_count > 0 THEN 1 ELSE 0 END),
  CASE WHEN state = 'refunded' AND paid_fen - fee_fen > 0 THEN paid_fen - fee_fen END,
  CASE WHEN state = 'rejected' THEN ($10::text[])[1 + floor(r_fee * array_length($10::text[], 1))::int] END,
  CASE WHEN state = 'rejected' THEN $7::bigint END,
  CASE WHEN state = 'info_requested' THEN $3::timestamptz - r_info * interval '2 days' END,
  CASE WHEN state = 'info_requested' THEN $3::timestamptz + (r_info * 4 - 0.5) * interval '1 day' END,
  urge_count,
  CASE WHEN escalated THEN sla_deadline END,
  merchant_deadline,
  -- A merchant window that has passed has been marked lapsed by the sweep, except a small backlog.
  CASE WHEN NOT $4::boolean THEN CASE WHEN r_merchant < 0.2 THEN 'agreed' ELSE 'lapsed' END
       WHEN merchant_deadline <= $3::timestamptz THEN CASE WHEN r_merchant < 0.05 THEN NULL ELSE 'lapsed' END
       WHEN r_merchant < 0.1 THEN 'objected' END,
  1 + floor(r_claim * 3)::int,
  created_at,
  created_at
FROM z`;
