import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCROW, merchantBalance } from '../../src/core/ledger/accounts.ts';
import { settlementTxn } from '../../src/core/ledger/settlement.ts';
import { formatOrderNo } from '../../src/core/orders/order-no.ts';
import { seedBulkOrders } from '../../src/demo/seed-bulk.ts';
import { SETTLE_JOB } from '../../src/modules/funds/jobs.ts';
import { runSettlement, type SettlementRun } from '../../src/modules/funds/settle-orders.ts';
import { balances, postTxn } from '../../src/modules/ledger/post-txn.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct } from '../helpers/factories.ts';
import { DEMO_PASSWORD } from '../helpers/global-db.ts';
import { expectBooksBalance, submittedCase } from '../helpers/payouts.ts';

/**
 * Benchmark data must never corrupt the books (issue 13): `kameng seed --orders` used to write paid,
 * completed orders with no payment in the ledger, and settlement then paid them out of the pooled
 * escrow — real orders' money — until it was empty, after which every paid refund failed to book.
 * Now the seed books its payments, and settlement pays an order no more than the ledger holds in escrow
 * for it and skips (and reports) orders whose payment was never booked.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let buyer: HttpClient;
let supervisor: HttpClient;
let merchantId: number;
let productId: number;

beforeAll(async () => {
  api = await startTestApi({}, { workers: true });
  merchantId = (await demoIds(api.ctx)).merchantId;
  productId = await makeProduct(api.ctx, { merchantId, priceFen: 10_000 });
  await addKeys(api.ctx, productId, 5);
  buyer = api.client();
  await buyer.login('buyer');
  supervisor = api.client();
  await supervisor.login('supervisor');
});
afterAll(() => api?.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Escrow by the ledger, and what the orders whose payment is booked and not yet settled say they hold. */
async function escrowAgainstOrders() {
  const [row] = await q(`
    SELECT coalesce(sum(o.paid_fen - o.refunded_fen - coalesce(
             (SELECT sum(a.fee_fen) FROM payout_attempt a WHERE a.order_id = o.id AND a.status = 'succeeded'), 0)
           ), 0)::bigint AS held
    FROM shop_order o
    WHERE o.settled_at IS NULL AND o.paid_fen > 0
      AND EXISTS (SELECT 1 FROM ledger_txn t WHERE t.ref = 'order:' || o.order_no AND t.kind = 'payment')`);
  const escrow = (await balances(api.ctx.db, [ESCROW])).get(ESCROW)!;
  return { escrow, held: Number(row.held) };
}

/** Copies of completed bulk orders written the old way: paid, completed long ago, nothing in the ledger. */
async function unbookedOrders(n: number): Promise<string[]> {
  const source = await q(
    `SELECT id FROM shop_order WHERE status = 'completed' AND paid_fen > 0 AND completed_at < now() - interval '30 days'
     ORDER BY id LIMIT $1`,
    [n],
  );
  const nos: string[] = [];
  for (const s of source) {
    const [{ seq }] = await q(`SELECT nextval('order_no_seq') AS seq`);
    const orderNo = formatOrderNo(new Date(), Number(seq));
    await q(
      `INSERT INTO shop_order (order_no, buyer_id, merchant_id, product_id, product_name, product_kind, quantity,
         unit_price_fen, amount_fen, status, delivery_status, channel, channel_trade_no, paid_fen, expires_at,
         created_at, paid_at, delivered_at, completed_at)
       SELECT $2, buyer_id, merchant_id, product_id, product_name, product_kind, quantity, unit_price_fen,
         amount_fen, status, delivery_status, channel, channel_trade_no || 'X', paid_fen, expires_at, created_at,
         paid_at, delivered_at, completed_at
       FROM shop_order WHERE id = $1`,
      [s.id, orderNo],
    );
    nos.push(orderNo);
  }
  return nos;
}

async function settleThroughTheJob(): Promise<SettlementRun> {
  const id = await api.ctx.jobs.send(SETTLE_JOB, {});
  for (let i = 0; i < 300; i++) {
    const [job] = await q(`SELECT state, output FROM pgboss.job WHERE id = $1`, [id]);
    if (job?.state === 'completed') return job.output as SettlementRun;
    if (job?.state === 'failed') throw new Error(`settlement failed: ${JSON.stringify(job.output)}`);
    await sleep(100);
  }
  throw new Error('settlement job did not finish');
}

describe('bulk-seeded orders and settlement', () => {
  it('books seeded payments, settles only booked money, reports the rest, and real refunds still book', async () => {
    // A real order with a refund case on it (its money must still be in escrow at the end), and a real
    // order completed eight days ago (due for settlement).
    const real = await submittedCase(buyer, productId, 'alipay');
    const { body: due } = await buyer.post('/api/orders', { productId, quantity: 1 });
    expect((await buyer.post(`/api/orders/${due.orderNo}/pay`, { channel: 'alipay' })).status).toBe(200);
    await q(
      `UPDATE shop_order SET status = 'completed', completed_at = now() - interval '8 days' WHERE order_no = $1`,
      [due.orderNo],
    );

    await seedBulkOrders(api.db.database.pool, {
      orders: 800,
      buyers: 20,
      password: DEMO_PASSWORD,
      batchSize: 300,
    });
    // Every paid bulk order's money is in the books: settled at seed (completed more than 7 days ago)
    // with what it paid, or held in escrow by a payment transaction of its own, once, for what was paid.
    const [bulk] = await q(`
      SELECT count(*)::int AS paid,
             count(*) FILTER (WHERE o.settled_at IS NOT NULL)::int AS settled,
             count(*) FILTER (WHERE o.settled_at IS NOT NULL AND o.settled_fen = o.paid_fen
                                AND o.completed_at < now() - interval '7 days')::int AS settled_right,
             count(*) FILTER (WHERE o.settled_at IS NULL AND (
               SELECT sum(p.amount_fen) FROM ledger_txn t
                 JOIN ledger_posting p ON p.txn_id = t.id
                 JOIN ledger_account a ON a.id = p.account_id AND a.path = '${ESCROW}'
               WHERE t.ref = 'order:' || o.order_no AND t.kind = 'payment') = o.paid_fen)::int AS in_escrow,
             (SELECT coalesce(sum(o2.settled_fen), 0)::bigint FROM shop_order o2 WHERE o2.settled_at IS NOT NULL
                AND o2.merchant_id = ${merchantId}) AS settled_fen
      FROM shop_order o JOIN app_user u ON u.id = o.buyer_id
      WHERE u.username LIKE 'bulk-buyer-%' AND o.paid_fen > 0`);
    expect(bulk.paid).toBeGreaterThan(650);
    expect(bulk.settled).toBeGreaterThan(bulk.paid * 0.8);
    expect(bulk.settled_right).toBe(bulk.settled);
    expect(bulk.in_escrow).toBe(bulk.paid - bulk.settled);
    const merchantHolds = (await balances(api.ctx.db, [merchantBalance(merchantId)])).get(
      merchantBalance(merchantId),
    );
    expect(merchantHolds).toBe(Number(bulk.settled_fen));
    await expectBooksBalance(api.db.database.pool);
    let e = await escrowAgainstOrders();
    expect(e.escrow).toBe(e.held);

    // What the old seed left behind, and an order the ledger holds less for than its own figures say
    // (2,000 of its 10,000 already settled in the books, the order never stamped).
    const unbooked = await unbookedOrders(3);
    await inTransaction(api.ctx.db, (tx) =>
      postTxn(tx, settlementTxn({ orderNo: due.orderNo, merchantId, amountFen: 2_000 }), new Date()),
    );

    const run = await settleThroughTheJob();
    expect(run.unbooked).toBe(3);
    expect(run.unbookedOrderNos.sort()).toEqual(unbooked.sort());
    expect(run.capped).toBe(1);
    expect(run.cappedOrderNos).toEqual([due.orderNo]);
    expect(run.settled).toBeGreaterThanOrEqual(1);
    const [settledDue] = await q(`SELECT settled_fen FROM shop_order WHERE order_no = $1`, [due.orderNo]);
    expect(Number(settledDue.settled_fen)).toBe(8_000);
    const left = await q(`SELECT settled_at FROM shop_order WHERE order_no = ANY($1)`, [unbooked]);
    expect(left.map((r) => r.settled_at)).toEqual([null, null, null]);
    const metrics = await api.client().get('/metrics');
    expect(metrics.text).toContain('kameng_settlement_flagged_orders{reason="unbooked"} 3');
    expect(metrics.text).toContain('kameng_settlement_flagged_orders{reason="capped"} 1');

    await expectBooksBalance(api.db.database.pool);
    e = await escrowAgainstOrders();
    expect(e.escrow).toBe(e.held);
    expect(e.escrow).toBeGreaterThanOrEqual(10_000);

    // The next run settles nothing new and still reports the unbooked orders; a month later the bulk
    // orders completed this week are settled too, from their own escrow.
    const again = await runSettlement(api.ctx.db, new Date(), 7);
    expect([again.settled, again.unbooked, again.capped]).toEqual([0, 3, 0]);
    const later = await runSettlement(api.ctx.db, new Date(Date.now() + 30 * 86_400_000), 7);
    expect(later.unbooked).toBe(3);
    expect(later.capped).toBe(0);
    expect(later.settled).toBeGreaterThan(0);
    await expectBooksBalance(api.db.database.pool);
    e = await escrowAgainstOrders();
    expect(e.escrow).toBe(e.held);

    // The real order's refund is paid back and booked from its own escrow.
    const approved = await supervisor.post(`/api/review/${real.refundNo}/approve`, {
      expectedVersion: real.version,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    let state = approved.body.state;
    for (let i = 0; i < 200 && state !== 'refunded'; i++) {
      await sleep(100);
      state = (await buyer.get(`/api/refunds/${real.refundNo}`)).body.state;
    }
    expect(state).toBe('refunded');
    const [attempt] = await q(
      `SELECT a.status, a.last_error FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1`,
      [real.refundNo],
    );
    expect(attempt).toEqual({ status: 'succeeded', last_error: null });
    await expectBooksBalance(api.db.database.pool);
    const after = await escrowAgainstOrders();
    expect(after.escrow).toBe(after.held);
    expect(after.escrow).toBe(e.escrow - 10_000);
  });
});
