import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { formatOrderNo } from '../src/core/orders/order-no.ts';
import { quote } from '../src/core/policy/index.ts';
import { makeFacts } from '../src/core/policy/testing/make-facts.ts';
import { OPEN_STATES } from '../src/core/refunds/case-machine.ts';
import { caseMessages } from '../src/core/refunds/case-messages.ts';
import type { Context } from '../src/modules/context.ts';
import { shopOrder } from '../src/modules/orders/schema.ts';
import { currentPolicy } from '../src/modules/policy/current-policy.ts';
import { columnList } from '../src/platform/db/rows.ts';

/**
 * The statements submitRefund's transaction sends (src/modules/refunds/submit-refund.ts), replayed
 * over a raw pg connection with hand-written SQL of the same shape: BEGIN; one statement that claims
 * the Idempotency-Key, locks the order and reads the open case, the policy version, the order's keys
 * and parcel and the two numbers the case takes; one statement that writes the case, its first
 * timeline row, the audit row, the site messages and the stored answer; COMMIT. No HTTP, session
 * lookup, ORM, quote or answer building: the ceiling the HTTP path is measured against. Named
 * (prepared) statements, as the submit path sends its own.
 * refund-submit.bench.ts prints the statements a real submission sends next to these, so a change
 * to the use-case that this replay misses shows up in the output.
 */
export type SubmitSql = Awaited<ReturnType<typeof prepareSubmitSql>>;

export const DESCRIPTION = (orderNo: string) =>
  `订单 ${orderNo} 今天上午付款后一直未收到卡密，页面显示发货失败。`;

export async function prepareSubmitSql(ctx: Context) {
  const { db } = ctx;
  const current = await currentPolicy(db);
  // One real quote as the template of what the case stores; its amounts are set per order.
  const q = quote(
    current.compiled,
    makeFacts({ orderNo: '26031000000018', paidAt: new Date(Date.now() - 3_600_000) }),
    { type: 'not_received' },
    new Date(),
  );
  if (!q.eligible || !q.slaDeadline) throw new Error(`template quote refused: ${q.ruleId}`);
  return {
    ctx,
    policyVersion: current.version,
    quote: q,
    slaDeadline: q.slaDeadline,
    merchantHours: ctx.config.refunds.merchantResponseHours,
  };
}

const OPEN = OPEN_STATES.map((s) => `'${s}'`).join(',');

const LOCK = `WITH claim AS (INSERT INTO "idempotency_key" ("scope", "key", "method", "path", "request_hash", "state")
    VALUES ($1, $2, 'POST', '/api/refunds', $3, 'in_progress') ON CONFLICT DO NOTHING RETURNING 1)
  SELECT o.id, (SELECT count(*) FROM claim) AS k_claimed
  FROM "shop_order" o WHERE o.order_no = $4 AND o.buyer_id = $5 FOR UPDATE OF o`;

const READ = `SELECT ${columnList(shopOrder, 'o')},
    (SELECT c.refund_no FROM refund_case c WHERE c.order_id = o.id AND c.state IN (${OPEN}) LIMIT 1) AS k_open_refund_no,
    (SELECT max(version) FROM policy_version) AS k_policy_version,
    nextval('refund_no_seq') AS k_refund_seq,
    nextval('refund_case_id_seq') AS k_case_id,
    CASE WHEN o.product_kind IN ('card_key', 'membership') THEN (SELECT json_agg(json_build_object('id', k.id,
      'refunded', k.status = 'refunded', 'revealed', EXISTS (SELECT 1 FROM card_key_extraction e
      WHERE e.order_id = k.order_id AND e.card_key_id = k.id)) ORDER BY k.id) FROM card_key k WHERE k.order_id = o.id) END AS k_keys,
    CASE WHEN o.product_kind = 'physical' THEN (SELECT received_at FROM shipment WHERE order_id = o.id) END AS k_received_at
  FROM "shop_order" o WHERE o.id = $1`;

const CASE_COLUMNS = `"id", "refund_no", "order_id", "buyer_id", "merchant_id", "type", "state", "description",
  "requested_fen", "amount_fen", "fee_fen", "policy_version", "quote", "quote_input", "card_key_ids", "sla_deadline",
  "escalated", "priority", "resubmit_count", "merchant_deadline", "version", "created_at", "updated_at"`;
const MESSAGE_COLS = (n: number) =>
  Array.from({ length: 8 }, (_, k) => `$${n + k}`)
    .map((p, k) => `${p}::${k === 7 ? 'timestamptz' : 'text'}`)
    .join(', ');
const WRITE = `WITH w0 AS (INSERT INTO "refund_case" (${CASE_COLUMNS})
    VALUES ($1, $2, $3, $4, $5, 'not_received', 'submitted', $6, NULL, $7, 0, $8, $9, $10, '{}', $11, false, 0, 0, $12, 1, $13, $13)),
  w1 AS (INSERT INTO "refund_case_event" ("case_id", "kind", "from_state", "to_state", "actor_role", "reason", "data", "at")
    VALUES ($1, 'submit', NULL, 'submitted', 'buyer', NULL, $14, $13)),
  w2 AS (INSERT INTO "audit_log" ("actor_id", "actor_role", "ip", "action", "subject", "data")
    VALUES ($4, 'buyer', '127.0.0.1', 'refund.submit', $15, '{}')),
  w3 AS (INSERT INTO "site_message" ("user_id", "kind", "subject", "title_zh", "title_en", "body_zh", "body_en", "link", "created_at")
    SELECT $4::bigint, ${MESSAGE_COLS(16)}
    UNION ALL SELECT "id", ${MESSAGE_COLS(24)} FROM "app_user" WHERE "role" = 'merchant' AND "merchant_id" = $5),
  w4 AS (UPDATE "idempotency_key" SET "state" = 'done', "response_status" = 201, "response_body" = $32,
    "response_type" = 'application/json; charset=utf-8', "updated_at" = now() WHERE "scope" = $33 AND "key" = $34)
  SELECT 1`;

/** One submission's transaction on `client`; throws (after rolling back) if anything is off. */
export async function submitSql(
  client: pg.PoolClient,
  s: SubmitSql,
  orderNo: string,
  buyerId: number,
): Promise<void> {
  const now = new Date();
  const scope = `session:${buyerId}`;
  const key = randomUUID();
  await client.query('begin');
  try {
    const lock = (
      await client.query({ name: 'replay_lock', text: LOCK, values: [scope, key, 'hash', orderNo, buyerId] })
    ).rows[0];
    if (!lock) throw new Error(`order ${orderNo} not found`);
    const order = (await client.query({ name: 'replay_read', text: READ, values: [lock.id] })).rows[0];
    if (order.k_open_refund_no) throw new Error(`order ${orderNo} has an open case`);
    const refundNo = `R${formatOrderNo(now, Number(order.k_refund_seq))}`;
    const amountFen = Number(order.paid_fen);
    const merchantDeadline = new Date(now.getTime() + s.merchantHours * 3_600_000);
    const quoted = { ...s.quote, amountFen, grossFen: amountFen, slaDeadline: s.slaDeadline.toISOString() };
    const messages = caseMessages('submit', {
      refundNo,
      orderNo,
      reason: null,
      slaDeadline: s.slaDeadline,
      infoDeadline: null,
      merchantDeadline,
      amountFen,
      approvedFen: null,
      feeFen: 0,
      hasAssignee: false,
      assigneeLive: false,
    });
    const message = (m: (typeof messages)[number], link: string) => [
      m.kind,
      `refund:${refundNo}`,
      m.titleZh,
      m.titleEn,
      m.bodyZh,
      m.bodyEn,
      link,
      now,
    ];
    await client.query({
      name: 'replay_write',
      text: WRITE,
      values: [
        Number(order.k_case_id),
        refundNo,
        order.id,
        order.buyer_id,
        order.merchant_id,
        DESCRIPTION(orderNo),
        amountFen,
        s.policyVersion,
        JSON.stringify(quoted),
        JSON.stringify({ request: { type: 'not_received' } }),
        s.slaDeadline,
        merchantDeadline,
        now,
        JSON.stringify({
          type: 'not_received',
          amountFen,
          ruleId: s.quote.ruleId,
          policyVersion: s.policyVersion,
          evidence: [],
        }),
        `refund:${refundNo}`,
        ...message(messages[0]!, `/buyer/refunds/${refundNo}`),
        ...message(messages[1]!, `/merchant/refunds/${refundNo}`),
        JSON.stringify(quoted),
        scope,
        key,
      ],
    });
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}
