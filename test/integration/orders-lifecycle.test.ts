import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTopup } from '../../src/modules/orders/run-topup.ts';
import { autoCompleteOrders, expireUnpaidOrders } from '../../src/modules/orders/sweep-orders.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let merchant: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  buyer = api.client();
  await buyer.login('buyer');
  merchant = api.client();
  await merchant.login('merchant');
});
afterAll(() => api.stop());

const q = (sql: string, params: unknown[] = []) => api.db.database.pool.query(sql, params);
const orderId = async (no: string) =>
  Number((await q('SELECT id FROM shop_order WHERE order_no = $1', [no])).rows[0].id);
const topup = (id: number) =>
  runTopup({
    db: api.ctx.db,
    jobs: api.ctx.jobs,
    supplier: api.ctx.supplier,
    orderId: id,
    now: () => new Date(),
  });

describe('direct top-ups (直充)', () => {
  it('records a partial arrival of 30 out of 50 and delivers the order as partial', async () => {
    await q(
      "INSERT INTO supplier_scenario (account, outcome, arrived_units) VALUES ('13800000030', 'partial', 30)",
    );
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'direct_topup',
      priceFen: 5000,
      unitsPerItem: 50,
    });
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1, topupAccount: '13800000030' });
    const paid = await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'wechatpay' });
    expect(paid.body).toMatchObject({
      status: 'awaiting_delivery',
      deliveryStatus: 'pending',
      orderedUnits: 50,
      arrivedUnits: null,
    });
    // The payment enqueued the supplier job in its own transaction.
    const queued = await q(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'delivery.topup' AND data->>'orderId' = $1",
      [String(await orderId(body.orderNo))],
    );
    expect(queued.rows[0].n).toBe(1);
    await topup(await orderId(body.orderNo));
    await topup(await orderId(body.orderNo)); // a duplicate delivery of the job changes nothing
    const d = (await buyer.get(`/api/orders/${body.orderNo}`)).body;
    expect(d).toMatchObject({
      status: 'delivered',
      deliveryStatus: 'partial',
      orderedUnits: 50,
      arrivedUnits: 30,
    });
    expect(d.deliveryAttempts).toEqual([
      expect.objectContaining({ status: 'partial', requestedUnits: 50, arrivedUnits: 30 }),
    ]);
    expect(d.timeline.at(-1).textZh).toBe('第 1 次充值：部分到账，到账 30/50');
  });

  it('retries a failing top-up, then marks delivery failed after three attempts', async () => {
    await q("INSERT INTO supplier_scenario (account, outcome) VALUES ('wzry-fail', 'fail')");
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'direct_topup',
      priceFen: 6000,
      unitsPerItem: 60,
    });
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1, topupAccount: 'wzry-fail' });
    await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'alipay' });
    const id = await orderId(body.orderNo);
    for (let i = 0; i < 4; i++) await topup(id);
    const d = (await buyer.get(`/api/orders/${body.orderNo}`)).body;
    expect(d).toMatchObject({ status: 'awaiting_delivery', deliveryStatus: 'failed', arrivedUnits: 0 });
    expect(d.deliveryAttempts.map((a: { status: string }) => a.status)).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
    const retries = await q(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'delivery.topup' AND data->>'orderId' = $1 AND start_after > created_on",
      [String(id)],
    );
    expect(retries.rows[0].n).toBe(2);
  });

  it('delivers in full by default', async () => {
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'direct_topup',
      priceFen: 3000,
      unitsPerItem: 30,
    });
    const { body } = await buyer.post('/api/orders', { productId, quantity: 2, topupAccount: '13900000000' });
    await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' });
    await topup(await orderId(body.orderNo));
    expect((await buyer.get(`/api/orders/${body.orderNo}`)).body).toMatchObject({
      deliveryStatus: 'delivered',
      orderedUnits: 60,
      arrivedUnits: 60,
    });
  });
});

describe('unpaid orders', () => {
  it('expire, release the stock they promised, and cannot be paid afterwards', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 1);
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
    expect((await buyer.post('/api/orders', { productId, quantity: 1 })).body.error.code).toBe(
      'ORDER.OUT_OF_STOCK',
    );
    const later = new Date(Date.now() + 16 * 60_000);
    expect(await expireUnpaidOrders(api.ctx.db, later)).toBeGreaterThanOrEqual(1);
    const d = (await buyer.get(`/api/orders/${body.orderNo}`)).body;
    expect(d.status).toBe('cancelled');
    expect(d.timeline.at(-1).textZh).toContain('超时未支付');
    expect(
      (await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' })).body.error.code,
    ).toBe('ORDER.NOT_PAYABLE');
    expect((await buyer.post('/api/orders', { productId, quantity: 1 })).status).toBe(201);
  });

  it('can be cancelled by the buyer, once', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 1);
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
    expect((await buyer.post(`/api/orders/${body.orderNo}/cancel`)).body.status).toBe('cancelled');
    expect((await buyer.post(`/api/orders/${body.orderNo}/cancel`)).body.error.code).toBe(
      'ORDER.INVALID_STATE',
    );
  });
});

describe('physical goods', () => {
  it('are shipped by the merchant and completed by the buyer or automatically', async () => {
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'physical',
      priceFen: 9900,
    });
    const place = () =>
      buyer.post('/api/orders', { productId, quantity: 1, shippingAddress: '上海市浦东新区世纪大道 100 号' });
    const a = (await place()).body;
    const b = (await place()).body;
    for (const o of [a, b]) await buyer.post(`/api/orders/${o.orderNo}/pay`, { channel: 'balance' });
    expect(
      (await buyer.post(`/api/orders/${a.orderNo}/ship`, { carrier: '顺丰', trackingNo: 'SF1234567890' }))
        .status,
    ).toBe(403);
    const bad = await merchant.post(`/api/orders/${a.orderNo}/ship`, {
      carrier: '顺丰',
      trackingNo: 'not a tracking no!',
    });
    expect(bad.status).toBe(400);
    for (const o of [a, b]) {
      const shipped = await merchant.post(`/api/orders/${o.orderNo}/ship`, {
        carrier: '顺丰',
        trackingNo: 'SF1234567890',
      });
      expect(shipped.body).toMatchObject({
        status: 'delivered',
        shipment: { carrier: '顺丰', trackingNo: 'SF1234567890', receivedAt: null },
      });
    }
    expect(
      (
        await merchant.post(`/api/orders/${a.orderNo}/ship`, {
          carrier: '顺丰',
          trackingNo: 'SF1' + '234567890',
        })
      ).body.error.code,
    ).toBe('ORDER.INVALID_STATE');
    const confirmed = await buyer.post(`/api/orders/${a.orderNo}/confirm-receipt`);
    expect(confirmed.body.status).toBe('completed');
    expect(confirmed.body.shipment.receivedAt).not.toBeNull();
    await autoCompleteOrders(api.ctx.db, new Date(Date.now() + 11 * 86_400_000), {
      autoConfirmDays: 10,
      autoCompleteDays: 3,
    });
    const auto = (await buyer.get(`/api/orders/${b.orderNo}`)).body;
    expect(auto.status).toBe('completed');
    expect(auto.timeline.map((t: { textZh: string }) => t.textZh)).toContain(
      '超时未确认，系统已自动确认收货',
    );
  });
});

describe('finding orders', () => {
  it('filters by status tab, order-number prefix, product name and time, and pages without gaps or repeats', async () => {
    const named = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      name: '独特的搜索测试商品',
      priceFen: 100,
    });
    await addKeys(api.ctx, named, 30);
    const mine: string[] = [];
    for (let i = 0; i < 25; i++)
      mine.push((await buyer.post('/api/orders', { productId: named, quantity: 1 })).body.orderNo);
    for (const no of mine.slice(0, 5)) await buyer.post(`/api/orders/${no}/pay`, { channel: 'balance' });

    const byName = await buyer.get(`/api/orders?q=${encodeURIComponent('搜索测试')}&limit=100`);
    expect(byName.body.items).toHaveLength(25);
    const delivered = await buyer.get(`/api/orders?status=delivered&q=${encodeURIComponent('搜索测试')}`);
    expect(delivered.body.items.map((o: { orderNo: string }) => o.orderNo).sort()).toEqual(
      mine.slice(0, 5).sort(),
    );
    const byNo = await buyer.get(`/api/orders?q=${mine[7]}`);
    expect(byNo.body.items.map((o: { orderNo: string }) => o.orderNo)).toEqual([mine[7]]);
    const future = await buyer.get(
      `/api/orders?q=${encodeURIComponent('搜索测试')}&from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
    );
    expect(future.body.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { orderNo: string }[]; nextCursor: string | null } } = await buyer.get(
        `/api/orders?q=${encodeURIComponent('搜索测试')}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((o) => o.orderNo));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen)).toEqual(new Set(mine));
    expect(seen).toEqual([...mine].reverse());
  });

  it('refuses a forged cursor, a bad status and bad dates with 400', async () => {
    for (const qs of [
      'cursor=eyJ0IjoiOyBEUk9QIFRBQkxFIn0',
      'cursor=%%%',
      'status=shipped',
      'from=yesterday',
      'limit=1000',
      'limit=0',
    ]) {
      const res = await buyer.get(`/api/orders?${qs}`);
      expect(res.status, qs).toBe(400);
    }
  });
});
