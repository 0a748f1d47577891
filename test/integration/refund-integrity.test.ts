import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPayout } from '../../src/modules/payouts/run-payout.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { expectBooksBalance } from '../helpers/payouts.ts';

// Issue 11: the eight ways a refund could come apart from the goods, each as a buyer and an agent
// would meet it.

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let supervisor: HttpClient;
let admin: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  buyer = api.client();
  await buyer.login('buyer');
  supervisor = api.client();
  await supervisor.login('supervisor');
  admin = api.client();
  await admin.login('admin');
});
afterAll(() => api.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;

/** A paid card-key order of `keys` keys at `priceFen` each, through the storefront. */
async function keyOrder(keys: number, priceFen = 2450, opts: { restock?: boolean } = {}) {
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen });
  if (opts.restock === false)
    await q('UPDATE product SET restock_refunded_keys = false WHERE id = $1', [productId]);
  await addKeys(api.ctx, productId, keys);
  const { body: order } = await buyer.post('/api/orders', { productId, quantity: keys });
  expect((await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'balance' })).status).toBe(200);
  const { body: detail } = await buyer.get(`/api/orders/${order.orderNo}`);
  return {
    productId,
    orderNo: order.orderNo as string,
    keyIds: detail.cardKeys.map((k: { id: number }) => k.id),
  };
}

const reveal = (orderNo: string, keyId: number) =>
  buyer.post(`/api/orders/${orderNo}/card-keys/${keyId}/reveal`, { action: 'reveal' });

async function apply(orderNo: string, type = 'not_received', extra: Record<string, unknown> = {}) {
  const res = await buyer.post('/api/refunds', {
    orderNo,
    type,
    description: `订单号${orderNo}今天10点购买，卡密一直未收到，无法使用`,
    ...extra,
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { refundNo: string; version: number; amountFen: number };
}

async function approve(refundNo: string, body: Record<string, unknown> = {}) {
  const { body: c } = await supervisor.get(`/api/review/${refundNo}`);
  return supervisor.post(`/api/review/${refundNo}/approve`, { expectedVersion: c.version, ...body });
}

/** Runs the case's pending payout attempt (balance: paid at once). */
async function pay(refundNo: string) {
  const [a] = await q(
    `SELECT a.id FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id
     WHERE c.refund_no = $1 AND a.status = 'pending'`,
    [refundNo],
  );
  await runPayout({
    db: api.ctx.db,
    jobs: api.ctx.jobs,
    gateways: api.ctx.gateways,
    attemptId: Number(a.id),
    now: () => new Date(),
  });
  const { body } = await buyer.get(`/api/refunds/${refundNo}`);
  expect(body.state).toBe('refunded');
  return body;
}

describe('1. a refunded card key can no longer be revealed', () => {
  it('takes the keys back at approval, voids them for the buyer and puts them back on sale', async () => {
    const { productId, orderNo, keyIds } = await keyOrder(2, 1500);
    const c = await apply(orderNo);
    expect(c.amountFen).toBe(2850); // 3000 less the 5% service fee
    const before = await q(
      "SELECT count(*)::int AS n FROM card_key WHERE product_id = $1 AND status = 'available'",
      [productId],
    );
    expect((await approve(c.refundNo)).status).toBe(200);
    // At the moment of approval, before any money moves: void for the buyer, back in stock.
    for (const keyId of keyIds) {
      const r = await reveal(orderNo, keyId);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('CARD_KEY.REFUNDED');
      expect(r.body.error.details.refundNo).toBe(c.refundNo);
    }
    const after = await q(
      "SELECT count(*)::int AS n FROM card_key WHERE product_id = $1 AND status = 'available'",
      [productId],
    );
    expect(after[0].n - before[0].n).toBe(2);
    await pay(c.refundNo);
    const { body: order } = await buyer.get(`/api/orders/${orderNo}`);
    expect(order.cardKeys.map((k: { status: string; refundNo: string }) => [k.status, k.refundNo])).toEqual([
      ['refunded', c.refundNo],
      ['refunded', c.refundNo],
    ]);
    expect(order.timeline.find((e: { kind: string }) => e.kind === 'keys_refunded').refundNo).toBe(
      c.refundNo,
    );
  });

  it("keeps refunded keys void when the merchant's product says so", async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 1500 });
    const merchant = api.client();
    await merchant.login('merchant');
    const changed = await merchant.request('PATCH', `/api/merchant/products/${productId}`, {
      body: { restockRefundedKeys: false },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.restockRefundedKeys).toBe(false);
    expect(
      (
        await buyer.request('PATCH', `/api/merchant/products/${productId}`, {
          body: { restockRefundedKeys: true },
        })
      ).status,
    ).toBe(403);
    await addKeys(api.ctx, productId, 1);
    const { body: o } = await buyer.post('/api/orders', { productId, quantity: 1 });
    expect((await buyer.post(`/api/orders/${o.orderNo}/pay`, { channel: 'balance' })).status).toBe(200);
    const orderNo = o.orderNo as string;
    const c = await apply(orderNo);
    expect((await approve(c.refundNo)).status).toBe(200);
    const rows = await q('SELECT status FROM card_key WHERE product_id = $1 ORDER BY id', [productId]);
    expect(rows.map((r) => r.status)).toEqual(['refunded']);
  });
});

describe('2. keys are locked while a case is open, and a late reveal is never paid silently', () => {
  it('refuses to reveal a covered key while the case is open; withdrawing unlocks it', async () => {
    const { orderNo, keyIds } = await keyOrder(1);
    const c = await apply(orderNo);
    const locked = await reveal(orderNo, keyIds[0]);
    expect(locked.status).toBe(409);
    expect(locked.body.error).toMatchObject({ code: 'CARD_KEY.LOCKED', details: { refundNo: c.refundNo } });
    expect(locked.body.error.message).toContain('撤销');
    const { body: order } = await buyer.get(`/api/orders/${orderNo}`);
    expect(order.cardKeys[0].lockedBy).toBe(c.refundNo);
    expect(order.openRefundNo).toBe(c.refundNo);
    expect(
      (await buyer.post(`/api/refunds/${c.refundNo}/withdraw`, { reason: '商家已补发，问题解决' })).status,
    ).toBe(200);
    expect((await reveal(orderNo, keyIds[0])).status).toBe(200);
  });

  it('lets 20 racing reveals and a submission cross: either the key was seen first, or it stays hidden', async () => {
    const { orderNo, keyIds } = await keyOrder(1);
    const [submitted, ...reveals] = await Promise.all([
      buyer.post('/api/refunds', {
        orderNo,
        type: 'not_received',
        description: `订单号${orderNo}今天10点购买，卡密一直未收到，无法使用`,
      }),
      ...Array.from({ length: 20 }, () => reveal(orderNo, keyIds[0])),
    ]);
    const shown = reveals.filter((r) => r.status === 200).length;
    if (submitted!.status === 201) {
      // The case saw the key unrevealed only if no reveal came before it, and then none came after.
      const { body } = await supervisor.get(`/api/review/${submitted!.body.refundNo}`);
      if (body.quote.ruleId === 'V-UNUSED') expect(shown).toBe(0);
      else expect(shown).toBeGreaterThan(0);
    } else {
      expect(submitted!.body.error.details.ruleId).toBe('V-USED');
    }
  });

  it('re-quotes an appealed case after a reveal: the reviewer sees why, and the old amount is refused', async () => {
    const { orderNo, keyIds } = await keyOrder(2);
    const c = await apply(orderNo);
    expect(c.amountFen).toBe(4655);
    const { body: held } = await supervisor.get(`/api/review/${c.refundNo}`);
    expect(
      (
        await supervisor.post(`/api/review/${c.refundNo}/reject`, {
          expectedVersion: held.version,
          reasonCode: 'EVIDENCE_INSUFFICIENT',
          text: '请提供卡密无效的截图',
        })
      ).status,
    ).toBe(200);
    // Rejected: the case is closed, so the buyer may look at a key — then appeals.
    expect((await reveal(orderNo, keyIds[0])).status).toBe(200);
    expect(
      (await buyer.post(`/api/refunds/${c.refundNo}/appeal`, { text: '卡密确实无效，请主管复核，已附截图' }))
        .status,
    ).toBe(200);
    const other = api.client();
    await other.login('admin');
    const { body: view } = await other.get(`/api/review/${c.refundNo}`);
    expect(view.quoteChange.changed).toBe(true);
    expect(view.quoteChange.reasons.map((r: { zh: string }) => r.zh).join('\n')).toContain(
      '又提取了 1 张卡密',
    );
    expect(view.currentQuote.amountFen).toBe(2327); // the one key still unseen: 2450 less its 5% (123)
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toContain('key_revealed_after_submit');
    // Approving what the case said at submission is refused, with both figures.
    const stale = await other.post(`/api/review/${c.refundNo}/approve`, { expectedVersion: view.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'REFUND.QUOTE_CHANGED',
      details: { beforeFen: 4655, nowFen: 2327 },
    });
    const ok = await other.post(`/api/review/${c.refundNo}/approve`, {
      expectedVersion: view.version,
      quotedFen: 2327,
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ approvedFen: 2327, amountFen: 2327, feeFen: 123 });
    expect(ok.body.timeline.find((e: { kind: string }) => e.kind === 'approve').textZh).toContain('重新计算');
    const { body: order } = await buyer.get(`/api/orders/${orderNo}`);
    // The revealed key stays the buyer's; the other is taken back.
    expect(order.cardKeys.map((k: { status: string }) => k.status)).toEqual(['held', 'refunded']);
  });
});

describe('3. one revealed key does not block the refund of the others', () => {
  it('quotes, approves and pays the unrevealed key of two', async () => {
    const { orderNo, keyIds } = await keyOrder(2, 2500);
    expect((await reveal(orderNo, keyIds[0])).status).toBe(200);
    for (const type of ['not_received', 'not_as_described', 'quality_issue']) {
      const { body: quote } = await buyer.post('/api/refunds/quote', { orderNo, type });
      expect(quote).toMatchObject({ eligible: true, amountFen: 2375, ruleId: 'V-UNUSED' });
      expect(quote.parts.map((p: { kind: string; eligible: boolean }) => [p.kind, p.eligible])).toEqual([
        ['keys_unrevealed', true],
        ['keys_revealed', false],
      ]);
    }
    const c = await apply(orderNo);
    expect((await approve(c.refundNo)).status).toBe(200);
    await pay(c.refundNo);
    expect((await reveal(orderNo, keyIds[0])).status).toBe(200); // the revealed key is still theirs
    expect((await reveal(orderNo, keyIds[1])).body.error.code).toBe('CARD_KEY.REFUNDED');
    const { body: order } = await buyer.get(`/api/orders/${orderNo}`);
    expect(order).toMatchObject({ refundedFen: 2375, feesKeptFen: 125, refundState: 'partly_refunded' });
    // Nothing is left to refund but the revealed key, which the policy does not take back.
    const { body: again } = await buyer.post('/api/refunds/quote', { orderNo, type: 'not_received' });
    expect(again).toMatchObject({ eligible: false, ruleId: 'V-USED' });
  });

  it('refunds only the keys the buyer chose, and rejects keys that are not theirs', async () => {
    const { orderNo, keyIds } = await keyOrder(3, 2000);
    const { body: one } = await buyer.post('/api/refunds/quote', {
      orderNo,
      type: 'quality_issue',
      items: [{ cardKeyId: keyIds[2] }],
    });
    expect(one).toMatchObject({ eligible: true, amountFen: 1900 });
    const other = await keyOrder(1);
    const bad = await buyer.post('/api/refunds/quote', {
      orderNo,
      type: 'quality_issue',
      items: [{ cardKeyId: other.keyIds[0] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('REQUEST.VALIDATION');
    const c = await apply(orderNo, 'quality_issue', { items: [{ cardKeyId: keyIds[2] }] });
    // Only the chosen key is locked; the others can be used meanwhile.
    expect((await reveal(orderNo, keyIds[0])).status).toBe(200);
    expect((await reveal(orderNo, keyIds[2])).body.error.code).toBe('CARD_KEY.LOCKED');
    expect((await approve(c.refundNo)).status).toBe(200);
    const rows = await q(
      'SELECT id, status FROM card_key WHERE order_id = (SELECT id FROM shop_order WHERE order_no = $1) ORDER BY id',
      [orderNo],
    );
    expect(rows.map((r) => r.status)).toEqual(['sold', 'sold', 'refunded']);
  });
});

describe('4. a fee dispute after a refund can succeed', () => {
  it('quotes the fee kept, opens a linked case a supervisor decides, and pays it back from fee income', async () => {
    const { orderNo } = await keyOrder(2);
    const c = await apply(orderNo);
    expect((await approve(c.refundNo)).status).toBe(200);
    const refunded = await pay(c.refundNo);
    expect(refunded.feeFen).toBe(245);
    expect(refunded.actions).toContain('dispute_fee');
    const { body: quote } = await buyer.post('/api/refunds/quote', { orderNo, type: 'fee_dispute' });
    expect(quote).toMatchObject({ eligible: true, ruleId: 'F-DISPUTE', amountFen: 245 });
    const disputed = await buyer.post(`/api/refunds/${c.refundNo}/dispute-fee`, {
      text: '卡密从未提取也未使用，不应扣除手续费',
    });
    expect(disputed.status, disputed.text).toBe(200);
    const feeCaseNo = disputed.body.feeDisputeRefundNo as string;
    expect(feeCaseNo).toMatch(/^R\d{14}$/);
    expect(disputed.body.actions).not.toContain('dispute_fee');
    const { body: feeCase } = await buyer.get(`/api/refunds/${feeCaseNo}`);
    expect(feeCase).toMatchObject({
      type: 'fee_dispute',
      amountFen: 245,
      escalated: true,
      disputedRefundNo: c.refundNo,
    });
    // An agent cannot take it; a supervisor decides.
    const agent = api.client();
    await agent.login('agent');
    expect((await agent.post(`/api/review/${feeCaseNo}/claim`, {})).status).toBe(403);
    const [feeIncomeBefore] = await q(
      "SELECT balance_fen::int AS b FROM ledger_account WHERE path = 'platform:fee_income'",
    );
    expect((await approve(feeCaseNo)).status).toBe(200);
    await pay(feeCaseNo);
    const [feeIncomeAfter] = await q(
      "SELECT balance_fen::int AS b FROM ledger_account WHERE path = 'platform:fee_income'",
    );
    expect(feeIncomeBefore.b - feeIncomeAfter.b).toBe(245);
    const { body: order } = await buyer.get(`/api/orders/${orderNo}`);
    expect(order).toMatchObject({
      paidFen: 4900,
      refundedFen: 4900,
      feesKeptFen: 0,
      refundState: 'refunded',
    });
    await expectBooksBalance(api.db.database.pool);
  });
});

describe('5. orders show their refunds', () => {
  it('marks a refunded order, links its cases, tells its refund events and offers nothing left to do', async () => {
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'physical',
      priceFen: 4900,
    });
    const { body: o } = await buyer.post('/api/orders', {
      productId,
      quantity: 1,
      shippingAddress: '上海市浦东新区 1 号',
    });
    expect((await buyer.post(`/api/orders/${o.orderNo}/pay`, { channel: 'balance' })).status).toBe(200);
    const merchant = api.client();
    await merchant.login('merchant');
    expect(
      (await merchant.post(`/api/orders/${o.orderNo}/ship`, { carrier: '顺丰', trackingNo: 'SF1234567890' }))
        .status,
    ).toBe(200);
    const c = await apply(o.orderNo, 'not_received');
    // Approved in part: lists show what was approved, not what was asked for.
    expect((await approve(c.refundNo, { amountFen: 4000 })).status).toBe(200);
    await pay(c.refundNo);
    const { body: list } = await buyer.get('/api/refunds?limit=50');
    expect(list.items.find((x: { refundNo: string }) => x.refundNo === c.refundNo)).toMatchObject({
      amountFen: 4900,
      approvedFen: 4000,
    });
    const { body: order } = await buyer.get(`/api/orders/${o.orderNo}`);
    expect(order).toMatchObject({ refundedFen: 4000, refundState: 'partly_refunded', refundableFen: 900 });
    expect(order.refunds).toEqual([
      expect.objectContaining({ refundNo: c.refundNo, state: 'refunded', approvedFen: 4000 }),
    ]);
    const refundEvents = order.timeline.filter((e: { refundNo?: string }) => e.refundNo === c.refundNo);
    expect(refundEvents.map((e: { kind: string }) => e.kind)).toEqual([
      'refund_submit',
      'refund_approve',
      'refund_payout_succeeded',
    ]);
    expect(refundEvents[2].textZh).toContain('¥40.00');
    // The rest comes back on a second application; then the order is over.
    const rest = await apply(o.orderNo, 'not_received');
    expect(rest.amountFen).toBe(900);
    expect((await approve(rest.refundNo)).status).toBe(200);
    await pay(rest.refundNo);
    const { body: closed } = await buyer.get(`/api/orders/${o.orderNo}`);
    expect(closed).toMatchObject({ refundState: 'refunded', refundableFen: 0 });
    const receipt = await buyer.post(`/api/orders/${o.orderNo}/confirm-receipt`, {});
    expect(receipt.status).toBe(409);
    expect(receipt.body.error.code).toBe('ORDER.REFUNDED');
    const { body: orders } = await buyer.get(`/api/orders?q=${o.orderNo}`);
    expect(orders.items[0]).toMatchObject({ refundState: 'refunded', openRefundNo: null });
  });
});

describe('6. the business calendar beyond 2026', () => {
  it('flags deadlines into a year without holidays, warns admins from 1 November, and takes a new year', async () => {
    const { orderNo } = await keyOrder(1);
    const saved = api.ctx.now;
    api.ctx.now = () => new Date('2026-12-30T02:00:00Z');
    try {
      const { body: quote } = await buyer.post('/api/refunds/quote', { orderNo, type: 'not_received' });
      expect(quote.calendarGapYears).toEqual([2027]);
      const c = await apply(orderNo);
      const { body: detail } = await buyer.get(`/api/refunds/${c.refundNo}`);
      expect(detail.calendarGapYears).toEqual([2027]);
      const { body: warnings } = await admin.get('/api/admin/warnings');
      expect(warnings.items).toEqual([
        expect.objectContaining({ code: 'CALENDAR.MISSING_YEAR', years: [2027] }),
      ]);
      const { body: cal } = await admin.get('/api/admin/calendar');
      expect(cal.missingYears).toEqual([2027]);
      const bad = await admin.request('PUT', '/api/admin/calendar', {
        body: { ...cal.calendar, years: [2026, 2027], makeupWorkdays: ['2027-01-05'], note: '录入 2027 年' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues[0].path).toBe('calendar.makeupWorkdays[0]');
      const ok = await admin.request('PUT', '/api/admin/calendar', {
        body: {
          years: [2026, 2027],
          holidays: [...cal.calendar.holidays, '2027-01-01'],
          makeupWorkdays: cal.calendar.makeupWorkdays,
          note: '录入 2027 年元旦',
        },
      });
      expect(ok.status, ok.text).toBe(200);
      expect((await admin.get('/api/admin/warnings')).body.items).toEqual([]);
      const { body: later } = await buyer.post('/api/refunds/quote', {
        orderNo: (await keyOrder(1)).orderNo,
        type: 'not_received',
      });
      expect(later.calendarGapYears).toEqual([]);
      expect(later.policyVersion).toBe(ok.body.version);
    } finally {
      api.ctx.now = saved;
    }
  });
});

describe('7. the what-if replays submitted cases, not quote views', () => {
  it('counts one case once however often its quote was viewed', async () => {
    const { orderNo } = await keyOrder(1);
    for (let i = 0; i < 6; i++) await buyer.post('/api/refunds/quote', { orderNo, type: 'not_received' });
    await apply(orderNo);
    const { orderNo: looked } = await keyOrder(1);
    for (let i = 0; i < 3; i++)
      await buyer.post('/api/refunds/quote', { orderNo: looked, type: 'quality_issue' });
    const { body: current } = await admin.get('/api/admin/policy');
    const draft = structuredClone(current.current.document);
    draft.fees[0].rateBp = 1000;
    const { body: report } = await admin.post('/api/admin/policy/simulate', { document: draft, days: 30 });
    const mine = report.examples.filter((e: { orderNo: string }) => e.orderNo === orderNo);
    expect(mine).toHaveLength(1);
    expect(report.examples.some((e: { orderNo: string }) => e.orderNo === looked)).toBe(false);
    expect(report.quoteViews.count).toBeGreaterThanOrEqual(1);
    const [{ n }] = await q(
      "SELECT count(*)::int AS n FROM refund_case WHERE quote_input IS NOT NULL AND created_at > now() - interval '30 days'",
    );
    expect(report.cases).toBe(n);
  });
});

describe('8. a kept fee is never refunded again', () => {
  it('refuses any further refund of an order whose payment came back less the fee kept', async () => {
    const { orderNo } = await keyOrder(2);
    const c = await apply(orderNo);
    expect((await approve(c.refundNo)).status).toBe(200);
    await pay(c.refundNo);
    for (const type of ['not_received', 'not_as_described', 'quality_issue', 'partial_delivery']) {
      const { body: quote } = await buyer.post('/api/refunds/quote', { orderNo, type });
      expect(quote).toMatchObject({ eligible: false, ruleId: 'ORDER-FULLY-REFUNDED' });
    }
    const again = await buyer.post('/api/refunds', {
      orderNo,
      type: 'not_received',
      description: `订单号${orderNo}今天10点购买，卡密一直未收到，无法使用`,
    });
    expect(again.status).toBe(409);
    const [o] = await q(
      'SELECT paid_fen::int p, refunded_fen::int r, fees_kept_fen::int k FROM shop_order WHERE order_no = $1',
      [orderNo],
    );
    expect(o).toEqual({ p: 4900, r: 4655, k: 245 });
    // Whatever a code path did, the database holds refunded + kept ≤ paid.
    await expect(
      q('UPDATE shop_order SET refunded_fen = refunded_fen + 1 WHERE order_no = $1', [orderNo]),
    ).rejects.toThrow(/shop_order_fees_kept_check/);
  });
});
