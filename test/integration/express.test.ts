import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/core/identity/resident-id.ts';
import { GUARANTEE } from '../../src/core/ledger/accounts.ts';
import { fundingTxn } from '../../src/core/ledger/settlement.ts';
import type { SimulatedSmsSender } from '../../src/modules/identity/simulated-sms.ts';
import { postTxn } from '../../src/modules/ledger/post-txn.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeBuyers, makeProduct } from '../helpers/factories.ts';

// 极速退款 end to end over HTTP, with the job workers running: nobody but the buyer acts.
let api: Awaited<ReturnType<typeof startTestApi>>;
let stocked: number;
let empty: number;
const q = async (text: string, params: unknown[] = []) =>
  (await api.db.database.pool.query(text, params)).rows;

beforeAll(async () => {
  api = await startTestApi({}, { workers: true });
  const { merchantId } = await demoIds(api.ctx);
  stocked = await makeProduct(api.ctx, { merchantId, priceFen: 5000 });
  await addKeys(api.ctx, stocked, 200);
  // Its keys are withdrawn after the orders are placed: a paid order's key is never delivered.
  empty = await makeProduct(api.ctx, { merchantId, priceFen: 3000 });
});
afterAll(() => api.stop());

let serial = 0;
async function pay(client: HttpClient, productId: number, channel = 'alipay'): Promise<string> {
  const order = await client.post('/api/orders', { productId, quantity: 1 });
  expect(order.status, order.text).toBe(201);
  const paid = await client.post(`/api/orders/${order.body.orderNo}/pay`, { channel });
  expect(paid.status, paid.text).toBe(200);
  return order.body.orderNo;
}

/** A buyer at 优秀: identity verified (+160) and five paid orders (+20, +47 for 250 元). */
async function trustedBuyer(): Promise<{ client: HttpClient; userId: number }> {
  const n = ++serial;
  const [name] = await makeBuyers(api.ctx, `express-${n}-${Date.now()}`, 1);
  const client = api.client();
  const { id: userId } = await client.login(name!);
  const first = `1101051985031${String(200 + n).padStart(4, '0')}`;
  await client.post('/api/me/identity', {
    realName: '赵信用',
    idNumber: first + residentIdCheckChar(first),
    phone: `1391234${String(1000 + n)}`,
  });
  const code = (api.ctx.identity.sms as SimulatedSmsSender).outbox
    .filter((m) => m.userId === userId)
    .at(-1)!.code;
  expect((await client.post('/api/me/identity/confirm', { code })).status).toBe(200);
  for (let i = 0; i < 5; i++) await pay(client, stocked);
  const credit = (await client.get('/api/me/credit')).body;
  expect(credit).toMatchObject({ score: 727, level: 'great', express: { eligibleLevel: true } });
  return { client, userId };
}

/**
 * Paid orders whose key was never delivered: placed while a key was in stock, the stock withdrawn by
 * the merchant before payment (as the demo seed does), so delivery fails at payment.
 */
async function undelivered(
  client: HttpClient,
  n: number,
  channel = 'alipay',
  productId = empty,
): Promise<string[]> {
  await addKeys(api.ctx, productId, n);
  const placed: string[] = [];
  for (let i = 0; i < n; i++) {
    const order = await client.post('/api/orders', { productId, quantity: 1 });
    expect(order.status, order.text).toBe(201);
    placed.push(order.body.orderNo);
  }
  await q(`UPDATE card_key SET status = 'void' WHERE product_id = $1 AND status = 'available'`, [productId]);
  for (const orderNo of placed) {
    const paid = await client.post(`/api/orders/${orderNo}/pay`, { channel });
    expect(paid.status, paid.text).toBe(200);
  }
  return placed;
}

const claim = (orderNo: string) => ({
  orderNo,
  type: 'not_received',
  description: `订单号${orderNo}今天付款后一直没有收到卡密`,
});

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('极速退款 (express refunds)', () => {
  it('refunds a trusted buyer’s undelivered key at once: submitted → approved → refunding → refunded, no person', async () => {
    const { client, userId } = await trustedBuyer();
    const [orderNo] = (await undelivered(client, 1)) as [string];
    const quote = await client.post('/api/refunds/quote', { orderNo, type: 'not_received' });
    expect(quote.body).toMatchObject({
      eligible: true,
      amountFen: 3000,
      express: { eligible: true, reasons: [] },
    });
    const started = Date.now();
    const submitted = await client.post('/api/refunds', claim(orderNo));
    expect(submitted.status, submitted.text).toBe(201);
    expect(submitted.body).toMatchObject({ express: true, state: 'refunding', approvedFen: 3000 });
    const done = await until(
      async () => (await client.get(`/api/refunds/${submitted.body.refundNo}`)).body,
      (c) => c.state === 'refunded',
    );
    expect(done.state).toBe('refunded');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(done.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'submit',
      'express_approve',
      'start_payout',
      'payout_succeeded',
    ]);
    const actors = await q(
      `SELECT DISTINCT e.actor_role FROM refund_case_event e JOIN refund_case c ON c.id = e.case_id WHERE c.refund_no = $1`,
      [submitted.body.refundNo],
    );
    expect(actors.map((r) => r.actor_role).sort()).toEqual(['buyer', 'system']);
    const [row] = await q(
      'SELECT x.* FROM express_refund x JOIN refund_case c ON c.id = x.case_id WHERE c.refund_no = $1',
      [submitted.body.refundNo],
    );
    expect(row).toMatchObject({ buyer_id: userId, objection: null });
    expect(row.score).toBeGreaterThanOrEqual(700);
    // The merchant is told, with its objection window.
    const [msg] = await q(
      `SELECT m.* FROM site_message m JOIN app_user u ON u.id = m.user_id WHERE u.username = 'merchant' AND m.title_zh LIKE $1`,
      [`%${orderNo}%极速%`],
    );
    expect(msg?.body_zh).toContain('提出异议');
  });

  it('sends the same buyer to the normal queue once the daily cap is used', async () => {
    const { client } = await trustedBuyer();
    const states: string[] = [];
    const orders = await undelivered(client, 3);
    for (let i = 0; i < 3; i++) {
      const orderNo = orders[i]!;
      const quote = await client.post('/api/refunds/quote', { orderNo, type: 'not_received' });
      const res = await client.post('/api/refunds', claim(orderNo));
      expect(res.status, res.text).toBe(201);
      states.push(`${quote.body.express.eligible}:${res.body.express}:${res.body.state}`);
      if (i === 2) expect(quote.body.express.reasons[0].code).toBe('day_cap');
    }
    expect(states).toEqual(['true:true:refunding', 'true:true:refunding', 'false:false:submitted']);
  });

  it('never refunds a risk-flagged submission at once (no_express: a channel the buyer never used)', async () => {
    const { client } = await trustedBuyer();
    const [orderNo] = (await undelivered(client, 1, 'wechatpay')) as [string];
    const res = await client.post('/api/refunds', claim(orderNo));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ express: false, state: 'submitted' });
    const [a] = await q(
      'SELECT a.action FROM risk_assessment a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [res.body.refundNo],
    );
    expect(a.action).toBe('no_express');
  });

  it('never refunds a held submission at once', async () => {
    const admin = api.client();
    await admin.login('admin');
    const current = (await admin.get('/api/admin/risk/rules')).body;
    const held = await makeProduct(api.ctx, {
      merchantId: (await demoIds(api.ctx)).merchantId,
      priceFen: 7777,
    });
    const doc = {
      ...current.document,
      rules: [
        ...current.document.rules,
        {
          id: 'R-TEST-HOLD',
          enabled: true,
          when: { signal: 'orderPaidFen', op: 'eq', value: 7777 },
          score: 0,
          action: 'hold',
          reasonZh: '测试：此金额的订单一律人工审核',
          reasonEn: 'Test: orders of this amount are always reviewed',
        },
      ],
    };
    const put = await admin.put('/api/admin/risk/rules', {
      document: doc,
      note: 'test hold',
      basedOn: current.version,
    });
    expect(put.status, put.text).toBe(200);
    try {
      const { client } = await trustedBuyer();
      const [orderNo] = (await undelivered(client, 1, 'alipay', held)) as [string];
      const res = await client.post('/api/refunds', claim(orderNo));
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ express: false, state: 'risk_hold' });
      expect(
        await q(
          'SELECT 1 FROM express_refund WHERE buyer_id = (SELECT buyer_id FROM shop_order WHERE order_no = $1)',
          [orderNo],
        ),
      ).toHaveLength(0);
    } finally {
      const now = (await admin.get('/api/admin/risk/rules')).body;
      await admin.put('/api/admin/risk/rules', {
        document: current.document,
        note: 'restore',
        basedOn: now.version,
      });
    }
  });

  it('lets 20 concurrent express submissions of one buyer through only up to the caps', async () => {
    const { client } = await trustedBuyer();
    const orders = await undelivered(client, 20);
    const results = await Promise.all(orders.map((o) => client.post('/api/refunds', claim(o))));
    expect(results.map((r) => r.status)).toEqual(orders.map(() => 201));
    const express = results.filter((r) => r.body.express);
    expect(express).toHaveLength(2); // the default daily cap: 2 cases, ¥300
    expect(results.filter((r) => !r.body.express).every((r) => r.body.state === 'submitted')).toBe(true);
    const [use] = await q(
      `SELECT count(*)::int AS n, sum(amount_fen)::int AS fen FROM express_refund
       WHERE buyer_id = (SELECT buyer_id FROM shop_order WHERE order_no = $1)`,
      [orders[0]],
    );
    expect(use).toEqual({ n: 2, fen: 6000 });
  });

  it('takes a merchant’s objection with proof to a supervisor; upheld, the guarantee fund pays and the buyer loses express', async () => {
    const { client } = await trustedBuyer();
    const [orderNo] = (await undelivered(client, 1)) as [string];
    const { refundNo } = (await client.post('/api/refunds', claim(orderNo))).body;
    const merchant = api.client();
    await merchant.login('merchant');
    const proof = '提取记录显示该卡密已于付款后 2 分钟被查看（见订单提取记录）';
    const objected = await merchant.post(`/api/merchant/refunds/${refundNo}/express-objection`, { proof });
    expect(objected.status, objected.text).toBe(200);
    expect(
      (await merchant.post(`/api/merchant/refunds/${refundNo}/express-objection`, { proof })).status,
    ).toBe(409);
    const agent = api.client();
    await agent.login('agent');
    expect((await agent.get('/api/review/express-objections')).status).toBe(403);
    const supervisor = api.client();
    await supervisor.login('supervisor');
    const list = (await supervisor.get('/api/review/express-objections')).body.items;
    expect(list).toContainEqual(expect.objectContaining({ refundNo, proof, amountFen: 3000 }));
    const inbox = (await supervisor.get('/api/messages')).body.items;
    expect(inbox.some((m: { title: { zh: string } }) => m.title.zh.includes(refundNo))).toBe(true);
    // The platform's guarantee fund (保障金), topped up from outside as in production.
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
    const before = (await client.get('/api/me/credit')).body;
    const decided = await supervisor.post(`/api/review/express-objections/${refundNo}`, {
      upheld: true,
      reason: '提取记录属实，退款有误',
    });
    expect(decided.status, decided.text).toBe(200);
    const [txn] = await q(
      `SELECT t.kind, a.path AS account, p.amount_fen::int AS fen FROM ledger_txn t
       JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account a ON a.id = p.account_id WHERE t.ref = $1 AND p.amount_fen > 0`,
      [`express:${refundNo}`],
    );
    expect(txn).toMatchObject({ kind: 'compensation', fen: 3000 });
    expect(txn.account).toMatch(/^merchant:\d+:balance$/);
    const after = (await client.get('/api/me/credit')).body;
    expect(after.express.revoked).toBe(true);
    expect(after.score).toBe(before.score - 50);
    const [next] = (await undelivered(client, 1)) as [string];
    const quote = (await client.post('/api/refunds/quote', { orderNo: next, type: 'not_received' })).body;
    expect(quote.express).toMatchObject({ eligible: false, reasons: [{ code: 'revoked' }] });
    const c = (await client.get(`/api/refunds/${refundNo}`)).body;
    expect(c.timeline.map((e: { kind: string }) => e.kind)).toContain('express_objection_upheld');
  });

  it('samples every express case above the threshold for the post-audit; a finding feeds the score; admin figures', async () => {
    const { client } = await trustedBuyer();
    const big = await makeProduct(api.ctx, {
      merchantId: (await demoIds(api.ctx)).merchantId,
      priceFen: 12_000,
    });
    const [orderNo] = (await undelivered(client, 1, 'alipay', big)) as [string];
    const res = await client.post('/api/refunds', claim(orderNo));
    expect(res.body.express).toBe(true);
    const supervisor = api.client();
    await supervisor.login('supervisor');
    const queue = (await supervisor.get('/api/review/audits')).body.items;
    expect(queue).toContainEqual(
      expect.objectContaining({ refundNo: res.body.refundNo, sampledFor: 'amount', amountFen: 12_000 }),
    );
    const before = (await client.get('/api/me/credit')).body.score;
    const found = await supervisor.post(`/api/review/audits/${res.body.refundNo}`, {
      verdict: 'fine',
      reason: '发货失败记录属实',
    });
    expect(found.status, found.text).toBe(200);
    expect((await client.get('/api/me/credit')).body.score).toBe(before + 10);
    expect(
      (await supervisor.post(`/api/review/audits/${res.body.refundNo}`, { verdict: 'fine', reason: '再次' }))
        .status,
    ).toBe(409);
    const admin = api.client();
    await admin.login('admin');
    const figures = (await admin.get('/api/admin/express?days=30')).body;
    const [truth] = await q(
      `SELECT count(*)::int AS n, sum(amount_fen)::int AS fen, sum(amount_fen) FILTER (WHERE objection = 'upheld')::int AS loss FROM express_refund`,
    );
    expect(figures).toMatchObject({ cases: truth.n, amountFen: truth.fen, lossFen: truth.loss ?? 0 });
    expect(figures.audited).toBeGreaterThanOrEqual(1);
  });

  it('reports in the what-if how many past cases a draft would have refunded at once, and how they ended', async () => {
    const admin = api.client();
    await admin.login('admin');
    const current = (await admin.get('/api/admin/policy')).body.current.document;
    // Judged on today's scores: the buyer who lost 50 points above is still 良好, so a draft at 良好
    // grants at least every case granted so far.
    const document = { ...current, express: { ...current.express, minLevel: 'good' } };
    const sim = await admin.post('/api/admin/policy/simulate', { document, days: 90 });
    expect(sim.status, sim.text).toBe(200);
    const [truth] = await q(`SELECT count(*)::int AS n, sum(amount_fen)::int AS fen FROM express_refund`);
    expect(sim.body.express.cases).toBeGreaterThanOrEqual(truth.n);
    expect(sim.body.express.amountFen).toBeGreaterThanOrEqual(truth.fen);
    expect(sim.body.express.abusive).toBe(1); // the objection upheld above
    const off = await admin.post('/api/admin/policy/simulate', {
      document: { ...document, express: { ...document.express, enabled: false } },
      days: 90,
    });
    expect(off.body.express).toEqual({ cases: 0, amountFen: 0, laterRejected: 0, abusive: 0 });
    const strict = await admin.post('/api/admin/policy/simulate', {
      document: { ...document, express: { ...document.express, perDay: { count: 1, fen: 30_000 } } },
      days: 90,
    });
    expect(strict.body.express.cases).toBeLessThan(sim.body.express.cases);
  });
});
