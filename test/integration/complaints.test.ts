import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buyerBalance, FEE_INCOME, GUARANTEE } from '../../src/core/ledger/accounts.ts';
import { fundingTxn } from '../../src/core/ledger/settlement.ts';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { sweepComplaintDeadlines } from '../../src/modules/complaints/sweep-deadlines.ts';
import { sweepUnattachedEvidence } from '../../src/modules/evidence/sweep-unattached.ts';
import { balances, postTxn } from '../../src/modules/ledger/post-txn.ts';
import { runPayout } from '../../src/modules/payouts/run-payout.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { uploadPng } from '../helpers/evidence.ts';
import { addKeys, demoIds, makeMerchant, makeProduct, setBalance } from '../helpers/factories.ts';
import { expectBooksBalance } from '../helpers/payouts.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
let merchant: HttpClient;
let otherMerchant: HttpClient;
let agent: HttpClient;
let supervisor: HttpClient;
let supervisor2: HttpClient;
let admin: HttpClient;
let supervisor2Id: number;
const DAY = 24 * 3_600_000;

beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  const { rows } = await api.db.database.pool.query(
    "INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('supervisor2', '主管小王', 'supervisor', $1) RETURNING id",
    [await hashPassword('kameng-demo')],
  );
  supervisor2Id = Number(rows[0].id);
  await makeMerchant(api.ctx, 'complaint-other-shop');
  // The guarantee fund (保证金池) the platform compensates from.
  await inTransaction(api.ctx.db, (tx) =>
    postTxn(
      tx,
      fundingTxn({
        kind: 'funding',
        ref: 'test:guarantee',
        to: GUARANTEE,
        amountFen: 1_000_000,
        memo: 'test',
      }),
      new Date(),
    ),
  );
  const login = async (name: string) => {
    const c = api.client();
    await c.login(name);
    return c;
  };
  buyer = await login('buyer');
  buyer2 = await login('buyer2');
  merchant = await login('merchant');
  otherMerchant = await login('complaint-other-shop');
  agent = await login('agent');
  supervisor = await login('supervisor');
  supervisor2 = await login('supervisor2');
  admin = await login('admin');
});
afterAll(() => api.stop());
afterEach(() => {
  api.ctx.now = () => new Date();
});

/** A paid, delivered, unrevealed card-key order with an open not-as-described case (5% fee). */
async function openCase(channel: 'alipay' | 'balance' = 'alipay') {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 10_000 });
  await addKeys(api.ctx, productId, 1);
  const { body: order } = await buyer.post('/api/orders', { productId, quantity: 1 });
  await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel });
  const { body } = await buyer.post('/api/refunds', {
    orderNo: order.orderNo,
    type: 'not_as_described',
    description: `订单号${order.orderNo}今天10点购买，卡密与描述不符，面值显示错误`,
  });
  expect(body.state).toBe('submitted');
  return { refundNo: body.refundNo as string, version: body.version as number, orderNo: order.orderNo };
}

/** Agent rejects; the buyer appeals; supervisor2 rejects the appeal: both handled the case. */
async function rejectedTwice() {
  const c = await openCase();
  const claimed = await agent.post(`/api/review/${c.refundNo}/claim`);
  await agent.post(`/api/review/${c.refundNo}/reject`, {
    reasonCode: 'EVIDENCE_INSUFFICIENT',
    text: '请提供卡密页面截图',
    expectedVersion: claimed.body.version,
  });
  const appealed = await buyer.post(`/api/refunds/${c.refundNo}/appeal`, {
    text: '卡密页面显示面值 30 元，与描述不符',
  });
  const rejected = await supervisor2.post(`/api/review/${c.refundNo}/reject`, {
    reasonCode: 'EVIDENCE_INSUFFICIENT',
    text: '仍缺少截图',
    expectedVersion: appealed.body.version,
  });
  expect(rejected.body.state).toBe('rejected');
  return c;
}

/**
 * supervisor2 approves the case (so the supervisor may handle complaints about it) and its payout
 * runs to the end.
 */
async function approveAndPay(c: { refundNo: string; version: number }) {
  const approved = await supervisor2.post(`/api/review/${c.refundNo}/approve`, {
    expectedVersion: c.version,
  });
  expect(approved.body.state).toBe('refunding');
  const { rows } = await api.db.database.pool.query(
    'SELECT a.id FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
    [c.refundNo],
  );
  await runPayout({
    db: api.ctx.db,
    jobs: api.ctx.jobs,
    gateways: api.ctx.gateways,
    attemptId: Number(rows[0].id),
    now: () => new Date(),
  });
}

/** A refunded balance case whose 5% fee (500 fen) the platform kept. */
async function refundedWithFee() {
  const c = await openCase('balance');
  await approveAndPay(c);
  const done = await buyer.get(`/api/refunds/${c.refundNo}`);
  expect(done.body).toMatchObject({ state: 'refunded', feeFen: 500 });
  return c;
}

async function inbox(client: HttpClient) {
  return (await client.get('/api/messages?limit=50')).body;
}

const file = (body: Record<string, unknown>, who: HttpClient = buyer) => who.post('/api/complaints', body);

describe('complaint lifecycle', () => {
  it('submitted → accepted → investigating → resolved, reopening the case for review, told to the buyer', async () => {
    const c = await rejectedTwice();
    const supBefore = (await inbox(supervisor)).unread;
    const filed = await file({
      refundNo: c.refundNo,
      kind: 'unfair_rejection',
      text: '我已提供截图，拒绝理由不成立',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ state: 'submitted', kind: 'unfair_rejection', refundNo: c.refundNo });
    expect(filed.body.complaintNo).toMatch(/^C\d{14}$/);
    expect(Date.parse(filed.body.deadline)).toBeGreaterThan(Date.now() + 4 * DAY);
    expect(filed.body.actions).toEqual([]);
    const no = filed.body.complaintNo;
    // The case's timeline says a complaint was filed.
    const kase = await buyer.get(`/api/refunds/${c.refundNo}`);
    expect(kase.body.timeline.at(-1).kind).toBe('complaint_filed');
    // Supervisors who did not handle the case hear about it; supervisor2 (who rejected the appeal) does not.
    expect((await inbox(supervisor)).unread).toBe(supBefore + 1);
    expect(
      (await inbox(supervisor2)).items.some((m: { kind: string }) => m.kind === 'complaint.submit'),
    ).toBe(false);

    const accepted = await supervisor.post(`/api/complaints/${no}/accept`, {
      expectedVersion: filed.body.version,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', handlerName: '售后主管老陈' });
    const investigating = await supervisor.post(`/api/complaints/${no}/investigate`, {
      note: '调取审核记录',
    });
    expect(investigating.body.state).toBe('investigating');
    expect(investigating.body.actions).toEqual(['resolve', 'dismiss']);
    const resolved = await supervisor.post(`/api/complaints/${no}/resolve`, {
      expectedVersion: investigating.body.version,
      explanation: '经复核，买家已提供截图，拒绝理由不成立',
      actions: ['reopen_case'],
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ state: 'resolved', metDeadline: true });
    expect(resolved.body.outcome.reopenedRefundNo).toBe(c.refundNo);
    expect(resolved.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'submit',
      'accept',
      'investigate',
      'resolve',
    ]);
    const reopened = await supervisor.get(`/api/refunds/${c.refundNo}`);
    expect(reopened.body).toMatchObject({ state: 'submitted', escalated: true });
    expect(reopened.body.timeline.at(-1).kind).toBe('review_after_complaint');
    const told = (await inbox(buyer)).items.find((m: { kind: string }) => m.kind === 'complaint.resolve');
    expect(told.body.zh).toContain('拒绝理由不成立');
    expect(told.body.zh).toContain(`退款单 ${c.refundNo} 已重新进入主管审核`);
    const audit = await api.db.database.pool.query(
      'SELECT action FROM audit_log WHERE subject = $1 ORDER BY id',
      [`complaint:${no}`],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'complaint.submit',
      'complaint.accept',
      'complaint.investigate',
      'complaint.resolve',
    ]);
  });

  it('the merchant sees a complaint about its conduct and answers it once; not others', async () => {
    const c = await openCase();
    const { body } = await file({
      refundNo: c.refundNo,
      kind: 'merchant_conduct',
      text: '商家客服辱骂买家，拒不处理',
    });
    const no = body.complaintNo;
    const seen = await merchant.get(`/api/complaints/${no}`);
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toEqual(['answer']);
    expect(seen.body.buyerName).toBeNull();
    expect(seen.body.concernedStaffIds).toEqual([]);
    expect(
      (await merchant.get('/api/complaints')).body.items.map((i: { complaintNo: string }) => i.complaintNo),
    ).toContain(no);
    expect((await otherMerchant.get(`/api/complaints/${no}`)).status).toBe(404);
    const answered = await merchant.post(`/api/complaints/${no}/answer`, {
      text: '已联系买家致歉，愿意配合退款',
    });
    expect(answered.body).toMatchObject({ merchantAnswer: '已联系买家致歉，愿意配合退款', actions: [] });
    expect(
      (await merchant.post(`/api/complaints/${no}/answer`, { text: '再次答复内容' })).body.error.code,
    ).toBe('COMPLAINT.ANSWER_CLOSED');
    expect((await inbox(buyer)).items[0].kind).toBe('complaint.merchant_answer');
    // A complaint about the platform's handling is not the merchant's to see.
    const slow = await openCase();
    const { body: other } = await file({
      refundNo: slow.refundNo,
      kind: 'slow_handling',
      text: '审核太慢了，一直没人处理',
    });
    expect((await merchant.get(`/api/complaints/${other.complaintNo}`)).status).toBe(404);
  });

  it('a complaint about a merchant in general: only a shop the buyer bought from', async () => {
    await openCase();
    const filed = await file({
      merchantId: ids.merchantId,
      kind: 'merchant_general',
      text: '该商家多次发错卡密',
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ refundNo: null, merchantName: '星辰数码' });
    // The form offers the shops the buyer bought from, and only those.
    const shops = await buyer.get('/api/complaints/merchants');
    expect(shops.body.items).toContainEqual({ merchantId: ids.merchantId, name: '星辰数码' });
    const bought = await api.db.database.pool.query(
      'SELECT DISTINCT merchant_id FROM shop_order WHERE buyer_id = $1',
      [ids.buyerId],
    );
    expect(shops.body.items.map((m: { merchantId: number }) => m.merchantId).sort()).toEqual(
      bought.rows.map((r) => Number(r.merchant_id)).sort(),
    );
    expect(shops.body.items.map((m: { name: string }) => m.name)).not.toContain('商家 complaint-other-shop');
    expect((await merchant.get('/api/complaints/merchants')).status).toBe(403);
    const { rows } = await api.db.database.pool.query(
      "SELECT id FROM merchant WHERE name <> '星辰数码' LIMIT 1",
    );
    const never = await file({
      merchantId: Number(rows[0].id),
      kind: 'merchant_general',
      text: '从未买过也想投诉',
    });
    expect(never.status).toBe(404);
  });
});

describe('routing away from the staff concerned', () => {
  it('a supervisor who handled the case can neither take nor decide the complaint, nor sees it in the actionable queue', async () => {
    const c = await rejectedTwice();
    const { body } = await file({
      refundNo: c.refundNo,
      kind: 'agent_conduct',
      text: '客服和主管都没看我的截图',
    });
    const no = body.complaintNo;
    const staffView = await supervisor.get(`/api/complaints/${no}`);
    expect(staffView.body.concernedStaffIds).toContain(supervisor2Id);
    const byConcerned = await supervisor2.post(`/api/complaints/${no}/accept`);
    expect(byConcerned.status).toBe(403);
    expect(byConcerned.body.error.code).toBe('COMPLAINT.CONCERNED');
    expect((await supervisor2.get(`/api/complaints/${no}`)).body.actions).toEqual([]);
    const queue2 = await supervisor2.get('/api/complaints?actionable=true&state=submitted');
    expect(queue2.body.items.map((i: { complaintNo: string }) => i.complaintNo)).not.toContain(no);
    const queue1 = await supervisor.get('/api/complaints?actionable=true&state=submitted');
    expect(queue1.body.items.map((i: { complaintNo: string }) => i.complaintNo)).toContain(no);
    // Agents never handle complaints, and do not see them.
    expect((await agent.get(`/api/complaints/${no}`)).status).toBe(404);
    expect((await agent.get('/api/complaints')).status).toBe(403);
    expect((await agent.post(`/api/complaints/${no}/accept`)).status).toBe(403);
    // Once supervisor takes it, supervisor2 still cannot act, nor could another supervisor.
    await supervisor.post(`/api/complaints/${no}/accept`);
    expect((await supervisor2.post(`/api/complaints/${no}/dismiss`, { reason: '不成立的理由' })).status).toBe(
      403,
    );
  });

  it('once accepted, another supervisor leaves it to the handler (admins may act)', async () => {
    const c = await openCase();
    const { body } = await file({
      refundNo: c.refundNo,
      kind: 'slow_handling',
      text: '审核太慢，三天没人处理',
    });
    await supervisor.post(`/api/complaints/${body.complaintNo}/accept`);
    const other = await supervisor2.post(`/api/complaints/${body.complaintNo}/investigate`);
    expect(other.body.error.code).toBe('COMPLAINT.NOT_HANDLER');
    const byAdmin = await admin.post(`/api/complaints/${body.complaintNo}/investigate`);
    expect(byAdmin.body.state).toBe('investigating');
  });
});

describe('outcomes with money', () => {
  it('gives the kept fee back from fee income to the balance, once; the books balance', async () => {
    const c = await refundedWithFee();
    const { body } = await file({
      refundNo: c.refundNo,
      kind: 'unfair_fee',
      text: '卡密无法使用，不应扣手续费',
    });
    const accounts = [FEE_INCOME, buyerBalance(ids.buyerId)];
    const before = await balances(api.ctx.db, accounts);
    const wallet0 = (await buyer.get('/api/wallet')).body.balanceFen;
    await supervisor.post(`/api/complaints/${body.complaintNo}/accept`);
    const resolved = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '商品存在问题，手续费应退还',
      actions: ['refund_fee'],
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ state: 'resolved', feeRefundedFen: 500, compensationFen: 0 });
    const after = await balances(api.ctx.db, accounts);
    expect(before.get(FEE_INCOME)! - after.get(FEE_INCOME)!).toBe(500);
    expect(after.get(buyerBalance(ids.buyerId))! - before.get(buyerBalance(ids.buyerId))!).toBe(500);
    expect((await buyer.get('/api/wallet')).body.balanceFen - wallet0).toBe(500);
    const order = await api.db.database.pool.query(
      'SELECT refunded_fen, fees_kept_fen FROM shop_order WHERE order_no = $1',
      [c.orderNo],
    );
    expect(order.rows[0]).toMatchObject({ refunded_fen: 10_000, fees_kept_fen: 0 });
    const [txn] = (
      await api.db.database.pool.query('SELECT kind, ref FROM ledger_txn WHERE ref = $1', [
        `complaint:${body.complaintNo}:fee`,
      ])
    ).rows;
    expect(txn.kind).toBe('refund');
    await expectBooksBalance(api.db.database.pool);
    // A second complaint cannot take the fee back again, nor can a fee dispute.
    await buyer.post(`/api/complaints/${body.complaintNo}/reopen`, { text: '还想再要一次手续费' });
    await supervisor.post(`/api/complaints/${body.complaintNo}/accept`);
    const again = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '再次退还手续费',
      actions: ['refund_fee'],
    });
    expect(again.body.error.code).toBe('COMPLAINT.NO_FEE_TO_REFUND');
    expect(
      (await buyer.post(`/api/refunds/${c.refundNo}/dispute-fee`, { text: '手续费不合理' })).status,
    ).toBe(409);
  });

  it('a reopened complaint decided again gives no fee twice and no compensation past the cap in all', async () => {
    // Two keys, each refunded by its own case, each with its 5% fee kept: 250 fen a case.
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 5_000 });
    await addKeys(api.ctx, productId, 2);
    const { body: order } = await buyer.post('/api/orders', { productId, quantity: 2 });
    await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'balance' });
    const keyIds = (await buyer.get(`/api/orders/${order.orderNo}`)).body.cardKeys.map(
      (k: { id: number }) => k.id,
    );
    const refunded: string[] = [];
    for (const keyId of keyIds) {
      const { body: c } = await buyer.post('/api/refunds', {
        orderNo: order.orderNo,
        type: 'not_as_described',
        description: `订单号${order.orderNo}的卡密与描述不符，面值显示错误`,
        items: [{ cardKeyId: keyId }],
      });
      await approveAndPay(c);
      expect((await buyer.get(`/api/refunds/${c.refundNo}`)).body).toMatchObject({
        state: 'refunded',
        feeFen: 250,
      });
      refunded.push(c.refundNo);
    }
    const wallet0 = (await buyer.get('/api/wallet')).body.balanceFen;
    const { body } = await file({
      refundNo: refunded[0],
      kind: 'unfair_fee',
      text: '卡密无法使用，不应扣手续费',
    });
    await supervisor.post(`/api/complaints/${body.complaintNo}/accept`);
    const first = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '手续费应退还，另致歉赔付',
      actions: ['refund_fee', 'compensate'],
      compensationFen: 1_000,
    });
    expect(first.body).toMatchObject({ feeRefundedFen: 250, compensationFen: 1_000 });
    await buyer.post(`/api/complaints/${body.complaintNo}/reopen`, { text: '赔付太少，不能接受' });
    await supervisor.post(`/api/complaints/${body.complaintNo}/accept`);
    // The supervisor's form is told what a decision can still do: no fee left, 490 yuan of compensation.
    const choices = (await supervisor.get(`/api/complaints/${body.complaintNo}`)).body.choices;
    expect(choices).toEqual({ actions: ['compensate'], compensationLeftFen: 49_000, feeFen: 0 });
    expect((await buyer.get(`/api/complaints/${body.complaintNo}`)).body.choices).toBeNull();
    // The first case's fee is back already; the second case's kept fee is not this complaint's to give.
    const fee = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '再退手续费',
      actions: ['refund_fee'],
    });
    expect(fee.body.error.code).toBe('COMPLAINT.NO_FEE_TO_REFUND');
    // The cap (500 yuan) holds for the complaint in all: 490 yuan are left of it.
    const tooMuch = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '追加赔付，致歉',
      actions: ['compensate'],
      compensationFen: 50_000,
    });
    expect(tooMuch.body.error).toMatchObject({
      code: 'COMPLAINT.COMPENSATION_RANGE',
      details: { maxFen: 49_000 },
    });
    const second = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '追加赔付，致歉',
      actions: ['compensate'],
      compensationFen: 49_000,
    });
    // The complaint shows what it gave in all; the buyer got exactly that.
    expect(second.body).toMatchObject({ state: 'resolved', feeRefundedFen: 250, compensationFen: 50_000 });
    expect((await buyer.get('/api/wallet')).body.balanceFen - wallet0).toBe(250 + 50_000);
    const kept = await api.db.database.pool.query(
      'SELECT fees_kept_fen FROM shop_order WHERE order_no = $1',
      [order.orderNo],
    );
    expect(Number(kept.rows[0].fees_kept_fen)).toBe(250);
    // The second case's fee can still be disputed on its own.
    const disputed = await buyer.post(`/api/refunds/${refunded[1]}/dispute-fee`, {
      text: '卡密从未提取也未使用，不应扣除手续费',
    });
    expect(disputed.status, disputed.text).toBe(200);
    await expectBooksBalance(api.db.database.pool);
  });

  it('compensates from the guarantee fund within the policy cap, with a balanced posting', async () => {
    const c = await openCase();
    const { body } = await file({
      refundNo: c.refundNo,
      kind: 'slow_handling',
      text: '处理太慢，耽误了游戏活动',
    });
    await supervisor.post(`/api/complaints/${body.complaintNo}/accept`);
    const tooMuch = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '赔付超过上限',
      actions: ['compensate'],
      compensationFen: 50_001,
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({
      code: 'COMPLAINT.COMPENSATION_RANGE',
      details: { maxFen: 50_000 },
    });
    const before = await balances(api.ctx.db, [GUARANTEE, buyerBalance(ids.buyerId)]);
    const resolved = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '处理超时，平台致歉并赔付',
      actions: ['compensate'],
      compensationFen: 1_000,
    });
    expect(resolved.body).toMatchObject({ state: 'resolved', compensationFen: 1_000 });
    // Said to the buyer as theirs, to the staff as the buyer's.
    expect(resolved.body.outcome.lines[0].zh).toBe('平台保障金已向买家余额赔付 ¥10.00');
    expect((await buyer.get(`/api/complaints/${body.complaintNo}`)).body.outcome.lines[0].zh).toBe(
      '平台保障金已向您的余额赔付 ¥10.00',
    );
    const after = await balances(api.ctx.db, [GUARANTEE, buyerBalance(ids.buyerId)]);
    expect(before.get(GUARANTEE)! - after.get(GUARANTEE)!).toBe(1_000);
    expect(after.get(buyerBalance(ids.buyerId))! - before.get(buyerBalance(ids.buyerId))!).toBe(1_000);
    const { rows } = await api.db.database.pool.query(
      'SELECT t.kind, sum(p.amount_fen)::bigint AS s FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.id WHERE t.ref = $1 GROUP BY t.kind',
      [`complaint:${body.complaintNo}:compensation`],
    );
    expect(rows.map((r) => [r.kind, Number(r.s)])).toEqual([['compensation', 0]]);
    await expectBooksBalance(api.db.database.pool);
  });

  it('refuses outcomes that do not fit the case', async () => {
    const c = await openCase();
    const { body } = await file({ refundNo: c.refundNo, kind: 'unfair_fee', text: '手续费不合理，应当退还' });
    await supervisor.post(`/api/complaints/${body.complaintNo}/accept`);
    const fee = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '退还手续费',
      actions: ['refund_fee'],
    });
    expect(fee.status).toBe(409);
    expect(fee.body.error.code).toBe('COMPLAINT.NO_FEE_TO_REFUND');
    const reopen = await supervisor.post(`/api/complaints/${body.complaintNo}/resolve`, {
      explanation: '重新审核退款单',
      actions: ['reopen_case'],
    });
    expect(reopen.body.error.code).toBe('COMPLAINT.CASE_NOT_REOPENABLE');
    // Nothing was half-done: still accepted.
    expect((await buyer.get(`/api/complaints/${body.complaintNo}`)).body.state).toBe('accepted');
  });
});

describe('the buyer: reopen, urge, escalation', () => {
  it('reopens a dismissed complaint once', async () => {
    const c = await openCase();
    const { body } = await file({ refundNo: c.refundNo, kind: 'slow_handling', text: '处理太慢，没人理我' });
    const no = body.complaintNo;
    const dismissed = await supervisor.post(`/api/complaints/${no}/dismiss`, { reason: '仍在审核时限之内' });
    expect(dismissed.body).toMatchObject({ state: 'dismissed', actions: [] });
    expect((await buyer.get(`/api/complaints/${no}`)).body.actions).toEqual(['reopen']);
    const reopened = await buyer.post(`/api/complaints/${no}/reopen`, { text: '已经超过三天了，请再看看' });
    expect(reopened.body).toMatchObject({ state: 'submitted', reopenCount: 1, closedAt: null });
    await supervisor.post(`/api/complaints/${no}/dismiss`, { reason: '审核时限按工作日计算' });
    const twice = await buyer.post(`/api/complaints/${no}/reopen`, { text: '还是不满意，再次打开' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('COMPLAINT.REOPEN_LIMIT');
    expect((await buyer.get(`/api/complaints/${no}`)).body.actions).toEqual([]);
  });

  it('urges after the deadline (escalating to admins), once per business day; the sweep escalates others', async () => {
    const c = await openCase();
    const { body } = await file({ refundNo: c.refundNo, kind: 'slow_handling', text: '处理太慢，没人理我' });
    const no = body.complaintNo;
    const early = await buyer.post(`/api/complaints/${no}/urge`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'COMPLAINT.URGE_TOO_EARLY',
      details: { canUrgeAt: body.deadline },
    });
    const adminBefore = (await inbox(admin)).unread;
    api.ctx.now = () => new Date(Date.parse(body.deadline) + 3_600_000);
    const urged = await buyer.post(`/api/complaints/${no}/urge`);
    expect(urged.status).toBe(200);
    expect(urged.body).toMatchObject({ urged: true, escalated: true, priority: 3 });
    expect(urged.body.timeline.map((e: { kind: string }) => e.kind).slice(-2)).toEqual(['urge', 'escalate']);
    expect((await inbox(admin)).unread).toBe(adminBefore + 1);
    expect((await buyer.post(`/api/complaints/${no}/urge`)).status).toBe(429);
    const first = (await supervisor.get('/api/complaints?state=submitted')).body.items[0];
    expect(first.complaintNo).toBe(no);

    // Another complaint nobody urged: the deadline sweep escalates it, once.
    api.ctx.now = () => new Date();
    const d = await openCase();
    const { body: late } = await file({
      refundNo: d.refundNo,
      kind: 'slow_handling',
      text: '处理太慢，没人理我',
    });
    const after = new Date(Date.parse(late.deadline) + 1000);
    expect(await sweepComplaintDeadlines(api.ctx.db, after)).toBeGreaterThanOrEqual(1);
    expect(await sweepComplaintDeadlines(api.ctx.db, after)).toBe(0);
    expect((await supervisor.get(`/api/complaints/${late.complaintNo}`)).body.escalated).toBe(true);
  });
});

describe('who may see and touch a complaint', () => {
  it('another buyer gets 404 for everything; the list holds only their own', async () => {
    const c = await openCase();
    const { body } = await file({ refundNo: c.refundNo, kind: 'slow_handling', text: '处理太慢，没人理我' });
    const no = body.complaintNo;
    expect((await buyer2.get(`/api/complaints/${no}`)).status).toBe(404);
    expect((await buyer2.post(`/api/complaints/${no}/urge`)).status).toBe(404);
    expect((await buyer2.post(`/api/complaints/${no}/reopen`, { text: '别人的投诉我来打开' })).status).toBe(
      404,
    );
    expect((await buyer2.get('/api/complaints')).body.items).toEqual([]);
    expect((await buyer2.get(`/api/complaints?refundNo=${c.refundNo}`)).body.items).toEqual([]);
    const onCase = await buyer.get(`/api/complaints?refundNo=${c.refundNo}`);
    expect(onCase.body.items.map((i: { complaintNo: string }) => i.complaintNo)).toEqual([no]);
    // Nor can they complain about someone else's case.
    const theirs = await file(
      { refundNo: c.refundNo, kind: 'slow_handling', text: '别人的退款单我来投诉' },
      buyer2,
    );
    expect(theirs.status).toBe(404);
    // A buyer cannot decide; a merchant cannot urge.
    expect((await buyer.post(`/api/complaints/${no}/accept`)).status).toBe(403);
    expect((await merchant.post(`/api/complaints/${no}/urge`)).status).toBe(403);
  });

  it('bad input is a clear 4xx', async () => {
    const c = await openCase();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ refundNo: c.refundNo, kind: 'rude', text: '类型不存在的投诉' }, 400, 'REQUEST.VALIDATION'],
      [{ refundNo: c.refundNo, kind: 'slow_handling', text: '短' }, 400, 'REQUEST.VALIDATION'],
      [{ kind: 'slow_handling', text: '没有退款编号的投诉' }, 400, 'COMPLAINT.NEEDS_CASE'],
      [
        { refundNo: c.refundNo, kind: 'merchant_general', text: '投诉商家却给了退款单' },
        400,
        'COMPLAINT.NEEDS_MERCHANT',
      ],
      [
        {
          merchantId: ids.merchantId,
          kind: 'merchant_general',
          text: '投诉商家附带不存在的凭证',
          evidenceIds: ['x'],
        },
        404,
        'EVIDENCE.NOT_FOUND',
      ],
      [
        {
          merchantId: ids.merchantId,
          kind: 'merchant_general',
          text: '投诉商家附带过多凭证',
          evidenceIds: Array.from({ length: 21 }, (_, i) => `ev_${i}`),
        },
        400,
        'REQUEST.VALIDATION',
      ],
      [{ refundNo: 'R123', kind: 'slow_handling', text: '不存在的退款单' }, 404, 'RESOURCE.NOT_FOUND'],
      [{ merchantId: -1, kind: 'merchant_general', text: '负数商家编号' }, 400, 'REQUEST.VALIDATION'],
    ];
    for (const [b, status, code] of cases) {
      const res = await file(b);
      expect([res.status, res.body.error.code], JSON.stringify(b)).toEqual([status, code]);
    }
    const ok = await file({ refundNo: c.refundNo, kind: 'slow_handling', text: '处理太慢，没人理我' });
    const dup = await file({ refundNo: c.refundNo, kind: 'unfair_fee', text: '同一个退款单再投诉' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'COMPLAINT.ALREADY_OPEN']);
    expect((await buyer.get('/api/complaints/C1')).status).toBe(404);
    expect((await buyer.get('/api/complaints?state=nope')).status).toBe(400);
    expect((await buyer.get('/api/complaints?cursor=bad')).status).toBe(400);
    const no = ok.body.complaintNo;
    expect(
      (await supervisor.post(`/api/complaints/${no}/resolve`, { explanation: '还没受理就处理' })).body.error
        .code,
    ).toBe('COMPLAINT.ILLEGAL_TRANSITION');
    expect((await supervisor.post(`/api/complaints/${no}/dismiss`, { reason: '短' })).status).toBe(400);
    expect(
      (await supervisor.post(`/api/complaints/${no}/accept`, { expectedVersion: 99 })).body.error.code,
    ).toBe('COMPLAINT.STALE');
    expect(
      (
        await supervisor.post(`/api/complaints/${no}/resolve`, {
          explanation: '金额为负',
          compensationFen: -1,
        })
      ).status,
    ).toBe(400);
  });
});

describe('evidence filed with a complaint', () => {
  it('a complaint about a merchant in general carries files: the supervisors and that merchant see them, nobody else', async () => {
    await openCase();
    const shot = await uploadPng(buyer, '张小明-13812345678-聊天记录.png', [30, 120, 200]);
    const filed = await file({
      merchantId: ids.merchantId,
      kind: 'merchant_general',
      text: '该商家多次发错卡密，附聊天截图，我是张小明，电话13812345678',
      evidenceIds: [shot.id],
    });
    expect(filed.status).toBe(201);
    const no = filed.body.complaintNo as string;
    expect(filed.body.evidenceIds).toEqual([shot.id]);
    expect(filed.body.evidence).toEqual([
      expect.objectContaining({
        evidenceId: shot.id,
        fileName: '张小明-13812345678-聊天记录.png',
        uploadedByRole: 'buyer',
        sha256: shot.sha256,
        url: `/api/evidence/${shot.id}`,
      }),
    ]);
    // The buyer sees their file; the checks are hints for the handlers only.
    expect(filed.body.evidence[0].checkResults).toBeUndefined();

    const bySupervisor = await supervisor.get(`/api/complaints/${no}`);
    expect(bySupervisor.body.evidence).toHaveLength(1);
    expect(bySupervisor.body.evidence[0].checkResults.map((c: { kind: string }) => c.kind)).toContain(
      'duplicate',
    );
    const bytes = await fetch(`${api.baseUrl}/api/evidence/${shot.id}`, {
      headers: supervisor.headersFor('GET'),
    });
    expect(bytes.status).toBe(200);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(shot.bytes)).toBe(true);

    // The merchant it is about sees the file, not the buyer's name nor what the buyer called the file.
    const byMerchant = await merchant.get(`/api/complaints/${no}`);
    expect(byMerchant.status).toBe(200);
    expect(byMerchant.body.buyerName).toBeNull();
    expect(byMerchant.body.evidence).toEqual([
      expect.objectContaining({
        evidenceId: shot.id,
        fileName: '凭证-01.png',
        checks: { sniffed: 'image/png' },
      }),
    ]);
    expect(byMerchant.body.text).toBe('该商家多次发错卡密，附聊天截图，我是张**，电话138****5678');
    expect(byMerchant.body.timeline[0].text).toBe(byMerchant.body.text);
    expect(JSON.stringify(byMerchant.body)).not.toContain('13812345678');
    expect(JSON.stringify(byMerchant.body)).not.toContain('张小明');
    const merchantBytes = await merchant.get(`/api/evidence/${shot.id}`);
    expect(merchantBytes.status).toBe(200);
    expect(merchantBytes.headers.get('content-disposition')).not.toContain('13812345678');
    expect((await merchant.get(`/api/evidence/${shot.id}/thumb`)).status).toBe(200);

    // Another shop, another buyer, an agent: not found, as for a missing id.
    for (const who of [otherMerchant, buyer2, agent]) {
      expect((await who.get(`/api/evidence/${shot.id}`)).status).toBe(404);
      expect((await who.get(`/api/evidence/${shot.id}/thumb`)).status).toBe(404);
      expect((await who.get(`/api/evidence/${shot.id}/checks`)).status).toBe(404);
    }
    expect((await otherMerchant.get(`/api/complaints/${no}`)).status).toBe(404);
    expect((await buyer2.get(`/api/complaints/${no}`)).status).toBe(404);

    // The file is the complaint's now: not reusable, and not swept as an abandoned upload.
    const again = await file({
      merchantId: ids.merchantId,
      kind: 'merchant_general',
      text: '同一张截图再投诉一次',
      evidenceIds: [shot.id],
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'EVIDENCE.ALREADY_ATTACHED']);
    const abandoned = await uploadPng(buyer, 'abandoned.png', [10, 10, 10]);
    await api.db.database.pool.query(
      "UPDATE evidence SET created_at = now() - interval '3 days' WHERE public_id = ANY($1)",
      [[shot.id, abandoned.id]],
    );
    await sweepUnattachedEvidence(api.ctx.db, api.ctx.blobs, new Date());
    const left = await api.db.database.pool.query(
      'SELECT public_id FROM evidence WHERE public_id = ANY($1)',
      [[shot.id, abandoned.id]],
    );
    expect(left.rows.map((r) => r.public_id)).toEqual([shot.id]);
    expect((await supervisor.get(`/api/evidence/${shot.id}`)).status).toBe(200);
  });

  it('someone else’s upload cannot be filed; a case complaint’s files show in the complaint and stay in the case', async () => {
    const theirs = await uploadPng(buyer2, 'other.png', [200, 200, 0]);
    const stolen = await file({
      merchantId: ids.merchantId,
      kind: 'merchant_general',
      text: '用别人的截图投诉商家',
      evidenceIds: [theirs.id],
    });
    expect([stolen.status, stolen.body.error.code]).toEqual([404, 'EVIDENCE.NOT_FOUND']);

    const c = await openCase();
    const shot = await uploadPng(buyer, 'merchant-chat.png', [90, 200, 90]);
    const filed = await file({
      refundNo: c.refundNo,
      kind: 'merchant_conduct',
      text: '商家客服态度恶劣，见截图',
      evidenceIds: [shot.id],
    });
    expect(filed.status).toBe(201);
    expect(filed.body.evidence.map((e: { evidenceId: string }) => e.evidenceId)).toEqual([shot.id]);
    const onCase = await buyer.get(`/api/refunds/${c.refundNo}/evidence`);
    expect(onCase.body.items.map((e: { evidenceId: string }) => e.evidenceId)).toContain(shot.id);
    const seen = await merchant.get(`/api/complaints/${filed.body.complaintNo}`);
    expect(seen.body.evidence.map((e: { evidenceId: string }) => e.evidenceId)).toEqual([shot.id]);
    expect((await merchant.get(`/api/evidence/${shot.id}`)).status).toBe(200);
    expect((await otherMerchant.get(`/api/evidence/${shot.id}`)).status).toBe(404);

    // A complaint about an agent: its file is the complaint's alone — not on the case the shop sees.
    const d = await openCase();
    const agentShot = await uploadPng(buyer, 'agent-chat.png', [200, 60, 60]);
    const aboutAgent = await file({
      refundNo: d.refundNo,
      kind: 'agent_conduct',
      text: '客服态度恶劣，见截图',
      evidenceIds: [agentShot.id],
    });
    expect(aboutAgent.body.evidence.map((e: { evidenceId: string }) => e.evidenceId)).toEqual([agentShot.id]);
    const caseFiles = await merchant.get(`/api/refunds/${d.refundNo}/evidence`);
    expect(caseFiles.body.items).toEqual([]);
    expect((await merchant.get(`/api/evidence/${agentShot.id}`)).status).toBe(404);
    expect((await agent.get(`/api/evidence/${agentShot.id}`)).status).toBe(404);
    expect((await supervisor.get(`/api/evidence/${agentShot.id}`)).status).toBe(200);
    expect((await buyer.get(`/api/evidence/${agentShot.id}`)).status).toBe(200);
  });
});

describe('guidance, admin view and the merchant profile', () => {
  it('the help page on complaining follows the policy in force', async () => {
    const res = await api.client().get('/api/help/complaints');
    expect(res.status).toBe(200);
    expect(res.body.sections.map((s: { id: string }) => s.id)).toEqual(['inside', 'outside', 'bring']);
    expect(res.body.sections[0].itemsZh).toContain('处理太慢：3 个工作日内处理完毕。');
    expect(res.body.sections[1].itemsZh.join('')).toContain('12315');
  });

  it('counts by kind, merchant and outcome, with SLA compliance, for a window', async () => {
    const all = await admin.get('/api/admin/complaints/stats');
    expect(all.status).toBe(200);
    const { total, byKind, byMerchant, outcomes, sla } = all.body;
    expect(byKind.reduce((s: number, k: { total: number }) => s + k.total, 0)).toBe(total.total);
    expect(byMerchant.reduce((s: number, m: { total: number }) => s + m.total, 0)).toBe(total.total);
    expect(sla.onTime + sla.late).toBe(total.resolved + total.dismissed);
    expect(outcomes.compensationFen).toBeGreaterThanOrEqual(1_000);
    expect(outcomes.refundFee).toBeGreaterThanOrEqual(1);
    expect((await buyer.get('/api/admin/complaints/stats')).status).toBe(403);

    // A window of its own: one complaint, open; past its deadline it counts as overdue.
    const c = await openCase();
    const filedAt = Date.parse('2027-03-01T02:00:00Z');
    api.ctx.now = () => new Date(filedAt);
    const { body } = await file({ refundNo: c.refundNo, kind: 'slow_handling', text: '处理太慢，没人理我' });
    const window = `from=${encodeURIComponent('2027-03-01T00:00:00Z')}&to=${encodeURIComponent('2027-03-02T00:00:00Z')}`;
    const one = await admin.get(`/api/admin/complaints/stats?${window}`);
    expect(one.body.total).toMatchObject({ total: 1, open: 1, overdue: 0 });
    expect(one.body.byKind).toEqual([expect.objectContaining({ kind: 'slow_handling', total: 1 })]);
    api.ctx.now = () => new Date(Date.parse(body.deadline) + 1000);
    expect((await admin.get(`/api/admin/complaints/stats?${window}`)).body.total.overdue).toBe(1);
    await supervisor.post(`/api/complaints/${body.complaintNo}/accept`);
    await supervisor.post(`/api/complaints/${body.complaintNo}/dismiss`, { reason: '已在时限后处理完毕' });
    const late = (await admin.get(`/api/admin/complaints/stats?${window}`)).body;
    expect(late.sla).toMatchObject({ decided: 1, onTime: 0, late: 1, onTimeRate: 0 });
  });

  it("the merchant's profile counts complaints about its conduct", async () => {
    const before = (await merchant.get('/api/merchant/profile')).body.complaints;
    const c = await openCase();
    await file({ refundNo: c.refundNo, kind: 'merchant_conduct', text: '商家发错卡密还不承认' });
    const after = (await merchant.get('/api/merchant/profile')).body.complaints;
    expect(after).toEqual({ total: before.total + 1, open: before.open + 1 });
    // A complaint about the platform's handling is not the merchant's count.
    const d = await openCase();
    await file({ refundNo: d.refundNo, kind: 'slow_handling', text: '平台处理太慢了' });
    expect((await merchant.get('/api/merchant/profile')).body.complaints).toEqual(after);
  });
});
