import { and, desc, eq, inArray } from 'drizzle-orm';
import type pg from 'pg';
import { formatOrderNo } from '../src/core/orders/order-no.ts';
import { quote } from '../src/core/policy/index.ts';
import { OPEN_STATES } from '../src/core/refunds/case-machine.ts';
import { caseMessages } from '../src/core/refunds/case-messages.ts';
import { appUser } from '../src/modules/auth/schema.ts';
import type { Context } from '../src/modules/context.ts';
import { shopOrder } from '../src/modules/orders/schema.ts';
import { currentPolicy } from '../src/modules/policy/current-policy.ts';
import { policyVersion } from '../src/modules/policy/schema.ts';
import { refundCase } from '../src/modules/refunds/schema.ts';

/**
 * The statements submitRefund's transaction sends (src/modules/refunds/submit-refund.ts), replayed
 * over a raw pg connection: lock the order, look for an open case, read the policy and the order's
 * delivery records, take a refund number, insert the case, its first timeline row and the audit row,
 * and write the site messages (openCase → notifyCase); the deadlines it sets are found by the timer sweep,
 * so no job is enqueued. The reads use drizzle's own SQL text from the same
 * query builders; the inserts name the columns the use-case sets. No HTTP, session lookup,
 * idempotency row, ORM or response: the ceiling the HTTP path is measured against.
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
    {
      orderNo: '26031000000018',
      productKind: 'card_key',
      status: 'awaiting_delivery',
      paidFen: 10_000,
      refundedFen: 0,
      channel: 'alipay',
      quantity: 1,
      receivedAt: null,
      paidAt: new Date(Date.now() - 3_600_000),
      delivery: {
        deliveredAt: null,
        failed: false,
        keysIssued: 0,
        keysRevealed: 0,
        orderedUnits: 1,
        arrivedUnits: 0,
      },
    },
    { type: 'not_received' },
    new Date(),
  );
  if (!q.eligible || !q.slaDeadline) throw new Error(`template quote refused: ${q.ruleId}`);
  const policy = db.select().from(policyVersion).orderBy(desc(policyVersion.version)).limit(1).toSQL();
  return {
    ctx,
    lockOrder: db.select().from(shopOrder).where(eq(shopOrder.orderNo, '')).for('update').toSQL().sql,
    openCase: db
      .select({ refundNo: refundCase.refundNo })
      .from(refundCase)
      .where(and(eq(refundCase.orderId, 0), inArray(refundCase.state, [...OPEN_STATES])))
      .toSQL().sql,
    policy: policy.sql,
    policyParams: policy.params,
    orderNo: db.select({ orderNo: shopOrder.orderNo }).from(shopOrder).where(eq(shopOrder.id, 0)).toSQL().sql,
    merchantUsers: db
      .select({ id: appUser.id })
      .from(appUser)
      .where(and(eq(appUser.role, 'merchant'), eq(appUser.merchantId, 0)))
      .toSQL().sql,
    policyVersion: current.version,
    quote: q,
    slaDeadline: q.slaDeadline,
    merchantHours: ctx.config.refunds.merchantResponseHours,
  };
}

const ORDER_FACTS = `
    SELECT (SELECT count(*) FROM card_key WHERE order_id = $1)::int AS issued,
           (SELECT count(DISTINCT card_key_id) FROM card_key_extraction WHERE order_id = $2)::int AS revealed,
           (SELECT received_at FROM shipment WHERE order_id = $3) AS received_at`;
const INSERT_CASE = `insert into "refund_case" ("refund_no", "order_id", "buyer_id", "merchant_id", "type",
  "description", "requested_fen", "amount_fen", "fee_fen", "policy_version", "quote", "sla_deadline",
  "merchant_deadline", "previous_case_id", "resubmit_count", "created_at", "updated_at")
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning *`;
const INSERT_EVENT = `insert into "refund_case_event" ("case_id", "kind", "from_state", "to_state", "actor_id",
  "actor_role", "reason", "data", "at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
const INSERT_AUDIT = `insert into "audit_log" ("actor_id", "actor_role", "ip", "action", "subject", "data")
  values ($1, $2, $3, $4, $5, $6)`;
const INSERT_MESSAGE_COLUMNS = `insert into "site_message" ("user_id", "kind", "subject", "title_zh", "title_en",
  "body_zh", "body_en", "link", "created_at") values `;

/** One submission's transaction on `client`; throws (after rolling back) if anything is off. */
export async function submitSql(client: pg.PoolClient, s: SubmitSql, orderNo: string): Promise<void> {
  const now = new Date();
  await client.query('begin');
  try {
    const order = (await client.query(s.lockOrder, [orderNo])).rows[0];
    if (!order) throw new Error(`order ${orderNo} not found`);
    const open = await client.query(s.openCase, [order.id, ...OPEN_STATES]);
    if (open.rows.length > 0) throw new Error(`order ${orderNo} has an open case`);
    await client.query(s.policy, s.policyParams);
    await client.query(ORDER_FACTS, [order.id, order.id, order.id]);
    const seq = Number((await client.query(`SELECT nextval('refund_no_seq') AS seq`)).rows[0].seq);
    const refundNo = `R${formatOrderNo(now, seq)}`;
    const amountFen = Number(order.paid_fen);
    const merchantDeadline = new Date(now.getTime() + s.merchantHours * 3_600_000);
    const quoted = { ...s.quote, amountFen, grossFen: amountFen, slaDeadline: s.slaDeadline.toISOString() };
    const c = (
      await client.query(INSERT_CASE, [
        refundNo,
        order.id,
        order.buyer_id,
        order.merchant_id,
        'not_received',
        DESCRIPTION(orderNo),
        null,
        amountFen,
        0,
        s.policyVersion,
        JSON.stringify(quoted),
        s.slaDeadline,
        merchantDeadline,
        null,
        0,
        now,
        now,
      ])
    ).rows[0];
    const eventData = {
      type: 'not_received',
      amountFen,
      ruleId: s.quote.ruleId,
      policyVersion: s.policyVersion,
    };
    await client.query(INSERT_EVENT, [
      c.id,
      'submit',
      null,
      'submitted',
      order.buyer_id,
      'buyer',
      null,
      JSON.stringify({ ...eventData, evidence: [] }),
      now,
    ]);
    await client.query(INSERT_AUDIT, [
      order.buyer_id,
      'buyer',
      '127.0.0.1',
      'refund.submit',
      `refund:${refundNo}`,
      '{}',
    ]);
    await writeMessages(client, s, c, now);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}

/** notifyCase(…, 'submit'): the order number, the shop's merchant users, one multi-row insert. */
async function writeMessages(
  client: pg.PoolClient,
  s: SubmitSql,
  c: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const orderNo = (await client.query(s.orderNo, [c.order_id])).rows[0]?.order_no ?? '';
  const messages = caseMessages('submit', {
    refundNo: String(c.refund_no),
    orderNo,
    reason: null,
    slaDeadline: c.sla_deadline as Date,
    infoDeadline: null,
    merchantDeadline: c.merchant_deadline as Date,
    amountFen: Number(c.amount_fen),
    approvedFen: null,
    feeFen: 0,
    hasAssignee: false,
    assigneeLive: false,
  });
  const values: unknown[] = [];
  for (const m of messages) {
    const users =
      m.to === 'buyer'
        ? [c.buyer_id]
        : (await client.query(s.merchantUsers, ['merchant', c.merchant_id])).rows.map((r) => r.id);
    const link = m.to === 'buyer' ? `/buyer/refunds/${c.refund_no}` : `/merchant/refunds/${c.refund_no}`;
    for (const userId of users) {
      values.push(
        userId,
        m.kind,
        `refund:${c.refund_no}`,
        m.titleZh,
        m.titleEn,
        m.bodyZh,
        m.bodyEn,
        link,
        now,
      );
    }
  }
  if (values.length === 0) return;
  const rows = Array.from({ length: values.length / 9 }, (_, r) => {
    const p = Array.from({ length: 9 }, (_, k) => `$${r * 9 + k + 1}`);
    return `(${p.join(', ')})`;
  });
  await client.query(INSERT_MESSAGE_COLUMNS + rows.join(', '), values);
}
