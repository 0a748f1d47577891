import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeBuyers, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyers: HttpClient[];
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  const names = await makeBuyers(api.ctx, 'racer', 12);
  buyers = [];
  for (const name of names) {
    const c = api.client();
    const u = await c.login(name);
    await setBalance(api.ctx, u.id, 1_000_000);
    buyers.push(c);
  }
});
afterAll(() => api.stop());

const q = (sql: string, params: unknown[] = []) => api.db.database.pool.query(sql, params);

/** No key ever belongs to two orders, and every sold key belongs to a paid order of its product. */
async function expectNoKeySoldTwice(productId: number) {
  const sold = await q(
    `SELECT k.id, k.order_id, o.paid_fen, o.product_id FROM card_key k JOIN shop_order o ON o.id = k.order_id
     WHERE k.product_id = $1`,
    [productId],
  );
  expect(new Set(sold.rows.map((r) => r.id)).size).toBe(sold.rows.length);
  for (const r of sold.rows) {
    expect(Number(r.paid_fen)).toBeGreaterThan(0);
    expect(Number(r.product_id)).toBe(productId);
  }
  return sold.rows.length;
}

describe('the last keys under concurrency', () => {
  it('lets exactly as many placements through as there are keys', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 3);
    const results = await Promise.all(buyers.map((b) => b.post('/api/orders', { productId, quantity: 1 })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'ORDER.OUT_OF_STOCK'),
    ).toBe(true);
  });

  it('never sells a key twice when parallel payments race for the last keys', async () => {
    // 12 orders are placed while 12 keys exist; the merchant then withdraws 9, so 12 payments race for 3.
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 12);
    const orders = await Promise.all(buyers.map((b) => b.post('/api/orders', { productId, quantity: 1 })));
    expect(orders.every((o) => o.status === 201)).toBe(true);
    await q(
      `UPDATE card_key SET status = 'void' WHERE id IN (SELECT id FROM card_key WHERE product_id = $1 ORDER BY id LIMIT 9)`,
      [productId],
    );
    const paid = await Promise.all(
      buyers.map((b, i) => b.post(`/api/orders/${orders[i]!.body.orderNo}/pay`, { channel: 'balance' })),
    );
    expect(paid.every((p) => p.status === 200)).toBe(true);
    const delivered = paid.filter((p) => p.body.deliveryStatus === 'delivered');
    const failed = paid.filter((p) => p.body.deliveryStatus === 'failed');
    expect(delivered).toHaveLength(3);
    expect(failed).toHaveLength(9);
    for (const f of failed) {
      expect(f.body).toMatchObject({ status: 'awaiting_delivery', cardKeys: [], paidFen: f.body.amountFen });
      expect(f.body.timeline.at(-1).textZh).toContain('库存不足');
    }
    expect(await expectNoKeySoldTwice(productId)).toBe(3);
  });

  it('delivers to the orders that found it out of stock once the shop restocks (补发), earliest paid first, not to one with a refund case', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 900 });
    await addKeys(api.ctx, productId, 4);
    const [a, b, c] = [buyers[3]!, buyers[4]!, buyers[5]!];
    const place = async (who: HttpClient, quantity: number) =>
      (await who.post('/api/orders', { productId, quantity })).body.orderNo as string;
    const orders = [await place(a, 1), await place(b, 2), await place(c, 1)];
    await q(`UPDATE card_key SET status = 'void' WHERE product_id = $1`, [productId]);
    for (const [i, who] of [a, b, c].entries()) {
      const paid = await who.post(`/api/orders/${orders[i]}/pay`, { channel: 'balance' });
      expect(paid.body.deliveryStatus).toBe('failed');
    }
    // c asks for the money back instead: that case goes on as it is.
    const asked = await c.post('/api/refunds', {
      orderNo: orders[2],
      type: 'not_received',
      description: '付款后一直没有收到卡密，订单显示发货异常，请退款',
    });
    expect(asked.status, asked.text).toBe(201);
    const shop = api.client();
    await shop.login('merchant');
    const restock = (text: string) => shop.post(`/api/merchant/products/${productId}/card-keys`, { text });
    // Two keys: a (1, paid first) gets one; b needs two and one is left; c has a case.
    const first = await restock('RESTOCK-0001-AAAA\nRESTOCK-0002-BBBB');
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ imported: 2, redelivered: [orders[0]] });
    const ofA = (await a.get(`/api/orders/${orders[0]}`)).body;
    expect(ofA).toMatchObject({ status: 'delivered', deliveryStatus: 'delivered' });
    expect(ofA.cardKeys).toHaveLength(1);
    expect(ofA.timeline.at(-1).textZh).toBe('商家补货后，系统已补发 1 个卡密');
    const inbox = (await a.get('/api/messages')).body.items;
    expect(inbox[0]).toMatchObject({ title: { zh: '卡密已补发' }, link: `/buyer/orders/${orders[0]}` });
    // One more: b's two.
    expect((await restock('RESTOCK-0003-CCCC')).body.redelivered).toEqual([orders[1]]);
    expect((await b.get(`/api/orders/${orders[1]}`)).body.cardKeys).toHaveLength(2);
    expect((await c.get(`/api/orders/${orders[2]}`)).body.deliveryStatus).toBe('failed');
    expect(await expectNoKeySoldTwice(productId)).toBe(3);
    // Nothing waiting: a further import only stocks.
    expect((await restock('RESTOCK-0004-DDDD')).body.redelivered).toEqual([]);
  });

  it('pays an order once when the same buyer fires 20 payments at once', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 1234 });
    await addKeys(api.ctx, productId, 5);
    const b = buyers[0]!;
    const before = (await b.get('/api/wallet')).body.balanceFen;
    const { body } = await b.post('/api/orders', { productId, quantity: 2 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => b.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect((await b.get('/api/wallet')).body.balanceFen).toBe(before - 2468);
    expect(await expectNoKeySoldTwice(productId)).toBe(2);
    const payments = await q(
      'SELECT count(*)::int AS n FROM payment p JOIN shop_order o ON o.id = p.order_id WHERE o.order_no = $1',
      [body.orderNo],
    );
    expect(payments.rows[0].n).toBe(1);
  });

  it('keeps the key ledger consistent across many products and buyers paying at once', async () => {
    const products = [
      await makeProduct(api.ctx, { merchantId: ids.merchantId }),
      await makeProduct(api.ctx, { merchantId: ids.merchantId }),
    ];
    for (const p of products) await addKeys(api.ctx, p, 10);
    const placed = await Promise.all(
      buyers.flatMap((b, i) => [b.post('/api/orders', { productId: products[i % 2]!, quantity: 1 })]),
    );
    await Promise.all(
      placed.map((o, i) => buyers[i]!.post(`/api/orders/${o.body.orderNo}/pay`, { channel: 'alipay' })),
    );
    for (const p of products) {
      const sold = await expectNoKeySoldTwice(p);
      const left = (
        await q(`SELECT count(*)::int AS n FROM card_key WHERE product_id = $1 AND status = 'available'`, [p])
      ).rows[0].n;
      expect(sold + left).toBe(10);
    }
  });
});
