import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentDay, previousDay } from '../../src/core/reconciliation/day.ts';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import type { RefundGateway } from '../../src/modules/payments/refund-port.ts';
import { runPayout } from '../../src/modules/payouts/run-payout.ts';
import { runDailyReconciliation } from '../../src/modules/reconciliation/jobs.ts';
import { reconcileDay } from '../../src/modules/reconciliation/reconcile-day.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

type Channel = 'balance' | 'alipay' | 'wechatpay';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let supervisor: HttpClient;
let admin: HttpClient;
let sim: GatewaySimulatorClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 1_000_000);
  buyer = api.client();
  await buyer.login('buyer');
  supervisor = api.client();
  await supervisor.login('supervisor');
  admin = api.client();
  await admin.login('admin');
  sim = new GatewaySimulatorClient(api.payments.simulator!.url);
});
afterAll(() => api.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;
const today = () => currentDay(new Date());

/** A card key paid with `channel`, a 与描述不符 case approved by a supervisor: its payout attempt's number. */
async function approvedPayout(channel: Channel): Promise<{ no: string; id: number }> {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 10_000 });
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
  const [a] = await q(
    'SELECT a.id, a.out_refund_no FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
    [c.refundNo],
  );
  return { no: a.out_refund_no, id: Number(a.id) };
}

/** Approved and paid out through the channel (the simulator), as the payout worker does it. */
async function paidPayout(channel: Channel) {
  const p = await approvedPayout(channel);
  await runPayout({
    db: api.ctx.db,
    jobs: api.ctx.jobs,
    gateways: api.ctx.gateways,
    attemptId: p.id,
    now: () => new Date(),
  });
  return p;
}

const statusOf = async (no: string) =>
  (await q('SELECT status FROM payout_attempt WHERE out_refund_no = $1', [no]))[0].status;

/** Everything reconciliation must leave alone. */
async function books() {
  await sim.notifications(); // every notification under way has been handled
  return {
    payouts: await q('SELECT * FROM payout_attempt ORDER BY id'),
    txns: await q('SELECT id, kind, ref, reverses_id FROM ledger_txn ORDER BY id'),
    postings: await q('SELECT id, txn_id, account_id, amount_fen FROM ledger_posting ORDER BY id'),
    accounts: await q('SELECT path, balance_fen FROM ledger_account ORDER BY path'),
    cases: await q('SELECT id, state FROM refund_case ORDER BY id'),
    orders: await q('SELECT id, refunded_fen FROM shop_order ORDER BY id'),
  };
}

describe('reconciliation', () => {
  it('finds a day whose payouts all agree balanced (平)', async () => {
    const made = [
      await paidPayout('alipay'),
      await paidPayout('wechatpay'),
      await paidPayout('balance'),
      await approvedPayout('wechatpay'), // not yet asked for: pending here, unknown to the channel
    ];
    for (const p of made.slice(0, 3)) expect(await statusOf(p.no)).toBe('succeeded');
    const res = await admin.post('/api/admin/reconciliation/runs', { day: today() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      day: today(),
      status: 'done',
      triggeredBy: 'admin',
      checked: 4,
      mismatched: 0,
      error: null,
      mismatches: [],
    });
    expect(res.body.finishedAt).toEqual(expect.any(String));
  });

  it('finds one of each disagreement, and changes nothing in the books', async () => {
    // Alipay closed the refund, but our record says paid: Alipay's query has no such refund.
    const closedAlipay = await approvedPayout('alipay');
    await sim.addFault({ match: { outRefundNo: closedAlipay.no }, fault: 'closed' });
    // WeChat Pay closed it too (its query says CLOSED), and we say paid.
    const closedWechat = await approvedPayout('wechatpay');
    await sim.addFault({ match: { outRefundNo: closedWechat.no }, fault: 'closed' });
    const amount = await paidPayout('alipay');
    const unbooked = await paidPayout('wechatpay');
    const reversed = await paidPayout('balance');
    const unreachable = await paidPayout('wechatpay');
    for (const p of [closedAlipay, closedWechat])
      await runPayout({
        db: api.ctx.db,
        jobs: api.ctx.jobs,
        gateways: api.ctx.gateways,
        attemptId: p.id,
        now: () => new Date(),
      });
    expect(await statusOf(closedWechat.no)).toBe('failed');
    // The tests own their database: make our side wrong where no channel fault can.
    await q(
      "UPDATE payout_attempt SET status = 'succeeded', channel_refund_id = 'BOOKED-WRONGLY' WHERE out_refund_no = ANY($1)",
      [[closedAlipay.no, closedWechat.no]],
    );
    await q('UPDATE payout_attempt SET amount_fen = amount_fen - 100 WHERE out_refund_no = $1', [amount.no]);
    await q("UPDATE payout_attempt SET status = 'processing' WHERE out_refund_no = $1", [unbooked.no]);
    // A correction reversing the balance refund's ledger entry, made through the admin API.
    const [txn] = await q('SELECT id FROM ledger_txn WHERE ref = $1', [`payout:${reversed.no}`]);
    const original = await admin.get(`/api/admin/ledger/txns/${txn.id}`);
    const reversal = await admin.post('/api/admin/ledger/txns', {
      kind: 'reversal',
      memo: '测试：冲正余额退款',
      reversesId: Number(txn.id),
      postings: original.body.postings.map((p: { account: string; amountFen: number }) => ({
        account: p.account,
        amountFen: -p.amountFen,
      })),
    });
    expect(reversal.status).toBe(201);
    // The channel cannot answer about this one (twice: the run asks again before recording).
    await sim.addFault({ match: { outRefundNo: unreachable.no }, fault: 'http500', on: 'query', times: 2 });

    const before = await books();
    const res = await admin.post('/api/admin/reconciliation/runs', { day: today() });
    expect(res.status).toBe(201);
    expect(await books()).toEqual(before);

    const run = res.body;
    expect(run.status).toBe('done');
    expect(run.checked).toBe(4 + 6);
    const by = Object.fromEntries(run.mismatches.map((m: { outRefundNo: string }) => [m.outRefundNo, m]));
    expect(by[closedAlipay.no]).toMatchObject({
      channel: 'alipay',
      kind: 'missing_at_channel',
      oursStatus: 'succeeded',
      theirsStatus: 'not_found',
      oursFen: 9_500,
      theirsFen: null,
    });
    expect(by[closedWechat.no]).toMatchObject({
      channel: 'wechatpay',
      kind: 'status_differs',
      oursStatus: 'succeeded',
      theirsStatus: 'closed',
    });
    expect(by[amount.no]).toMatchObject({
      kind: 'amount_differs',
      oursFen: 9_400,
      theirsFen: 9_500,
    });
    expect(by[amount.no].detail).toContain('我方 ¥94.00，渠道 ¥95.00');
    expect(by[unbooked.no]).toMatchObject({
      kind: 'status_differs',
      oursStatus: 'processing',
      theirsStatus: 'succeeded',
      theirsFen: 9_500,
    });
    expect(by[reversed.no]).toMatchObject({
      channel: 'balance',
      kind: 'ledger_differs',
      oursStatus: 'succeeded',
      theirsStatus: 'ledger_booked',
      theirsFen: 0,
    });
    expect(by[unreachable.no]).toMatchObject({ kind: 'status_differs', theirsStatus: 'unknown' });
    expect(by[unreachable.no].detail).toContain('渠道查询失败');
    expect(run.mismatched).toBe(6);
    expect(run.mismatches).toHaveLength(6);

    // Latest first in the list; the same run, mismatches and all, by id.
    const list = await admin.get('/api/admin/reconciliation/runs?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: run.id, mismatched: 6, seq: 2 });
    expect(list.body.nextCursor).toBe(run.id);
    const older = await admin.get(`/api/admin/reconciliation/runs?cursor=${run.id}`);
    expect(older.body.items.map((r: { mismatched: number }) => r.mismatched)).toEqual([0]);
    // Runs are numbered within their day (2026-12-06 第 2 次), whatever the ids of other days' runs.
    expect(older.body.items[0].seq).toBe(1);
    expect(older.body.nextCursor).toBeNull();
    const one = await admin.get(`/api/admin/reconciliation/runs/${run.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(run);
    const audit = await q("SELECT subject FROM audit_log WHERE action = 'reconciliation.run' ORDER BY id");
    expect(audit.map((a) => a.subject)).toContain(`recon_run:${run.id}`);
  });

  it("numbers each day's runs from 1, apart from other days' runs", async () => {
    const past = ['2026-01-05', '2026-01-06'];
    const a1 = await admin.post('/api/admin/reconciliation/runs', { day: past[0] });
    const b1 = await admin.post('/api/admin/reconciliation/runs', { day: past[1] });
    const a2 = await admin.post('/api/admin/reconciliation/runs', { day: past[0] });
    expect([a1.body.seq, b1.body.seq, a2.body.seq]).toEqual([1, 1, 2]);
    const list = await admin.get(`/api/admin/reconciliation/runs?day=${past[0]}`);
    expect(list.body.items.map((r: { seq: number }) => r.seq)).toEqual([2, 1]);
  });

  it('asks again before recording: a one-off failed query is not a mismatch', async () => {
    const p = await paidPayout('alipay');
    await sim.addFault({ match: { outRefundNo: p.no }, fault: 'http500', on: 'query', times: 1 });
    const res = await admin.post('/api/admin/reconciliation/runs', { day: today() });
    expect(res.body.status).toBe('done');
    expect(res.body.mismatches.map((m: { outRefundNo: string }) => m.outRefundNo)).not.toContain(p.no);
    // The earlier day's disagreements stand, but for the channel that could not answer: now it can.
    expect(res.body.mismatched).toBe(5);
  });

  it('records a channel that throws as a mismatch, not a crash', async () => {
    const broken: RefundGateway = {
      ...api.ctx.gateways.alipay,
      queryRefund: async () => {
        throw new Error('socket hang up');
      },
    };
    const run = await reconcileDay({
      db: api.ctx.db,
      gateways: { alipay: broken, wechatpay: broken },
      day: today(),
      triggeredBy: 'cli',
      now: () => new Date(),
    });
    expect(run.status).toBe('done');
    const { body } = await admin.get(`/api/admin/reconciliation/runs/${run.id}`);
    const unreachable = body.mismatches.filter((m: { theirsStatus: string }) => m.theirsStatus === 'unknown');
    expect(unreachable.length).toBeGreaterThan(0);
    expect(unreachable[0].detail).toContain('socket hang up');
  });

  it('runs yesterday at night, once however often the job fires', async () => {
    const now = () => new Date();
    await runDailyReconciliation({ db: api.ctx.db, gateways: api.ctx.gateways, now });
    await runDailyReconciliation({ db: api.ctx.db, gateways: api.ctx.gateways, now });
    const runs = await q("SELECT day, status, checked FROM recon_run WHERE triggered_by = 'schedule'");
    expect(runs).toEqual([{ day: previousDay(new Date()), status: 'done', checked: 0 }]);
  });

  it('is for admins only', async () => {
    for (const who of ['buyer', 'supervisor', 'merchant']) {
      const c = api.client();
      await c.login(who);
      expect((await c.get('/api/admin/reconciliation/runs')).status, who).toBe(403);
      expect((await c.get('/api/admin/reconciliation/runs/1')).status, who).toBe(403);
      const post = await c.post('/api/admin/reconciliation/runs', { day: today() });
      expect(post.status, who).toBe(403);
      expect(post.body.error.code).toBe('AUTH.FORBIDDEN');
    }
    expect((await api.client().get('/api/admin/reconciliation/runs')).status).toBe(401);
  });

  it('refuses malformed and future days with a clear 400, in Chinese or English', async () => {
    const runsBefore = await q('SELECT count(*)::int AS n FROM recon_run');
    for (const day of ['2026-3-1', 'yesterday', '', '20260301', '2026-03-01T00:00']) {
      const res = await admin.post('/api/admin/reconciliation/runs', { day });
      expect(res.status, day).toBe(400);
      expect(res.body.error.code, day).toBe('REQUEST.VALIDATION');
    }
    for (const day of ['2026-02-30', '2026-13-01', '2025-00-10']) {
      const res = await admin.post('/api/admin/reconciliation/runs', { day });
      expect(res.status, day).toBe(400);
      expect(res.body.error.code, day).toBe('RECON.BAD_DAY');
      expect(res.body.error.message).toBe('对账日期无效，请按 YYYY-MM-DD 填写真实存在的日期');
    }
    const tomorrow = currentDay(new Date(Date.now() + 86_400_000));
    const future = await admin.post(
      '/api/admin/reconciliation/runs',
      { day: tomorrow },
      { headers: { 'accept-language': 'en' } },
    );
    expect(future.status).toBe(400);
    expect(future.body.error).toMatchObject({
      code: 'RECON.FUTURE_DAY',
      message: 'Cannot reconcile a day that has not come yet',
    });
    expect((await admin.post('/api/admin/reconciliation/runs', {})).status).toBe(400);
    expect((await admin.get('/api/admin/reconciliation/runs?day=03-01')).status).toBe(400);
    expect((await admin.get('/api/admin/reconciliation/runs?limit=0')).status).toBe(400);
    expect((await admin.get('/api/admin/reconciliation/runs/abc')).status).toBe(400);
    expect((await admin.get('/api/admin/reconciliation/runs/999999')).status).toBe(404);
    expect(await q('SELECT count(*)::int AS n FROM recon_run')).toEqual(runsBefore);
  });
});
