import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buyerBalance,
  ESCROW,
  FEE_INCOME,
  GUARANTEE,
  merchantReceivable,
} from '../../src/core/ledger/accounts.ts';
import { fundingTxn } from '../../src/core/ledger/settlement.ts';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import { settleDueOrders } from '../../src/modules/funds/settle-orders.ts';
import { balances, postTxn } from '../../src/modules/ledger/post-txn.ts';
import { applyPayoutOutcome } from '../../src/modules/payouts/apply-outcome.ts';
import { runPayout } from '../../src/modules/payouts/run-payout.ts';
import { sweepPayouts } from '../../src/modules/payouts/sweep-payouts.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeMerchant, makeProduct, setBalance } from '../helpers/factories.ts';
import { statements } from '../helpers/statements.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let supervisor: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 1_000_000);
  buyer = api.client();
  await buyer.login('buyer');
  supervisor = api.client();
  await supervisor.login('supervisor');
});
afterAll(() => api.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;

/** An unrevealed card key paid with `channel`, a not-as-described case (5% fee) approved by a supervisor. */
async function approvedCase(channel: 'balance' | 'alipay' | 'wechatpay', priceFen = 10_000) {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen });
  await addKeys(api.ctx, productId, 1);
  const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
  expect((await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel })).status).toBe(200);
  const { body: c } = await buyer.post('/api/refunds', {
    orderNo: order.orderNo,
    type: 'not_as_described',
    description: `订单号${order.orderNo}今天10点购买，卡密面值与描述不符`,
  });
  const approved = await supervisor.post(`/api/review/${c.refundNo}/approve`, { expectedVersion: c.version });
  expect(approved.body.state).toBe('refunding');
  const [attempt] = await q(
    'SELECT a.* FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
    [c.refundNo],
  );
  return { refundNo: c.refundNo as string, orderNo: order.orderNo as string, attempt };
}

const run = (attemptId: number) =>
  runPayout({
    db: api.ctx.db,
    jobs: api.ctx.jobs,
    gateways: api.ctx.gateways,
    attemptId,
    now: () => new Date(),
  });

describe('payouts', () => {
  it('writes the attempt with its idempotency number at approval, before any call', async () => {
    const { refundNo, attempt } = await approvedCase('balance');
    expect(attempt).toMatchObject({ out_refund_no: `${refundNo}-1`, status: 'pending', channel: 'balance' });
    expect(Number(attempt.amount_fen)).toBe(9_500);
    expect(Number(attempt.fee_fen)).toBe(500);
    const jobs = await q(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'payout.run' AND data->>'attemptId' = $1",
      [String(attempt.id)],
    );
    expect(jobs[0].n).toBe(1);
  });

  it('pays a balance refund back to the balance: the case is 已退款 and the books balance', async () => {
    const { refundNo, orderNo, attempt } = await approvedCase('balance');
    const before = await balances(api.ctx.db, [ESCROW, FEE_INCOME, buyerBalance(ids.buyerId)]);
    await run(Number(attempt.id));
    const c = await buyer.get(`/api/refunds/${refundNo}`);
    expect(c.body.state).toBe('refunded');
    expect(c.body.timeline.at(-1).kind).toBe('payout_succeeded');
    const after = await balances(api.ctx.db, [ESCROW, FEE_INCOME, buyerBalance(ids.buyerId)]);
    expect(after.get(buyerBalance(ids.buyerId))! - before.get(buyerBalance(ids.buyerId))!).toBe(9_500);
    expect(after.get(FEE_INCOME)! - before.get(FEE_INCOME)!).toBe(500);
    expect(before.get(ESCROW)! - after.get(ESCROW)!).toBe(10_000);
    const [order] = await q('SELECT refunded_fen::int AS r FROM shop_order WHERE order_no = $1', [orderNo]);
    expect(order.r).toBe(9_500);
    const [wallet] = await q('SELECT balance_fen::bigint AS b FROM wallet WHERE user_id = $1', [ids.buyerId]);
    expect(Number(wallet.b)).toBe(after.get(buyerBalance(ids.buyerId)));
    // Running the job again (a retry, a duplicate) changes nothing.
    await run(Number(attempt.id));
    const txns = await q('SELECT count(*)::int AS n FROM ledger_txn WHERE ref = $1', [
      `payout:${attempt.out_refund_no}`,
    ]);
    expect(txns[0].n).toBe(1);
  });

  it('books a paid refund in few statements, five of them under the ledger accounts’ locks', async () => {
    const { refundNo, attempt } = await approvedCase('alipay');
    const sent = await statements(() =>
      applyPayoutOutcome({
        db: api.ctx.db,
        jobs: api.ctx.jobs,
        outRefundNo: attempt.out_refund_no,
        status: {
          kind: 'succeeded',
          refundedFen: Number(attempt.amount_fen),
          channelRefundId: 'CH-STMT-1',
          at: new Date(),
        },
        now: new Date(),
      }),
    );
    expect((await buyer.get(`/api/refunds/${refundNo}`)).body.state).toBe('refunded');
    // Every booking takes the same accounts (escrow, fee income, the guarantee fund, the channel's
    // clearing account), so what runs between locking them and COMMIT runs one booking at a time across
    // all payouts: the locks with the balances read, the posting, the order + attempt + case statement,
    // the savepoint's release, COMMIT (11 before: locks and balances apart, the accounts created and
    // locked again, the order, the attempt and the order number each on their own).
    const locked = sent.findIndex((q) => /from "ledger_account".*for update/is.test(q));
    expect(locked).toBeGreaterThan(0);
    expect(sent.slice(locked)).toHaveLength(5);
    expect(sent.length).toBeLessThanOrEqual(10);
  });

  it('applies 30 racing confirmations of one refund exactly once', async () => {
    const { refundNo, attempt } = await approvedCase('balance');
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        applyPayoutOutcome({
          db: api.ctx.db,
          jobs: api.ctx.jobs,
          outRefundNo: attempt.out_refund_no,
          status: { kind: 'succeeded', channelRefundId: 'X1', refundedFen: 9_500, at: new Date() },
          now: new Date(),
        }),
      ),
    );
    expect(results.filter((r) => r === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_final')).toHaveLength(29);
    const txns = await q('SELECT count(*)::int AS n FROM ledger_txn WHERE ref = $1', [
      `payout:${attempt.out_refund_no}`,
    ]);
    expect(txns[0].n).toBe(1);
    expect((await buyer.get(`/api/refunds/${refundNo}`)).body.state).toBe('refunded');
  });

  it('refuses a confirmation for another amount, and takes no timeout for an answer', async () => {
    const { refundNo, attempt } = await approvedCase('balance');
    const base = { db: api.ctx.db, jobs: api.ctx.jobs, outRefundNo: attempt.out_refund_no, now: new Date() };
    expect(
      await applyPayoutOutcome({
        ...base,
        status: { kind: 'succeeded', channelRefundId: 'X', refundedFen: 9_499, at: new Date() },
      }),
    ).toBe('mismatch');
    expect(await applyPayoutOutcome({ ...base, status: { kind: 'unknown', message: 'timeout' } })).toBe(
      'pending',
    );
    const [a] = await q('SELECT status, next_check_at FROM payout_attempt WHERE id = $1', [attempt.id]);
    expect(a.status).toBe('unknown');
    expect(a.next_check_at).not.toBeNull();
    expect((await buyer.get(`/api/refunds/${refundNo}`)).body.state).toBe('refunding');
    expect(
      await applyPayoutOutcome({ ...base, outRefundNo: 'R00000000000000-9', status: { kind: 'processing' } }),
    ).toBe('not_found');
  });

  it('marks the case 退款失败 with the channel’s reason when the refund is refused', async () => {
    const { refundNo, attempt } = await approvedCase('balance');
    await applyPayoutOutcome({
      db: api.ctx.db,
      jobs: api.ctx.jobs,
      outRefundNo: attempt.out_refund_no,
      status: { kind: 'failed', reason: 'abnormal', message: '用户银行卡冻结' },
      now: new Date(),
    });
    const c = await buyer.get(`/api/refunds/${refundNo}`);
    expect(c.body.state).toBe('refund_failed');
    expect(c.body.timeline.at(-1).reason).toContain('用户银行卡冻结');
  });

  for (const channel of ['alipay', 'wechatpay'] as const) {
    it(`refunds a ${channel} payment the way it came, through the official SDK`, async () => {
      const { refundNo, orderNo, attempt } = await approvedCase(channel);
      await run(Number(attempt.id));
      const c = await buyer.get(`/api/refunds/${refundNo}`);
      expect(c.body.state).toBe('refunded');
      const [a] = await q('SELECT status, channel_refund_id FROM payout_attempt WHERE id = $1', [attempt.id]);
      expect(a.status).toBe('succeeded');
      expect(a.channel_refund_id).toBeTruthy();
      expect(c.body.timeline.at(-1).reason).toBe(a.channel_refund_id);
      const books = await new GatewaySimulatorClient(api.payments.simulator!.url).refunds(channel);
      const mine = books.filter((r: { outRefundNo: string }) => r.outRefundNo === attempt.out_refund_no);
      expect(mine).toHaveLength(1);
      const [order] = await q('SELECT refunded_fen::int AS r FROM shop_order WHERE order_no = $1', [orderNo]);
      expect(order.r).toBe(9_500);
    });
  }

  it('keeps a refund the channel is still processing as 退款中, then takes its notification once', async () => {
    const { refundNo, attempt } = await approvedCase('wechatpay');
    const sim = new GatewaySimulatorClient(api.payments.simulator!.url);
    await sim.addFault({
      match: { outRefundNo: attempt.out_refund_no },
      fault: 'processing_then_success',
      delayMs: 300,
    });
    await run(Number(attempt.id));
    const [pending] = await q('SELECT status, next_check_at, calls FROM payout_attempt WHERE id = $1', [
      attempt.id,
    ]);
    expect(pending.status).toBe('processing');
    expect(pending.next_check_at).not.toBeNull();
    expect((await buyer.get(`/api/refunds/${refundNo}`)).body.state).toBe('refunding');
    // The simulator then sends its (signed, encrypted) notification to our notify route, maybe twice.
    await expect
      .poll(async () => (await buyer.get(`/api/refunds/${refundNo}`)).body.state, {
        timeout: 15_000,
        interval: 250,
      })
      .toBe('refunded');
    await run(Number(attempt.id));
    const txns = await q('SELECT count(*)::int AS n FROM ledger_txn WHERE ref = $1', [
      `payout:${attempt.out_refund_no}`,
    ]);
    expect(txns[0].n).toBe(1);
  });

  it('marks a refund the channel refuses (frozen card) 退款失败 with its reason', async () => {
    const { refundNo, attempt } = await approvedCase('alipay');
    const sim = new GatewaySimulatorClient(api.payments.simulator!.url);
    await sim.addFault({ match: { outRefundNo: attempt.out_refund_no }, fault: 'abnormal' });
    await run(Number(attempt.id));
    const c = await buyer.get(`/api/refunds/${refundNo}`);
    expect(c.body.state).toBe('refund_failed');
    expect(c.body.timeline.at(-1).reason).toMatch(/abnormal/);
  });
});

describe('a payout the books cannot take yet', () => {
  it('when the guarantee fund is short, says why, waits, is found by the sweep, and books once funded', async () => {
    // A shop that has been paid for the order and withdrew everything: the refund must be advanced,
    // and this database's guarantee fund is empty.
    const shopId = await makeMerchant(api.ctx, 'payout-broke-shop');
    const productId = await makeProduct(api.ctx, { merchantId: shopId, priceFen: 5_000 });
    await addKeys(api.ctx, productId, 1);
    const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
    await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'balance' });
    await q(
      "UPDATE shop_order SET status = 'completed', completed_at = now() - interval '8 days' WHERE order_no = $1",
      [order.orderNo],
    );
    await settleDueOrders(api.ctx.db, new Date(), 7);
    const shop = api.client();
    await shop.login('payout-broke-shop');
    expect((await shop.post('/api/merchant/withdrawals', { amountFen: 5_000 })).status).toBe(201);
    const { body: c } = await buyer.post('/api/refunds', {
      orderNo: order.orderNo,
      type: 'not_as_described',
      description: `订单号${order.orderNo}今天10点购买，卡密面值与描述不符`,
    });
    await supervisor.post(`/api/review/${c.refundNo}/approve`, { expectedVersion: c.version });
    const [attempt] = await q(
      'SELECT a.id FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [c.refundNo],
    );
    await run(Number(attempt.id));
    const [waiting] = await q('SELECT status, last_error, next_check_at FROM payout_attempt WHERE id = $1', [
      attempt.id,
    ]);
    expect(waiting.status).toBe('processing');
    expect(waiting.last_error).toMatch(/booking failed: .*guarantee fund short/);
    // The supervisors are told, once (the re-check below fails the same way and stays quiet).
    await run(Number(attempt.id));
    const told = await q(
      "SELECT title_zh FROM site_message WHERE kind = 'payout_booking_failed' AND link LIKE $1",
      [`%${c.refundNo}`],
    );
    expect(told.length).toBeGreaterThan(0);
    expect(new Set(told.map((m) => m.title_zh))).toEqual(new Set([`退款 ${c.refundNo} 已出款但未能入账`]));
    const supervisors = await q("SELECT count(*)::int AS n FROM app_user WHERE role = 'supervisor'");
    expect(told).toHaveLength(supervisors[0].n);
    expect((await buyer.get(`/api/refunds/${c.refundNo}`)).body.state).toBe('refunding');
    expect(
      await q("SELECT 1 FROM ledger_txn WHERE ref = $1 AND kind = 'refund'", [`payout:${c.refundNo}-1`]),
    ).toEqual([]);

    // Its job lost (say a worker died): once overdue, the sweep enqueues it again.
    await q("UPDATE payout_attempt SET next_check_at = now() - interval '10 minutes' WHERE id = $1", [
      attempt.id,
    ]);
    expect(await sweepPayouts(api.ctx.db, api.ctx.jobs, new Date())).toBeGreaterThanOrEqual(1);
    const [queued] = await q(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'payout.run' AND data->>'attemptId' = $1
       AND singleton_key LIKE 'payout:sweep:%'`,
      [String(attempt.id)],
    );
    expect(queued.n).toBe(1);

    // The platform tops up the guarantee fund; the next run books the refund, advanced for the shop.
    await inTransaction(api.ctx.db, (tx) =>
      postTxn(
        tx,
        fundingTxn({
          kind: 'funding',
          ref: 'test:guarantee',
          to: GUARANTEE,
          amountFen: 100_000,
          memo: 'fund',
        }),
        new Date(),
      ),
    );
    await run(Number(attempt.id));
    expect((await buyer.get(`/api/refunds/${c.refundNo}`)).body.state).toBe('refunded');
    const owed = await balances(api.ctx.db, [merchantReceivable(shopId)]);
    expect(owed.get(merchantReceivable(shopId))).toBeGreaterThan(0);
  });
});
