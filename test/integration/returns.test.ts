import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buyerBalance,
  FUNDING,
  GUARANTEE,
  merchantBalance,
  merchantReceivable,
} from '../../src/core/ledger/accounts.ts';
import { fundingTxn } from '../../src/core/ledger/settlement.ts';
import { transfer } from '../../src/core/ledger/txn.ts';
import { seedReturnCase } from '../../src/demo/seed-returns.ts';
import { postTxn } from '../../src/modules/ledger/post-txn.ts';
import { sweepTimers } from '../../src/modules/refunds/sweep-timers.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { actorsByName } from '../helpers/cases.ts';
import { demoIds, makeMerchant, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
let merchant: HttpClient;
let otherShop: HttpClient;
let agent: HttpClient;
const DAY = 86_400_000;
const ADDRESS = { name: '星辰数码售后部', phone: '021-55550123', address: '上海市浦东新区张江路 88 号 3 楼' };

beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  await setBalance(api.ctx, ids.buyer2Id, 10_000_000);
  await makeMerchant(api.ctx, 'returns-other-shop');
  buyer = api.client();
  await buyer.login('buyer');
  buyer2 = api.client();
  await buyer2.login('buyer2');
  merchant = api.client();
  await merchant.login('merchant');
  otherShop = api.client();
  await otherShop.login('returns-other-shop');
  agent = api.client();
  await agent.login('agent');
  const set = await merchant.put('/api/merchant/return-address', ADDRESS);
  expect(set.status).toBe(200);
});
afterAll(() => api.stop());
afterEach(() => {
  api.ctx.now = () => new Date();
});

const at = (ms: number) => {
  api.ctx.now = () => new Date(ms);
};
const q = (text: string, values: unknown[] = []) => api.db.database.pool.query(text, values);
const kinds = (body: { timeline: { kind: string }[] }) => body.timeline.map((e) => e.kind);

/** A received physical order with an approved refund of `type`: the case waits for the goods. */
async function approvedReturn(
  type: 'no_reason_7d' | 'quality_issue' = 'no_reason_7d',
  who: HttpClient = buyer,
): Promise<{ refundNo: string; orderNo: string; body: Record<string, unknown> & { version: number } }> {
  const productId = await makeProduct(api.ctx, {
    merchantId: ids.merchantId,
    kind: 'physical',
    priceFen: 8_800,
  });
  const order = await who.post('/api/orders', {
    productId,
    quantity: 1,
    shippingAddress: '北京市海淀区中关村大街 1 号',
  });
  expect(order.status, order.text).toBe(201);
  const orderNo = order.body.orderNo as string;
  expect((await who.post(`/api/orders/${orderNo}/pay`, { channel: 'balance' })).status).toBe(200);
  const shipped = await merchant.post(`/api/orders/${orderNo}/ship`, {
    carrier: '顺丰',
    trackingNo: 'SF100200300400',
  });
  expect(shipped.status, shipped.text).toBe(200);
  expect((await who.post(`/api/orders/${orderNo}/confirm-receipt`)).status).toBe(200);
  const c = await who.post('/api/refunds', {
    orderNo,
    type,
    description:
      type === 'quality_issue'
        ? `订单号${orderNo}今天收到，耳机左耳没有声音，附照片`
        : `订单号${orderNo}今天收到，尺寸不合适，七天无理由退货`,
  });
  expect(c.status, c.text).toBe(201);
  const claimed = await agent.post(`/api/review/${c.body.refundNo}/claim`);
  const approved = await agent.post(`/api/review/${c.body.refundNo}/approve`, {
    expectedVersion: claimed.body.version,
  });
  expect(approved.status, approved.text).toBe(200);
  // The approval answers without reading the case again: what a read afterwards shows.
  const read = await agent.get(`/api/refunds/${c.body.refundNo}`);
  expect(approved.body.timeline).toEqual(read.body.timeline);
  expect(approved.body.returnShipment).toEqual(read.body.returnShipment);
  expect(approved.body.state).toBe(read.body.state);
  return { refundNo: c.body.refundNo, orderNo, body: approved.body };
}

async function photo(client: HttpClient): Promise<string> {
  const png = await sharp(randomBytes(200 * 150 * 3), { raw: { width: 200, height: 150, channels: 3 } })
    .png()
    .toBuffer();
  const res = await client.upload('/api/evidence', { data: png, name: '退货照片.png', type: 'image/png' });
  expect(res.status, res.text).toBe(201);
  return res.body.evidenceId as string;
}

describe('退货寄回: a full return', () => {
  it('approve → awaiting the goods (address shown, deadline) → ship → confirm → paid', async () => {
    const { refundNo, body } = await approvedReturn('no_reason_7d');
    expect(body.state).toBe('awaiting_return');
    expect(kinds(body as never).slice(-2)).toEqual(['approve', 'request_return']);
    const seen = await buyer.get(`/api/refunds/${refundNo}`);
    expect(seen.body.returnShipment).toMatchObject({
      postagePaidBy: 'buyer',
      address: ADDRESS,
      trackingNo: null,
      merchantOwesPostageFen: 0,
    });
    expect(Date.parse(seen.body.returnShipment.shipBy) - Date.now()).toBeGreaterThan(6.9 * DAY);
    expect(seen.body.actions).toEqual(expect.arrayContaining(['ship_return', 'withdraw']));
    expect(seen.body.waitingFor.zh).toContain('请将商品寄回商家');
    // Nothing went to payout yet.
    const none = await q(
      'SELECT count(*)::int AS n FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [refundNo],
    );
    expect(none.rows[0].n).toBe(0);
    const msgs = await q(
      "SELECT title_zh FROM site_message WHERE subject = $1 AND kind = 'refund.request_return'",
      [`refund:${refundNo}`],
    );
    expect(msgs.rows.length).toBe(2);

    const bad = await buyer.post(`/api/refunds/${refundNo}/return-shipment`, {
      carrier: 'sf',
      trackingNo: '13800138000',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('RETURN.TRACKING_NO_INVALID');
    const unknown = await buyer.post(`/api/refunds/${refundNo}/return-shipment`, {
      carrier: 'dhl',
      trackingNo: 'SF1234567890123',
    });
    expect(unknown.status).toBe(400);

    const shipped = await buyer.post(`/api/refunds/${refundNo}/return-shipment`, {
      carrier: 'sf',
      trackingNo: 'sf 1234 5678 9012',
    });
    expect(shipped.status, shipped.text).toBe(200);
    expect(shipped.body.state).toBe('return_shipped');
    expect(shipped.body.returnShipment).toMatchObject({ carrier: 'sf', trackingNo: 'SF123456789012' });
    expect(shipped.body.returnShipment.carrierName.zh).toBe('顺丰速运');

    const forMerchant = await merchant.get(`/api/refunds/${refundNo}`);
    expect(forMerchant.body.actions).toEqual(['confirm_return', 'object_return']);
    expect(forMerchant.body.waitingFor.zh).toContain('确认收货');
    const confirmed = await merchant.post(`/api/merchant/refunds/${refundNo}/confirm-return`);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.state).toBe('refunding');
    expect(kinds(confirmed.body).slice(-4)).toEqual([
      'request_return',
      'ship_return',
      'confirm_return',
      'start_payout',
    ]);
    for (const e of confirmed.body.timeline) expect(e.textZh).not.toMatch(/变更为/);
    const paid = await q(
      'SELECT a.amount_fen FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [refundNo],
    );
    expect(paid.rows.map((r) => Number(r.amount_fen))).toEqual([8_800]);
    // Again: the state machine refuses a second confirmation.
    const again = await merchant.post(`/api/merchant/refunds/${refundNo}/confirm-return`);
    expect(again.status).toBe(409);
  });

  it('quality issue: the merchant pays the postage, declared and capped by the policy', async () => {
    const { refundNo, body } = await approvedReturn('quality_issue');
    expect(body.state).toBe('awaiting_return');
    const shipped = await buyer.post(`/api/refunds/${refundNo}/return-shipment`, {
      carrier: 'zto',
      trackingNo: '78123456789012',
      postageFen: 5_000,
    });
    expect(shipped.status, shipped.text).toBe(200);
    expect(shipped.body.returnShipment).toMatchObject({
      postagePaidBy: 'merchant',
      postageFen: 2_000,
      merchantOwesPostageFen: 2_000,
    });
    // The refund itself stays what was paid.
    const confirmed = await merchant.post(`/api/merchant/refunds/${refundNo}/confirm-return`);
    expect(confirmed.body.approvedFen).toBe(8_800);
  });
});

describe('退货寄回: the postage the merchant owes goes to the buyer', () => {
  const fund = (to: string, amountFen: number) =>
    inTransaction(api.ctx.db, (tx) =>
      postTxn(
        tx,
        fundingTxn({ kind: 'funding', ref: `test:${to}`, to, amountFen, memo: '测试注资' }),
        new Date(),
      ),
    );
  const balanceOf = async (path: string) =>
    Number(
      (await q('SELECT balance_fen FROM ledger_account WHERE path = $1', [path])).rows[0]?.balance_fen ?? 0,
    );
  const walletOf = async (userId: number) =>
    Number(
      (await q('SELECT balance_fen FROM wallet WHERE user_id = $1', [userId])).rows[0]?.balance_fen ?? 0,
    );
  const postageTxns = (refundNo: string) =>
    q(
      `SELECT t.memo, json_object_agg(a.path, p.amount_fen) AS postings FROM ledger_txn t
         JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account a ON a.id = p.account_id
        WHERE t.ref = $1 GROUP BY t.id`,
      [`return-postage:${refundNo}`],
    );

  it("on the merchant's confirmation, once under 20 at once: its balance first, the guarantee fund advancing the rest", async () => {
    await fund(GUARANTEE, 1_000_000);
    const shop = merchantBalance(ids.merchantId);
    const { refundNo } = await approvedReturn('quality_issue');
    await buyer.post(`/api/refunds/${refundNo}/return-shipment`, {
      carrier: 'sf',
      trackingNo: 'SF1234567890123',
      postageFen: 5_000,
    });
    // The shop has ¥15.00 of the ¥20.00 (the policy's cap) it owes.
    const before = await balanceOf(shop);
    if (before > 0)
      await inTransaction(api.ctx.db, (tx) =>
        postTxn(
          tx,
          { kind: 'funding', ref: 'test:drain', memo: '测试清零', postings: transfer(shop, FUNDING, before) },
          new Date(),
        ),
      );
    await fund(shop, 1_500);
    const wallet = await walletOf(ids.buyerId);
    const ledgerWallet = await balanceOf(buyerBalance(ids.buyerId));
    const receivable = await balanceOf(merchantReceivable(ids.merchantId));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => merchant.post(`/api/merchant/refunds/${refundNo}/confirm-return`)),
    );
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1);
    const txns = await postageTxns(refundNo);
    expect(txns.rows).toHaveLength(1);
    expect(txns.rows[0].memo).toBe(
      `退货运费补偿 ¥20.00 至买家余额（退款单 ${refundNo}），由商户「星辰数码」承担，保障金先行垫付 ¥5.00`,
    );
    expect(txns.rows[0].postings).toMatchObject({
      [shop]: -1_500,
      [GUARANTEE]: -500,
      [buyerBalance(ids.buyerId)]: 2_000,
      [merchantReceivable(ids.merchantId)]: 500,
    });
    expect(await balanceOf(shop)).toBe(0);
    expect(await balanceOf(merchantReceivable(ids.merchantId))).toBe(receivable + 500);
    // The balance refund of the goods is paid by its job later: only the postage has moved yet.
    expect(await walletOf(ids.buyerId)).toBe(wallet + 2_000);
    expect(await balanceOf(buyerBalance(ids.buyerId))).toBe(ledgerWallet + 2_000);
    const page = (await buyer.get(`/api/refunds/${refundNo}`)).body;
    expect(kinds(page)).toContain('return_postage_paid');
    expect(page.returnShipment).toMatchObject({ merchantOwesPostageFen: 2_000, postagePaid: true });
    const inbox = (await buyer.get('/api/messages')).body.items;
    expect(inbox.some((m: { kind: string }) => m.kind === 'refund.return_postage_paid')).toBe(true);
    const walletPage = (await buyer.get('/api/me/wallet')).body;
    expect(JSON.stringify(walletPage)).toContain(`退货运费补偿 ¥20.00 — 退款单 ${refundNo}`);
  });

  it('when the window lapses too; never when the buyer pays it or declared none', async () => {
    await fund(merchantBalance(ids.merchantId), 10_000);
    const lapsing = await approvedReturn('quality_issue');
    const shipped = await buyer.post(`/api/refunds/${lapsing.refundNo}/return-shipment`, {
      carrier: 'yunda',
      trackingNo: '4312345678901',
      postageFen: 800,
    });
    const due = Date.parse(shipped.body.returnShipment.confirmBy);
    expect((await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(due + 1000))).return_confirm).toBe(1);
    expect((await postageTxns(lapsing.refundNo)).rows).toHaveLength(1);
    expect((await postageTxns(lapsing.refundNo)).rows[0].postings).toMatchObject({
      [merchantBalance(ids.merchantId)]: -800,
      [buyerBalance(ids.buyerId)]: 800,
    });

    const buyerPays = await approvedReturn('no_reason_7d');
    await buyer.post(`/api/refunds/${buyerPays.refundNo}/return-shipment`, {
      carrier: 'zto',
      trackingNo: '78123456789013',
      postageFen: 1_000,
    });
    await merchant.post(`/api/merchant/refunds/${buyerPays.refundNo}/confirm-return`);
    const undeclared = await approvedReturn('quality_issue');
    await buyer.post(`/api/refunds/${undeclared.refundNo}/return-shipment`, {
      carrier: 'zto',
      trackingNo: '78123456789014',
    });
    await merchant.post(`/api/merchant/refunds/${undeclared.refundNo}/confirm-return`);
    for (const no of [buyerPays.refundNo, undeclared.refundNo]) {
      expect((await postageTxns(no)).rows).toHaveLength(0);
      expect(kinds((await buyer.get(`/api/refunds/${no}`)).body)).not.toContain('return_postage_paid');
    }
  });
});

describe('退货寄回: unanswered windows', () => {
  it('the merchant stays silent: the return counts as received and is paid', async () => {
    const { refundNo } = await approvedReturn();
    const shipped = await buyer.post(`/api/refunds/${refundNo}/return-shipment`, {
      carrier: 'yunda',
      trackingNo: '4312345678901',
    });
    const due = Date.parse(shipped.body.returnShipment.confirmBy);
    expect(due - Date.now()).toBeGreaterThan(6.9 * DAY);
    expect((await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(due - 1000))).return_confirm).toBe(0);
    expect((await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(due + 1000))).return_confirm).toBe(1);
    expect((await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(due + 2000))).return_confirm).toBe(0);
    const after = await buyer.get(`/api/refunds/${refundNo}`);
    expect(after.body.state).toBe('refunding');
    expect(kinds(after.body).slice(-2)).toEqual(['return_confirm_lapsed', 'start_payout']);
    // Too late to object now.
    at(due + 3000);
    const late = await merchant.post(`/api/merchant/refunds/${refundNo}/object-return`, {
      text: '包裹还没收到',
    });
    expect(late.status).toBe(409);
  });

  it('the buyer does not ship: reminded first, then the case closes; a late tracking number is refused', async () => {
    const { refundNo, body } = await approvedReturn();
    const shipBy = Date.parse((await buyer.get(`/api/refunds/${refundNo}`)).body.returnShipment.shipBy);
    expect(body.state).toBe('awaiting_return');
    const remind = await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(shipBy - 23 * 3_600_000));
    expect(remind.return_remind).toBe(1);
    expect(
      (await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(shipBy - 22 * 3_600_000))).return_remind,
    ).toBe(0);
    const reminded = await q(
      "SELECT count(*)::int AS n FROM site_message WHERE subject = $1 AND kind = 'refund.return_reminder'",
      [`refund:${refundNo}`],
    );
    expect(reminded.rows[0].n).toBe(1);
    at(shipBy + 500);
    const late = await buyer.post(`/api/refunds/${refundNo}/return-shipment`, {
      carrier: 'sf',
      trackingNo: 'SF123456789012',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('RETURN.SHIP_WINDOW_CLOSED');
    expect((await sweepTimers(api.ctx.db, api.ctx.jobs, new Date(shipBy + 1000))).return_ship).toBe(1);
    const closed = await buyer.get(`/api/refunds/${refundNo}`);
    expect(closed.body.state).toBe('closed');
    expect(kinds(closed.body).slice(-2)).toEqual(['return_reminder', 'close_unshipped']);
    expect(closed.body.timeline.at(-1).textZh).toContain('未在期限内寄回商品');
  });

  it('schedules a timer job for each stored deadline (ship-by and the reminder)', async () => {
    const { refundNo } = await approvedReturn();
    const row = await q('SELECT id, return_deadline FROM refund_case WHERE refund_no = $1', [refundNo]);
    const jobs = await q(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'refunds.timer' AND data->>'caseId' = $1",
      [String(row.rows[0].id)],
    );
    // The ship-by deadline and the reminder before it.
    expect(jobs.rows[0].n).toBeGreaterThanOrEqual(2);
  });
});

describe('退货寄回: the merchant objects', () => {
  it('with photos and a reason: back to an agent, who approves without asking the goods back again', async () => {
    const { refundNo } = await approvedReturn('quality_issue');
    await buyer.post(`/api/refunds/${refundNo}/return-shipment`, {
      carrier: 'ems',
      trackingNo: 'EA123456789CN',
    });
    const evidenceId = await photo(merchant);
    const objected = await merchant.post(`/api/merchant/refunds/${refundNo}/object-return`, {
      text: '退回的是另一副耳机，序列号不符',
      evidenceIds: [evidenceId],
    });
    expect(objected.status, objected.text).toBe(200);
    expect(objected.body.state).toBe('submitted');
    expect(objected.body.evidence.some((e: { evidenceId: string }) => e.evidenceId === evidenceId)).toBe(
      true,
    );
    expect(objected.body.timeline.at(-1)).toMatchObject({
      kind: 'object_return',
      reason: '退回的是另一副耳机，序列号不符',
    });
    const queue = await agent.get('/api/review/queue');
    expect(queue.body.items.map((i: { refundNo: string }) => i.refundNo)).toContain(refundNo);
    const claimed = await agent.post(`/api/review/${refundNo}/claim`);
    const approved = await agent.post(`/api/review/${refundNo}/approve`, {
      expectedVersion: claimed.body.version,
    });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.state).toBe('refunding');
  });
});

describe('退货寄回: who may', () => {
  it('another buyer, another shop, or a wrong role get nowhere; nothing changes', async () => {
    const { refundNo } = await approvedReturn();
    const ship = { carrier: 'sf', trackingNo: 'SF123456789012' };
    expect((await buyer2.post(`/api/refunds/${refundNo}/return-shipment`, ship)).status).toBe(404);
    expect((await merchant.post(`/api/refunds/${refundNo}/return-shipment`, ship)).status).toBe(403);
    expect((await agent.post(`/api/refunds/${refundNo}/return-shipment`, ship)).status).toBe(403);
    expect((await api.client().post(`/api/refunds/${refundNo}/return-shipment`, ship)).status).toBe(401);
    expect((await buyer.post('/api/refunds/R00000000000000/return-shipment', ship)).status).toBe(404);
    await buyer.post(`/api/refunds/${refundNo}/return-shipment`, ship);
    expect((await otherShop.post(`/api/merchant/refunds/${refundNo}/confirm-return`)).status).toBe(404);
    expect(
      (await otherShop.post(`/api/merchant/refunds/${refundNo}/object-return`, { text: '不是我们的商品' }))
        .status,
    ).toBe(404);
    expect((await buyer.post(`/api/merchant/refunds/${refundNo}/confirm-return`)).status).toBe(403);
    expect((await agent.post(`/api/merchant/refunds/${refundNo}/confirm-return`)).status).toBe(403);
    expect((await otherShop.get(`/api/refunds/${refundNo}`)).status).toBe(404);
    expect((await buyer.get('/api/merchant/return-address')).status).toBe(403);
    expect((await buyer.put('/api/merchant/return-address', ADDRESS)).status).toBe(403);
    const state = await q('SELECT state FROM refund_case WHERE refund_no = $1', [refundNo]);
    expect(state.rows[0].state).toBe('return_shipped');
  });

  it('the same tracking POST 20 times at once makes one shipment', async () => {
    const { refundNo } = await approvedReturn();
    const ship = { carrier: 'yto', trackingNo: 'YT1234567890123' };
    const plain = await Promise.all(
      Array.from({ length: 20 }, () => buyer.post(`/api/refunds/${refundNo}/return-shipment`, ship)),
    );
    expect(plain.filter((r) => r.status === 200)).toHaveLength(1);
    expect(plain.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);
    const events = await q(
      "SELECT count(*)::int AS n FROM refund_case_event e JOIN refund_case c ON c.id = e.case_id WHERE c.refund_no = $1 AND e.kind = 'ship_return'",
      [refundNo],
    );
    expect(events.rows[0].n).toBe(1);

    // With one Idempotency-Key: twenty answers, all the same success, one shipment.
    const other = await approvedReturn();
    const keyed = await Promise.all(
      Array.from({ length: 20 }, () =>
        buyer.post(`/api/refunds/${other.refundNo}/return-shipment`, ship, {
          headers: { 'idempotency-key': `ship-${other.refundNo}` },
        }),
      ),
    );
    expect(keyed.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(keyed.every((r) => r.status === 200 || r.body?.error?.code === 'IDEMPOTENCY.IN_PROGRESS')).toBe(
      true,
    );
    const once = await q(
      "SELECT count(*)::int AS n FROM refund_case_event e JOIN refund_case c ON c.id = e.case_id WHERE c.refund_no = $1 AND e.kind = 'ship_return'",
      [other.refundNo],
    );
    expect(once.rows[0].n).toBe(1);
  });

  it('refuses a bad return address and hostile input', async () => {
    const bad = await merchant.put('/api/merchant/return-address', { ...ADDRESS, phone: '12' });
    expect(bad.status).toBe(400);
    const nul = await merchant.put('/api/merchant/return-address', { ...ADDRESS, address: '上海\u0000路' });
    expect(nul.status).toBe(400);
    const huge = await merchant.put('/api/merchant/return-address', {
      ...ADDRESS,
      address: 'x'.repeat(5000),
    });
    expect(huge.status).toBe(400);
    const got = await merchant.get('/api/merchant/return-address');
    expect(got.body.returnAddress).toEqual(ADDRESS);
  });

  it('a buyer may withdraw before shipping and keep the goods', async () => {
    const { refundNo } = await approvedReturn();
    const w = await buyer.post(`/api/refunds/${refundNo}/withdraw`, { reason: '决定不退了' });
    expect(w.status, w.text).toBe(200);
    expect(w.body.state).toBe('withdrawn');
  });
});

describe('the demo helper', () => {
  it('seeds a return case at each stage through the real use-cases', async () => {
    const actors = await actorsByName(api.ctx, ['buyer', 'merchant', 'agent']);
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'physical',
      priceFen: 12_900,
    });
    const base = {
      buyer: actors.get('buyer')!,
      merchant: actors.get('merchant')!,
      agent: actors.get('agent')!,
      productId,
    };
    const states: string[] = [];
    for (const stage of ['awaiting_return', 'return_shipped', 'received'] as const) {
      const { refundNo } = await seedReturnCase(api.ctx, { ...base, stage, type: 'quality_issue' });
      states.push((await q('SELECT state FROM refund_case WHERE refund_no = $1', [refundNo])).rows[0].state);
    }
    expect(states).toEqual(['awaiting_return', 'return_shipped', 'refunding']);
  });
});

describe('the merchant sees what it answers', () => {
  it("reads its own shop's case with the order and records, the buyer's personal data masked", async () => {
    const { refundNo, orderNo } = await approvedReturn('quality_issue');
    const seen = await merchant.get(`/api/merchant/refunds/${refundNo}`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.order.orderNo).toBe(orderNo);
    expect(seen.body.order.shipment).toMatchObject({ trackingNo: 'SF100200300400' });
    expect(seen.body.order.buyerName).toMatch(/\*/);
    expect(seen.body.returnShipment.address).toEqual(ADDRESS);
    expect((await otherShop.get(`/api/merchant/refunds/${refundNo}`)).status).toBe(404);
    expect((await buyer.get(`/api/merchant/refunds/${refundNo}`)).status).toBe(403);
    const asBuyer = await buyer.get(`/api/orders/${orderNo}`);
    expect(asBuyer.body.buyerName).not.toMatch(/\*/);
  });
});
