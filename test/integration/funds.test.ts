import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADVANCES,
  ESCROW,
  GUARANTEE,
  merchantBalance,
  merchantDeposit,
  merchantReceivable,
} from '../../src/core/ledger/accounts.ts';
import { fundingTxn } from '../../src/core/ledger/settlement.ts';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import { settleDueOrders } from '../../src/modules/funds/settle-orders.ts';
import { balances, postTxn } from '../../src/modules/ledger/post-txn.ts';
import { runPayout } from '../../src/modules/payouts/run-payout.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeBuyers, makeMerchant, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let buyer: HttpClient;
let supervisor: HttpClient;
let shop: HttpClient;
let admin: HttpClient;
let shopId: number;
let buyerId: number;
beforeAll(async () => {
  api = await startTestApi();
  buyerId = (await demoIds(api.ctx)).buyerId;
  await setBalance(api.ctx, buyerId, 1_000_000);
  shopId = await makeMerchant(api.ctx, 'funds-shop');
  await inTransaction(api.ctx.db, (tx) =>
    postTxn(
      tx,
      fundingTxn({ kind: 'funding', ref: 'test:guarantee', to: GUARANTEE, amountFen: 500_000, memo: 'fund' }),
      new Date(),
    ),
  );
  buyer = api.client();
  await buyer.login('buyer');
  supervisor = api.client();
  await supervisor.login('supervisor');
  shop = api.client();
  await shop.login('funds-shop');
  admin = api.client();
  await admin.login('admin');
});
afterAll(() => api.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;
const books = (paths: string[]) => balances(api.ctx.db, paths);
const DAY = 86_400_000;

/** A card key bought from the test shop, delivered and (as if) completed `daysAgo` days ago. */
async function completedOrder(priceFen: number, channel: 'balance' | 'alipay' = 'balance', daysAgo = 8) {
  const productId = await makeProduct(api.ctx, { merchantId: shopId, priceFen });
  await addKeys(api.ctx, productId, 1);
  const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
  expect((await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel })).status).toBe(200);
  await q(
    `UPDATE shop_order SET status = 'completed', completed_at = now() - make_interval(days => $2)
     WHERE order_no = $1`,
    [order.orderNo, daysAgo],
  );
  return order.orderNo as string;
}

/** A settlement run leaves the order unsettled, and the shop's funds page names the case holding it. */
async function expectHeldBy(orderNo: string, refundNo: string) {
  await settleDueOrders(api.ctx.db, new Date(), 7);
  expect(
    (await q('SELECT settled_at FROM shop_order WHERE order_no = $1', [orderNo]))[0].settled_at,
  ).toBeNull();
  const held = (await shop.get('/api/merchant/funds')).body.pending.find(
    (p: { orderNo: string }) => p.orderNo === orderNo,
  );
  expect(held.openRefundNo).toBe(refundNo);
}

async function openCase(orderNo: string) {
  const res = await buyer.post('/api/refunds', {
    orderNo,
    type: 'not_as_described',
    description: `订单号${orderNo}的卡密面值与商品描述不符，无法正常使用`,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { refundNo: string; version: number; amountFen: number };
}

async function approveAndPay(c: { refundNo: string; version: number }) {
  const approved = await supervisor.post(`/api/review/${c.refundNo}/approve`, { expectedVersion: c.version });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  await payPending(c.refundNo);
  return (await buyer.get(`/api/refunds/${c.refundNo}`)).body;
}

async function payPending(refundNo: string) {
  const attempts = await q(
    `SELECT a.id FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id
     WHERE c.refund_no = $1 AND a.status = 'pending'`,
    [refundNo],
  );
  for (const a of attempts)
    await runPayout({
      db: api.ctx.db,
      jobs: api.ctx.jobs,
      gateways: api.ctx.gateways,
      attemptId: Number(a.id),
      now: () => new Date(),
    });
}

describe('settlement (结算)', () => {
  it('pays a completed order to the merchant after the freeze period, once', async () => {
    const fresh = await completedOrder(3_000, 'balance', 2);
    const due = await completedOrder(5_000);
    const before = (await books([merchantBalance(shopId)])).get(merchantBalance(shopId))!;
    await settleDueOrders(api.ctx.db, new Date(), 7);
    await settleDueOrders(api.ctx.db, new Date(), 7);
    const after = (await books([merchantBalance(shopId)])).get(merchantBalance(shopId))!;
    expect(after - before).toBe(5_000);
    const rows = await q(
      'SELECT order_no, settled_fen, settled_at FROM shop_order WHERE order_no = ANY($1)',
      [[fresh, due]],
    );
    const by = Object.fromEntries(rows.map((r) => [r.order_no, r]));
    expect(Number(by[due].settled_fen)).toBe(5_000);
    expect(by[fresh].settled_at).toBeNull();
    const funds = await shop.get('/api/merchant/funds');
    expect(funds.status).toBe(200);
    expect(funds.body.balanceFen).toBe(after);
    expect(funds.body.frozenFen).toBeGreaterThanOrEqual(3_000);
    const pending = funds.body.pending.find((p: { orderNo: string }) => p.orderNo === fresh);
    expect(pending.escrowFen).toBe(3_000);
    expect(pending.openRefundNo).toBeNull();
    expect(new Date(pending.settlesAt).getTime() - new Date(pending.completedAt).getTime()).toBe(7 * DAY);
    expect(funds.body.entries[0]).toMatchObject({ kind: 'settlement', account: 'balance', amountFen: 5_000 });
  });

  it('holds an order with an open refund case until the case ends, then settles what is left', async () => {
    const orderNo = await completedOrder(4_000);
    const c = await openCase(orderNo);
    await expectHeldBy(orderNo, c.refundNo);
    const paid = await approveAndPay(c);
    expect(paid.state).toBe('refunded');
    await settleDueOrders(api.ctx.db, new Date(), 7);
    const [o] = await q('SELECT paid_fen, refunded_fen, settled_fen FROM shop_order WHERE order_no = $1', [
      orderNo,
    ]);
    const [{ fees }] = await q(
      `SELECT coalesce(sum(fee_fen), 0)::int AS fees FROM payout_attempt a JOIN shop_order o ON o.id = a.order_id
       WHERE o.order_no = $1 AND a.status = 'succeeded'`,
      [orderNo],
    );
    expect(Number(o.settled_fen)).toBe(Number(o.paid_fen) - Number(o.refunded_fen) - fees);
  });
});

describe('the appeal deadline (申诉期限)', () => {
  it('holds an order while its rejected case may be appealed; after the deadline the appeal is refused and it settles', async () => {
    const orderNo = await completedOrder(6_000);
    const c = await openCase(orderNo);
    const rejected = await supervisor.post(`/api/review/${c.refundNo}/reject`, {
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      text: '请提供卡密页面的截图',
      expectedVersion: c.version,
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const seen = (await buyer.get(`/api/refunds/${c.refundNo}`)).body;
    expect(seen.actions).toContain('appeal');
    // Seven business days (the default policy): at least 7 calendar days, at most 7 plus the weekends
    // and holidays between.
    const deadline = new Date(seen.appealDeadline).getTime();
    expect(deadline - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect(deadline - Date.now()).toBeLessThan(20 * DAY);
    // Within it: the order stays in escrow, and the shop sees which case holds it.
    await expectHeldBy(orderNo, c.refundNo);
    // After it: no appeal, and the next settlement pays the order out.
    const later = new Date(deadline + 60_000);
    api.ctx.now = () => later;
    try {
      const after = (await buyer.get(`/api/refunds/${c.refundNo}`)).body;
      expect(after.actions).not.toContain('appeal');
      expect(after.appealDeadline).toBe(seen.appealDeadline);
      const late = await buyer.post(`/api/refunds/${c.refundNo}/appeal`, { text: '卡密页面显示面值不符' });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('REFUND.APPEAL_TOO_LATE');
      await settleDueOrders(api.ctx.db, later, 7);
      expect(
        Number((await q('SELECT settled_fen FROM shop_order WHERE order_no = $1', [orderNo]))[0].settled_fen),
      ).toBe(6_000);
    } finally {
      api.ctx.now = () => new Date();
    }
  });

  it('an appealed and again rejected case holds nothing: it cannot be appealed twice', async () => {
    const orderNo = await completedOrder(2_000);
    const c = await openCase(orderNo);
    const r1 = await supervisor.post(`/api/review/${c.refundNo}/reject`, {
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      text: '请提供卡密页面的截图',
      expectedVersion: c.version,
    });
    const appealed = await buyer.post(`/api/refunds/${c.refundNo}/appeal`, { text: '卡密页面显示面值不符' });
    expect(appealed.status, JSON.stringify(appealed.body)).toBe(200);
    expect(r1.status).toBe(200);
    const admin2 = api.client();
    await admin2.login('admin');
    const r2 = await admin2.post(`/api/review/${c.refundNo}/reject`, {
      reasonCode: 'EVIDENCE_INSUFFICIENT',
      text: '申诉材料仍不足以证明',
      expectedVersion: appealed.body.version,
    });
    expect(r2.status, JSON.stringify(r2.body)).toBe(200);
    expect((await buyer.get(`/api/refunds/${c.refundNo}`)).body.appealDeadline).toBeNull();
    await settleDueOrders(api.ctx.db, new Date(), 7);
    expect(
      Number((await q('SELECT settled_fen FROM shop_order WHERE order_no = $1', [orderNo]))[0].settled_fen),
    ).toBe(2_000);
  });
});

describe('the guarantee fund (先行垫付), deposits and recovery', () => {
  it('advances a refund the merchant cannot pay, blocks withdrawal, and recovers it from a deposit and a settlement', async () => {
    // The shop has been paid for an order and has withdrawn everything.
    const orderNo = await completedOrder(10_000);
    await settleDueOrders(api.ctx.db, new Date(), 7);
    const { balanceFen } = (await shop.get('/api/merchant/funds')).body;
    expect(
      (await shop.post('/api/merchant/withdrawals', { amountFen: balanceFen + 1 })).body.error.code,
    ).toBe('LEDGER.INSUFFICIENT_FUNDS');
    const w = await shop.post('/api/merchant/withdrawals', { amountFen: balanceFen });
    expect(w.status).toBe(201);
    expect(w.body.balanceFen).toBe(0);

    const guaranteeBefore = (await books([GUARANTEE])).get(GUARANTEE)!;
    const paid = await approveAndPay(await openCase(orderNo));
    expect(paid.state).toBe('refunded');
    const refund = paid.approvedFen ?? paid.amountFen;
    const after = await books([GUARANTEE, merchantReceivable(shopId), merchantDeposit(shopId)]);
    expect(guaranteeBefore - after.get(GUARANTEE)!).toBe(refund);
    expect(after.get(merchantReceivable(shopId))).toBe(refund);

    const funds = (await shop.get('/api/merchant/funds')).body;
    expect(funds.receivableFen).toBe(refund);
    const refused = await shop.post('/api/merchant/withdrawals', { amountFen: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('FUNDS.RECEIVABLE_OUTSTANDING');

    // A deposit arrives: it first repays the advance.
    const dep = await admin.post(`/api/admin/merchants/${shopId}/deposits`, {
      amountFen: 3_000,
      memo: '缴纳保证金',
    });
    expect(dep.status).toBe(201);
    expect(dep.body.recoveredFen).toBe(3_000);
    // The next settlement repays the rest.
    await completedOrder(20_000);
    await settleDueOrders(api.ctx.db, new Date(), 7);
    const end = await books([GUARANTEE, merchantReceivable(shopId), merchantBalance(shopId), ADVANCES]);
    expect(end.get(merchantReceivable(shopId))).toBe(0);
    expect(end.get(GUARANTEE)).toBe(guaranteeBefore);
    expect(end.get(merchantBalance(shopId))).toBe(20_000 - (refund - 3_000));
    const accounts = (await admin.get('/api/admin/ledger/accounts')).body;
    expect(accounts.totalFen).toBe(0);
    // Whose each account is, in words: the shop's name; none for the platform's own.
    const holderOf = (path: string) => accounts.items.find((a: { path: string }) => a.path === path)?.holder;
    expect(holderOf(merchantBalance(shopId))).toBe('商家 funds-shop');
    expect(holderOf(GUARANTEE)).toBeNull();
    const buyerRow = accounts.items.find((a: { path: string }) => /^buyer:\d+:balance$/.test(a.path));
    if (buyerRow) expect(buyerRow.holder).toMatch(/\(.+\)$/); // 张三 (username)
  });

  it('takes an advance back from the deposit at once when the merchant has one', async () => {
    const other = await makeMerchant(api.ctx, 'funds-shop-2');
    await admin.post(`/api/admin/merchants/${other}/deposits`, { amountFen: 50_000, memo: '保证金' });
    const productId = await makeProduct(api.ctx, { merchantId: other, priceFen: 6_000 });
    await addKeys(api.ctx, productId, 1);
    const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
    await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'balance' });
    await q(
      `UPDATE shop_order SET status = 'completed', completed_at = now() - interval '8 days' WHERE order_no = $1`,
      [order.orderNo],
    );
    await settleDueOrders(api.ctx.db, new Date(), 7);
    const s2 = api.client();
    await s2.login('funds-shop-2');
    await s2.post('/api/merchant/withdrawals', { amountFen: 6_000 });
    const paid = await approveAndPay(await openCase(order.orderNo));
    const refund = paid.approvedFen ?? paid.amountFen;
    const funds = (await s2.get('/api/merchant/funds')).body;
    expect(funds.receivableFen).toBe(0);
    expect(funds.depositFen).toBe(50_000 - refund);
    expect(funds.entries.map((e: { kind: string }) => e.kind)).toContain('recovery');
  });

  it('never lets parallel withdrawals overdraw the balance', async () => {
    const m = await makeMerchant(api.ctx, 'funds-shop-3');
    const productId = await makeProduct(api.ctx, { merchantId: m, priceFen: 8_000 });
    await addKeys(api.ctx, productId, 1);
    const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
    await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'balance' });
    await q(
      `UPDATE shop_order SET status = 'completed', completed_at = now() - interval '8 days' WHERE order_no = $1`,
      [order.orderNo],
    );
    await settleDueOrders(api.ctx.db, new Date(), 7);
    const s3 = api.client();
    await s3.login('funds-shop-3');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => s3.post('/api/merchant/withdrawals', { amountFen: 2_000 })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(4);
    expect(results.filter((r) => r.status === 409)).toHaveLength(6);
    expect((await s3.get('/api/merchant/funds')).body.balanceFen).toBe(0);
  });

  it('withdraws once per Idempotency-Key, also when the answer could not be stored (a crash after the change)', async () => {
    const m = await makeMerchant(api.ctx, 'funds-shop-4');
    await admin.post('/api/admin/ledger/txns', {
      kind: 'funding',
      memo: '测试资金',
      postings: [
        { account: 'platform:funding', amountFen: -10_000 },
        { account: merchantBalance(m), amountFen: 10_000 },
      ],
    });
    const s4 = api.client();
    await s4.login('funds-shop-4');
    const withdrawals = async () =>
      Number(
        (
          await q(
            `SELECT count(*) AS n FROM ledger_txn t WHERE t.kind = 'withdrawal' AND EXISTS (
               SELECT 1 FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
               WHERE p.txn_id = t.id AND a.path = $1)`,
            [merchantBalance(m)],
          )
        )[0].n,
      );
    const headers = (key: string) => ({ 'idempotency-key': key });
    // Twenty at once with one key: one withdrawal, nineteen replays of its answer.
    const same = await Promise.all(
      Array.from({ length: 20 }, () =>
        s4.request('POST', '/api/merchant/withdrawals', {
          body: { amountFen: 1_000 },
          headers: headers('wd-once'),
        }),
      ),
    );
    expect(new Set(same.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(same.map((r) => r.text)).size).toBe(1);
    expect(await withdrawals()).toBe(1);
    // The answer's storing fails after the withdrawal was written (as a process killed between the two
    // would leave it): the withdrawal must roll back with it, so the retry withdraws once, not twice.
    await q(`CREATE FUNCTION refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = 'wd-crash' AND NEW.state = 'done' THEN RAISE EXCEPTION 'crash'; END IF; RETURN NEW; END $$`);
    await q(
      `CREATE TRIGGER refuse_answer BEFORE UPDATE ON idempotency_key FOR EACH ROW EXECUTE FUNCTION refuse_answer()`,
    );
    try {
      const crashed = await s4.request('POST', '/api/merchant/withdrawals', {
        body: { amountFen: 1_000 },
        headers: headers('wd-crash'),
      });
      expect(crashed.status).toBe(500);
      expect(await withdrawals()).toBe(1);
    } finally {
      await q('DROP TRIGGER refuse_answer ON idempotency_key');
      await q('DROP FUNCTION refuse_answer()');
    }
    const retried = await s4.request('POST', '/api/merchant/withdrawals', {
      body: { amountFen: 1_000 },
      headers: headers('wd-crash'),
    });
    expect(retried.status).toBe(201);
    const replayed = await s4.request('POST', '/api/merchant/withdrawals', {
      body: { amountFen: 1_000 },
      headers: headers('wd-crash'),
    });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.text).toBe(retried.text);
    expect(await withdrawals()).toBe(2);
    expect((await s4.get('/api/merchant/funds')).body.balanceFen).toBe(8_000);
  });

  it('checks who asks', async () => {
    expect((await buyer.get('/api/merchant/funds')).status).toBe(403);
    expect(
      (await shop.post(`/api/admin/merchants/${shopId}/deposits`, { amountFen: 1, memo: 'xx' })).status,
    ).toBe(403);
    expect(
      (await admin.post('/api/admin/merchants/999999/deposits', { amountFen: 1, memo: 'xx' })).status,
    ).toBe(404);
    expect((await shop.post('/api/merchant/withdrawals', { amountFen: 1.5 })).status).toBe(400);
    expect((await shop.post('/api/merchant/withdrawals', { amountFen: -5 })).status).toBe(400);
  });
});

describe('refund to balance after the channel failed (退款失败)', () => {
  it("pays the refund to the buyer's balance with their consent, and lets a supervisor retry the channel", async () => {
    const [other] = await makeBuyers(api.ctx, 'funds-other', 1);
    const stranger = api.client();
    await stranger.login(other!);
    const sim = new GatewaySimulatorClient(api.payments.simulator!.url);
    const orderNo = await completedOrder(7_000, 'alipay', 1);
    const c = await openCase(orderNo);
    await supervisor.post(`/api/review/${c.refundNo}/approve`, { expectedVersion: c.version });
    const [a1] = await q(
      'SELECT a.* FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [c.refundNo],
    );
    await sim.addFault({ match: { outRefundNo: a1.out_refund_no }, fault: 'abnormal' });
    await payPending(c.refundNo);
    let view = (await buyer.get(`/api/refunds/${c.refundNo}`)).body;
    expect(view.state).toBe('refund_failed');
    expect(view.actions).toContain('refund_to_balance');

    // Supervisor tries the channel again (new attempt, new number); it fails again.
    const retried = await supervisor.post(`/api/review/${c.refundNo}/retry-payout`, {
      note: '买家称银行卡已解冻，重新发起',
      expectedVersion: view.version,
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const [a2] = await q(
      `SELECT a.* FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id
       WHERE c.refund_no = $1 AND a.status = 'pending'`,
      [c.refundNo],
    );
    expect(a2.out_refund_no).toBe(`${c.refundNo}-2`);
    expect(a2.channel).toBe('alipay');
    await sim.addFault({ match: { outRefundNo: a2.out_refund_no }, fault: 'closed' });
    await payPending(c.refundNo);
    view = (await buyer.get(`/api/refunds/${c.refundNo}`)).body;
    expect(view.state).toBe('refund_failed');

    // Nobody else may choose for the buyer.
    expect((await stranger.post(`/api/refunds/${c.refundNo}/refund-to-balance`, {})).status).toBe(404);
    const walletBefore = Number(
      (await q('SELECT balance_fen FROM wallet WHERE user_id = $1', [buyerId]))[0].balance_fen,
    );
    const agreed = await buyer.post(`/api/refunds/${c.refundNo}/refund-to-balance`, {});
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
    expect(agreed.body.state).toBe('refunding');
    expect((await buyer.post(`/api/refunds/${c.refundNo}/refund-to-balance`, {})).status).toBe(409);
    await payPending(c.refundNo);
    view = (await buyer.get(`/api/refunds/${c.refundNo}`)).body;
    expect(view.state).toBe('refunded');
    const refund = view.approvedFen ?? view.amountFen;
    const walletAfter = Number(
      (await q('SELECT balance_fen FROM wallet WHERE user_id = $1', [buyerId]))[0].balance_fen,
    );
    expect(walletAfter - walletBefore).toBe(refund);
    const attempts = await q(
      'SELECT channel, status FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1 ORDER BY a.id',
      [c.refundNo],
    );
    expect(attempts).toEqual([
      { channel: 'alipay', status: 'failed' },
      { channel: 'alipay', status: 'failed' },
      { channel: 'balance', status: 'succeeded' },
    ]);
    const [o] = await q('SELECT refunded_fen FROM shop_order WHERE order_no = $1', [orderNo]);
    expect(Number(o.refunded_fen)).toBe(refund);
    expect((await admin.get('/api/admin/ledger/accounts')).body.totalFen).toBe(0);
  });
});

describe('escrow', () => {
  it('holds exactly what the unsettled orders have left, after all of the above', async () => {
    const [{ left }] = await q(`
      SELECT coalesce(sum(greatest(o.paid_fen - o.refunded_fen - coalesce((SELECT sum(a.fee_fen)
        FROM payout_attempt a WHERE a.order_id = o.id AND a.status = 'succeeded'), 0), 0)), 0)::bigint AS left
      FROM shop_order o WHERE o.settled_at IS NULL`);
    expect((await books([ESCROW])).get(ESCROW)).toBe(Number(left));
  });
});
