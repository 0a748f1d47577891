import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOrderNo } from '../../src/core/orders/order-no.ts';
import { CASE_STATES } from '../../src/core/refunds/case-machine.ts';
import { heavyBuyerCount, seedBulkOrders } from '../../src/demo/seed-bulk.ts';
import { CASE, DEMO_PRODUCTS, DEMO_SHOPS } from '../../src/demo/seed-catalog.ts';
import { seedDemoComplaints } from '../../src/demo/seed-complaints.ts';
import { seedDemoMarketplace } from '../../src/demo/seed-marketplace.ts';
import { seedDemoRefunds } from '../../src/demo/seed-refunds.ts';
import { seedAbuseRing } from '../../src/demo/seed-risk.ts';
import { buyerPersona, demoPayer } from '../../src/modules/payments/demo-payers.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { DEMO_PASSWORD } from '../helpers/global-db.ts';

// The template database holds only the demo users; this file seeds the marketplace itself.
let api: Awaited<ReturnType<typeof startTestApi>>;
let buyer: HttpClient;
const DAY = 86_400_000;

beforeAll(async () => {
  api = await startTestApi();
  const first = await seedDemoMarketplace(api.ctx, { password: DEMO_PASSWORD });
  expect(first).toMatchObject({ seeded: true });
  expect(first.orders).toBeGreaterThan(300);
  buyer = api.client();
  await buyer.login('buyer');
}, 90_000);
afterAll(() => api.stop());

const query = async (sqlText: string, params: unknown[] = []) =>
  (await api.db.database.pool.query(sqlText, params)).rows;

/** 张小明's orders of exactly this product, found the way the order list searches. */
async function ordersOf(name: string) {
  const res = await buyer.get(`/api/orders?q=${encodeURIComponent(name)}&limit=100`);
  expect(res.status).toBe(200);
  const items = (res.body.items as { orderNo: string; productName: string }[]).filter(
    (o) => o.productName === name,
  );
  return Promise.all(items.map(async (o) => (await buyer.get(`/api/orders/${o.orderNo}`)).body));
}

const ago = (iso: string | null) => (Date.now() - new Date(iso!).getTime()) / DAY;

describe('demo marketplace seed', () => {
  it('creates 张小明’s scripted cases with their delivery records', async () => {
    const [qb, ...moreQb] = await ordersOf(CASE.outOfStock);
    expect(moreQb).toEqual([]);
    expect(qb).toMatchObject({ status: 'awaiting_delivery', deliveryStatus: 'failed', cardKeys: [] });
    expect(qb.deliveryAttempts).toMatchObject([{ status: 'failed', detail: 'out_of_stock' }]);

    const [partial] = await ordersOf(CASE.partialTopup);
    expect(partial).toMatchObject({
      productKind: 'direct_topup',
      status: 'delivered',
      deliveryStatus: 'partial',
      orderedUnits: 50,
      arrivedUnits: 30,
    });
    expect(partial.deliveryAttempts).toMatchObject([
      { status: 'partial', requestedUnits: 50, arrivedUnits: 30 },
    ]);

    const [unrevealed] = await ordersOf(CASE.unrevealed);
    expect(unrevealed).toMatchObject({ status: 'delivered', deliveryStatus: 'delivered', extractions: [] });
    expect(unrevealed.cardKeys).toHaveLength(1);
    expect(unrevealed.cardKeys[0].revealedAt).toBeNull();

    const [revealed] = await ordersOf(CASE.revealed);
    expect(revealed).toMatchObject({ status: 'completed', deliveryStatus: 'delivered' });
    expect(revealed.extractions.length).toBeGreaterThan(0);
    expect(revealed.cardKeys[0].revealedAt).not.toBeNull();
    // Built by the use-cases with backdated clocks: the timeline is the app's own, 20 days ago.
    expect(revealed.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'placed',
      'paid',
      'keys_delivered',
      'key_extracted',
      'key_extracted',
      'completed',
    ]);
    expect(ago(revealed.createdAt)).toBeCloseTo(20, 0);
    expect(revealed.orderNo.slice(0, 6)).not.toBe(unrevealed.orderNo.slice(0, 6));

    const [failed] = await ordersOf(CASE.failedTopup);
    expect(failed).toMatchObject({ status: 'awaiting_delivery', deliveryStatus: 'failed', arrivedUnits: 0 });
    expect(failed.deliveryAttempts.map((a: { status: string }) => a.status)).toEqual([
      'failed',
      'failed',
      'failed',
    ]);

    const mice = await ordersOf(CASE.mouse);
    const shipped = mice.find((o) => o.status === 'delivered');
    const received = mice.find((o) => o.status === 'completed');
    expect(mice).toHaveLength(2);
    expect(shipped.shipment.receivedAt).toBeNull();
    expect(ago(shipped.shipment.shippedAt)).toBeCloseTo(3, 1);
    expect(ago(received.shipment.receivedAt)).toBeCloseTo(10, 1);

    const [member] = await ordersOf(CASE.membership);
    expect(member).toMatchObject({
      productKind: 'membership',
      status: 'delivered',
      deliveryStatus: 'delivered',
    });
  });

  it('fills every status tab, leaves unpaid orders payable and a balance to spend', async () => {
    for (const status of ['pending_payment', 'awaiting_delivery', 'delivered', 'completed', 'cancelled']) {
      const res = await buyer.get(`/api/orders?status=${status}&limit=5`);
      expect(res.body.items.length, status).toBeGreaterThan(0);
    }
    const all = await buyer.get('/api/orders?limit=20');
    expect(all.body.nextCursor).not.toBeNull();
    const pending = (await buyer.get('/api/orders?status=pending_payment')).body.items;
    const detail = (await buyer.get(`/api/orders/${pending[0].orderNo}`)).body;
    expect(new Date(detail.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await buyer.get('/api/wallet')).body).toEqual({ balanceFen: 100_000 });
  });

  it('sets up shops with deposits, every product and stock', async () => {
    const profiles = await query(
      `SELECT m.name, p.deposit_fen, p.status FROM merchant_profile p JOIN merchant m ON m.id = p.merchant_id`,
    );
    expect(profiles.map((p) => p.name).sort()).toEqual(DEMO_SHOPS.map((s) => s.name).sort());
    expect(profiles.every((p) => p.status === 'active' && p.deposit_fen >= 500_000)).toBe(true);
    const products = (await buyer.get('/api/products')).body.items as {
      name: string;
      stock: number | null;
    }[];
    expect(products.map((p) => p.name).sort()).toEqual(DEMO_PRODUCTS.map((p) => p.name).sort());
    expect(products.find((p) => p.name === CASE.outOfStock)!.stock).toBe(0);
    expect(products.find((p) => p.name === CASE.unrevealed)!.stock).toBeGreaterThan(10);
    // Each order completes at most once (the sweeps ran many times during the seed).
    const twice = await query(
      `SELECT order_id FROM order_event WHERE kind = 'completed' GROUP BY order_id HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
  });

  it('adds nothing when run again', async () => {
    const tables = [
      'merchant',
      'app_user',
      'product',
      'card_key',
      'shop_order',
      'order_event',
      'wallet',
      'audit_log',
    ];
    const count = async () =>
      Object.fromEntries(
        await Promise.all(
          tables.map(async (t) => [t, Number((await query(`SELECT count(*) AS n FROM ${t}`))[0].n)] as const),
        ),
      );
    const before = await count();
    expect(await seedDemoMarketplace(api.ctx, { password: DEMO_PASSWORD })).toMatchObject({ seeded: false });
    expect(await count()).toEqual(before);
  });

  it('links every gateway payment to its payer, and no two honest demo buyers to one payer', async () => {
    const payments = await query(
      `SELECT p.channel, p.payer_account, o.buyer_id FROM payment p JOIN shop_order o ON o.id = p.order_id`,
    );
    expect(payments.some((p) => p.channel === 'alipay')).toBe(true);
    expect(payments.some((p) => p.channel === 'wechatpay')).toBe(true);
    for (const p of payments) {
      if (p.channel === 'balance') expect(p.payer_account).toBeNull();
      else
        expect(p.payer_account).toBe(
          demoPayer(buyerPersona(Number(p.buyer_id)))[p.channel === 'alipay' ? 'alipayUserId' : 'openid'],
        );
    }
    const shared = await query(
      `SELECT value FROM account_link WHERE kind = 'payer' GROUP BY value HAVING count(*) > 1`,
    );
    expect(shared).toEqual([]);
    const links = await query(`SELECT count(*)::int AS n FROM account_link WHERE kind = 'payer'`);
    const pairs = new Set(
      payments.filter((p) => p.payer_account).map((p) => `${p.payer_account}:${p.buyer_id}`),
    );
    expect(links[0].n).toBe(pairs.size);
  });

  it('lets the buyer pay an unpaid demo order', async () => {
    const [order] = (await buyer.get('/api/orders?status=pending_payment')).body.items;
    const paid = await buyer.post(`/api/orders/${order.orderNo}/pay`, { channel: 'alipay' });
    expect(paid.status).toBe(200);
    expect(paid.body.paidFen).toBe(paid.body.amountFen);
  });
});

describe('demo refund cases', () => {
  it('opens cases in every working state on the demo shoppers’ orders, through the real use-cases, once', async () => {
    const made = await seedDemoRefunds(api.ctx);
    expect(made).toBeGreaterThanOrEqual(15);
    const states = await query(
      `SELECT c.state, bool_or(c.escalated) AS escalated, count(*)::int AS n FROM refund_case c
       JOIN app_user u ON u.id = c.buyer_id WHERE u.username LIKE 'demo-buyer-%' GROUP BY c.state`,
    );
    const by = Object.fromEntries(states.map((r) => [r.state, r]));
    for (const s of [
      'submitted',
      'info_requested',
      'closed',
      'rejected',
      'appealed',
      'refunding',
      'withdrawn',
      'risk_hold',
    ])
      expect(by[s]?.n, s).toBeGreaterThan(0);
    expect(by.submitted.escalated).toBe(true);
    // Never on buyer2's orders (the browser tests' second buyer).
    const other = await query(
      "SELECT count(*)::int AS n FROM refund_case c JOIN app_user u ON u.id = c.buyer_id WHERE u.username = 'buyer2'",
    );
    expect(other[0].n).toBe(0);
    expect(await seedDemoRefunds(api.ctx)).toBe(0);
  });

  it('gives 张小明 (buyer) a case in every state a case rests in, on his history, not on the walkthrough orders', async () => {
    const cases = await query(
      `SELECT c.state, c.description, o.product_name, o.product_kind, o.channel FROM refund_case c
       JOIN shop_order o ON o.id = c.order_id JOIN app_user u ON u.id = c.buyer_id WHERE u.username = 'buyer'`,
    );
    // 审核通过 (approved) hands over to payout in the approval's own transaction: no case rests there.
    const resting = CASE_STATES.filter((s) => s !== 'approved');
    expect(new Set(cases.map((c) => c.state))).toEqual(new Set(resting));
    for (const c of cases) expect(Object.values(CASE)).not.toContain(c.product_name);
    // The texts fit the goods: nobody misses a card key on a phone top-up.
    for (const c of cases) {
      if (c.product_kind !== 'card_key') expect(c.description, c.product_name).not.toContain('卡密');
      if (c.product_kind !== 'physical') expect(c.description, c.product_name).not.toContain('包装');
    }
    // What he sees on 我的退款, with the channel's refusal in words.
    const list = await buyer.get('/api/refunds?limit=50');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(cases.length);
    const failed = list.body.items.find((i: { state: string }) => i.state === 'refund_failed');
    const page = await buyer.get(`/api/refunds/${failed.refundNo}`);
    const texts = page.body.timeline.map((e: { textZh: string }) => e.textZh).join('\n');
    expect(texts).toContain('用户卡已销户或冻结');
    expect(texts).not.toContain('abnormal');
  });
});

describe('demo complaints (投诉演示)', () => {
  it('files complaints in several states on the demo cases, through the real use-cases, once', async () => {
    const made = await seedDemoComplaints(api.ctx);
    expect(made).toBeGreaterThanOrEqual(5);
    const rows = await query(
      'SELECT state, kind, compensation_fen, merchant_answer FROM complaint ORDER BY id',
    );
    expect(new Set(rows.map((r) => r.state))).toEqual(
      new Set(['submitted', 'accepted', 'investigating', 'resolved', 'dismissed']),
    );
    expect(rows.some((r) => Number(r.compensation_fen) === 500)).toBe(true);
    expect(rows.some((r) => r.merchant_answer)).toBe(true);
    // The case a complaint sent back to review is open again.
    const reopened = await query(
      "SELECT count(*)::int AS n FROM refund_case_event WHERE kind = 'review_after_complaint'",
    );
    expect(reopened[0].n).toBe(1);
    expect(await seedDemoComplaints(api.ctx)).toBe(0);
  });
});

describe('demo abuse ring (风控演示)', () => {
  it('holds every claim of four accounts behind one Alipay account and one browser, and links them all', async () => {
    expect(await seedAbuseRing(api.ctx, { password: DEMO_PASSWORD })).toBe(4);
    const cases = await query(
      `SELECT c.refund_no, c.state FROM refund_case c JOIN app_user u ON u.id = c.buyer_id
       WHERE u.username LIKE 'ring0%' ORDER BY c.id`,
    );
    expect(cases.map((c) => c.state)).toEqual(['risk_hold', 'risk_hold', 'risk_hold', 'risk_hold']);
    const agent = api.client();
    await agent.login('agent');
    const { body } = await agent.get(`/api/review/${cases[3].refund_no}/risk`);
    expect(body.rules.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining(['R-KEY-REVEALED', 'R-SHARED-PAYER', 'R-SHARED-DEVICE']),
    );
    expect(body.linkedAccounts.map((l: { username: string }) => l.username)).toEqual([
      'ring01',
      'ring02',
      'ring03',
    ]);
    expect(await seedAbuseRing(api.ctx, { password: DEMO_PASSWORD })).toBe(0);
  });
});

describe('bulk seed (kameng seed --orders)', () => {
  it('generates valid orders across the bulk buyers', async () => {
    const result = await seedBulkOrders(api.db.database.pool, {
      orders: 2_000,
      buyers: 200,
      password: DEMO_PASSWORD,
      batchSize: 700,
    });
    expect(result.orders).toBe(2_000);
    const rows = await query(
      `SELECT o.*, u.username FROM shop_order o JOIN app_user u ON u.id = o.buyer_id WHERE u.username LIKE 'bulk-buyer-%'`,
    );
    expect(rows).toHaveLength(2_000);
    expect(rows.every((r) => isOrderNo(r.order_no))).toBe(true);
    const allNos = await query(`SELECT count(*) AS n, count(DISTINCT order_no) AS d FROM shop_order`);
    expect(allNos[0].n).toBe(allNos[0].d);

    const perBuyer = new Map<string, number>();
    for (const r of rows) perBuyer.set(r.username, (perBuyer.get(r.username) ?? 0) + 1);
    expect(perBuyer.size).toBeGreaterThan(180);
    const heavy = heavyBuyerCount(200);
    const heavyShare =
      [...perBuyer]
        .filter(([u]) => Number(u.slice('bulk-buyer-'.length)) <= heavy)
        .reduce((s, [, n]) => s + n, 0) / rows.length;
    expect(heavyShare).toBeGreaterThan(0.12);
    expect(heavyShare).toBeLessThan(0.3);

    const now = Date.now();
    expect(new Set(rows.map((r) => r.status)).size).toBe(5);
    expect(new Set(rows.map((r) => r.product_kind)).size).toBe(4);
    for (const r of rows) {
      expect(r.amount_fen).toBe(r.unit_price_fen * r.quantity);
      expect(r.created_at.getTime()).toBeGreaterThan(now - 366 * DAY);
      for (const t of [r.paid_at, r.delivered_at, r.completed_at, r.cancelled_at]) {
        if (t) expect(t.getTime()).toBeLessThanOrEqual(now);
      }
      if (r.paid_at) expect(r.paid_at.getTime()).toBeGreaterThanOrEqual(r.created_at.getTime());
      if (r.completed_at) expect(r.completed_at.getTime()).toBeGreaterThanOrEqual(r.delivered_at.getTime());
      expect(r.status === 'completed').toBe(r.completed_at !== null);
      expect(r.status === 'cancelled').toBe(r.cancelled_at !== null);
      if (r.status === 'pending_payment') expect(r.expires_at.getTime()).toBeGreaterThan(now);
      if (r.product_kind === 'physical') expect(r.shipping_address).toBeTruthy();
      if (r.product_kind === 'direct_topup') expect(r.topup_account).toMatch(/^\d{9,11}$/);
    }

    // Payer links: one per buyer and channel they paid by (not balance), each buyer's own simulated
    // account — the ids the simulator would pay as (the SQL twin agrees with demoPayer).
    const paidBy = new Map<string, { buyerId: number; channel: string; first: number; last: number }>();
    for (const r of rows) {
      if (!r.paid_at || r.channel === 'balance') continue;
      const k = `${r.buyer_id}:${r.channel}`;
      const e = paidBy.get(k) ?? {
        buyerId: Number(r.buyer_id),
        channel: r.channel,
        first: Infinity,
        last: 0,
      };
      e.first = Math.min(e.first, r.paid_at.getTime());
      e.last = Math.max(e.last, r.paid_at.getTime());
      paidBy.set(k, e);
    }
    const links = await query(
      `SELECT l.value, l.user_id, l.first_seen, l.last_seen FROM account_link l
       JOIN app_user u ON u.id = l.user_id WHERE l.kind = 'payer' AND u.username LIKE 'bulk-buyer-%'`,
    );
    const expected = [...paidBy.values()].map((e) => {
      const p = demoPayer(buyerPersona(e.buyerId));
      return {
        value: e.channel === 'alipay' ? p.alipayUserId : p.openid,
        userId: e.buyerId,
        first: e.first,
        last: e.last,
      };
    });
    const got = links.map((l) => ({
      value: l.value,
      userId: Number(l.user_id),
      first: l.first_seen.getTime(),
      last: l.last_seen.getTime(),
    }));
    const byKey = (a: { value: string; userId: number }, b: { value: string; userId: number }) =>
      `${a.value}:${a.userId}`.localeCompare(`${b.value}:${b.userId}`);
    expect(got.sort(byKey)).toEqual(expected.sort(byKey));
    expect(new Set(got.map((l) => l.value)).size).toBe(got.length);
  });
});
