import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOrderNo } from '../../src/core/orders/order-no.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let buyer2: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 1_000_000);
  await setBalance(api.ctx, ids.buyer2Id, 1_000_000);
  buyer = api.client();
  await buyer.login('buyer');
  buyer2 = api.client();
  await buyer2.login('buyer2');
});
afterAll(() => api.stop());

const q = (sql: string, params: unknown[] = []) => api.db.database.pool.query(sql, params);

describe('buying card keys', () => {
  it('places, pays from balance, delivers masked keys, and records every reveal', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 2500 });
    const keys = await addKeys(api.ctx, productId, 3);
    const placed = await buyer.post('/api/orders', { productId, quantity: 2 });
    expect(placed.status).toBe(201);
    expect(isOrderNo(placed.body.orderNo)).toBe(true);
    expect(placed.body).toMatchObject({
      status: 'pending_payment',
      amountFen: 5000,
      paidFen: 0,
      cardKeys: [],
    });

    const paid = await buyer.post(`/api/orders/${placed.body.orderNo}/pay`, { channel: 'balance' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      status: 'delivered',
      deliveryStatus: 'delivered',
      paidFen: 5000,
      channel: 'balance',
      refundableFen: 5000,
    });
    expect(paid.body.cardKeys).toHaveLength(2);
    expect(JSON.stringify(paid.body)).not.toContain(keys[0]);
    expect((await api.client().get('/api/wallet')).status).toBe(401);
    expect((await buyer.get('/api/wallet')).body.balanceFen).toBe(1_000_000 - 5000);

    const keyId = paid.body.cardKeys[0].id;
    const reveal = await buyer.post(
      `/api/orders/${placed.body.orderNo}/card-keys/${keyId}/reveal`,
      { action: 'reveal' },
      {
        headers: { 'user-agent': 'TestPhone/1.0' },
      },
    );
    expect(reveal.status).toBe(200);
    expect(keys).toContain(reveal.body.secret);
    expect(reveal.body.extraction).toMatchObject({
      action: 'reveal',
      cardKeyId: keyId,
      userAgent: 'TestPhone/1.0',
    });
    await buyer.post(`/api/orders/${placed.body.orderNo}/card-keys/${keyId}/reveal`, { action: 'copy' });

    const detail = await buyer.get(`/api/orders/${placed.body.orderNo}`);
    expect(detail.body.extractions.map((e: { action: string }) => e.action)).toEqual(['reveal', 'copy']);
    expect(detail.body.cardKeys.find((k: { id: number }) => k.id === keyId).revealedAt).not.toBeNull();
    expect(detail.body.timeline.map((t: { kind: string }) => t.kind)).toEqual([
      'placed',
      'paid',
      'keys_delivered',
      'key_extracted',
      'key_extracted',
    ]);
    expect(detail.body.timeline[1].textZh).toContain('余额');
  });

  it('stores keys encrypted: no plaintext anywhere in the table', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    const [key] = await addKeys(api.ctx, productId, 1);
    const dump = await q('SELECT row_to_json(k)::text AS j FROM card_key k WHERE product_id = $1', [
      productId,
    ]);
    expect(dump.rows[0].j).not.toContain(key!.slice(4));
  });

  it('pays through the Alipay / WeChat Pay simulators with their own trade numbers', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 2);
    // Real SDKs against the gateway simulator: Alipay trade_no, WeChat Pay transaction_id formats.
    for (const [channel, tradeNo] of [
      ['alipay', /^\d{28}$/],
      ['wechatpay', /^4200\d{24}$/],
    ] as const) {
      const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
      const paid = await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel });
      expect(paid.body.channel).toBe(channel);
      expect(paid.body.channelTradeNo).toMatch(tradeNo);
    }
  });
});

describe("another buyer's order", () => {
  it('is 404 for every action, and nothing changes', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 2);
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
    const no = body.orderNo;
    const notFound = { status: 404, code: 'RESOURCE.NOT_FOUND' };
    for (const res of [
      await buyer2.get(`/api/orders/${no}`),
      await buyer2.post(`/api/orders/${no}/pay`, { channel: 'balance' }),
      await buyer2.post(`/api/orders/${no}/cancel`),
      await buyer2.post(`/api/orders/${no}/card-keys/1/reveal`, { action: 'reveal' }),
    ]) {
      expect({ status: res.status, code: res.body.error.code }).toEqual(notFound);
    }
    const mine = await buyer2.get(`/api/orders?q=${no}`);
    expect(mine.body.items).toEqual([]);
    expect((await buyer.get(`/api/orders/${no}`)).body.status).toBe('pending_payment');
  });

  it('is 404 for a merchant of another shop, visible to the selling shop', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 1);
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
    const seller = api.client();
    await seller.login('merchant');
    expect((await seller.get(`/api/orders/${body.orderNo}`)).status).toBe(200);
    const listed = await seller.get(`/api/orders?q=${body.orderNo}`);
    expect(listed.body.items.map((o: { orderNo: string }) => o.orderNo)).toEqual([body.orderNo]);
  });
});

describe('bad input', () => {
  it('refuses bad quantities and unknown products with clear 4xx and no order', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 5);
    const before = (await q('SELECT count(*)::int AS n FROM shop_order')).rows[0].n;
    for (const quantity of [0, -1, 1.5, 100, 1e9, '2', null]) {
      const res = await buyer.post('/api/orders', { productId, quantity });
      expect(res.status, String(quantity)).toBe(400);
      expect(res.body.error.code).toBe('REQUEST.VALIDATION');
    }
    const unknown = await buyer.post('/api/orders', { productId: 987654321, quantity: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('PRODUCT.NOT_FOUND');
    const tooMany = await buyer.post('/api/orders', { productId, quantity: 6 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({
      code: 'ORDER.OUT_OF_STOCK',
      details: { available: 5, wanted: 6 },
    });
    expect((await q('SELECT count(*)::int AS n FROM shop_order')).rows[0].n).toBe(before);
  });

  it('requires a recharge account for top-ups and an address for parcels', async () => {
    const topup = await makeProduct(api.ctx, { merchantId: ids.merchantId, kind: 'direct_topup' });
    const parcel = await makeProduct(api.ctx, { merchantId: ids.merchantId, kind: 'physical' });
    expect((await buyer.post('/api/orders', { productId: topup, quantity: 1 })).body.error.code).toBe(
      'ORDER.TOPUP_ACCOUNT_REQUIRED',
    );
    expect(
      (await buyer.post('/api/orders', { productId: topup, quantity: 1, topupAccount: '  ' })).status,
    ).toBe(400);
    expect((await buyer.post('/api/orders', { productId: parcel, quantity: 1 })).body.error.code).toBe(
      'ORDER.ADDRESS_REQUIRED',
    );
  });

  it('refuses paying twice: one payment, one debit', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 777 });
    await addKeys(api.ctx, productId, 1);
    const { body } = await buyer.post('/api/orders', { productId, quantity: 1 });
    const balance = (await buyer.get('/api/wallet')).body.balanceFen;
    expect((await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' })).status).toBe(200);
    const again = await buyer.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ORDER.NOT_PAYABLE');
    expect((await buyer.get('/api/wallet')).body.balanceFen).toBe(balance - 777);
  });

  it('refuses an unaffordable balance payment and leaves the order payable', async () => {
    const poor = api.client();
    await poor.login('buyer2');
    await setBalance(api.ctx, ids.buyer2Id, 100);
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 5000 });
    await addKeys(api.ctx, productId, 1);
    const { body } = await poor.post('/api/orders', { productId, quantity: 1 });
    const res = await poor.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ORDER.INSUFFICIENT_BALANCE');
    const after = await poor.get(`/api/orders/${body.orderNo}`);
    expect(after.body).toMatchObject({ status: 'pending_payment', paidFen: 0, cardKeys: [] });
    expect(
      (
        await q(
          'SELECT count(*)::int AS n FROM payment p JOIN shop_order o ON o.id = p.order_id WHERE o.order_no = $1',
          [body.orderNo],
        )
      ).rows[0].n,
    ).toBe(0);
    await setBalance(api.ctx, ids.buyer2Id, 1_000_000);
    expect((await poor.post(`/api/orders/${body.orderNo}/pay`, { channel: 'balance' })).status).toBe(200);
  });

  it('will not reveal keys of an unpaid order, nor a key of another order', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    await addKeys(api.ctx, productId, 2);
    const a = (await buyer.post('/api/orders', { productId, quantity: 1 })).body;
    const b = (await buyer.post('/api/orders', { productId, quantity: 1 })).body;
    const paidA = (await buyer.post(`/api/orders/${a.orderNo}/pay`, { channel: 'balance' })).body;
    const unpaid = await buyer.post(`/api/orders/${b.orderNo}/card-keys/${paidA.cardKeys[0].id}/reveal`, {
      action: 'reveal',
    });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.error.code).toBe('ORDER.NOT_PAID');
    await buyer.post(`/api/orders/${b.orderNo}/pay`, { channel: 'balance' });
    const wrong = await buyer.post(`/api/orders/${b.orderNo}/card-keys/${paidA.cardKeys[0].id}/reveal`, {
      action: 'reveal',
    });
    expect(wrong.status).toBe(404);
    const extractionsOfB = await q(
      'SELECT count(*)::int AS n FROM card_key_extraction e JOIN shop_order o ON o.id = e.order_id WHERE o.order_no = $1',
      [b.orderNo],
    );
    expect(extractionsOfB.rows[0].n).toBe(0);
  });

  it('answers malformed order numbers with 404, never 500', async () => {
    for (const no of ['1', 'abc', '26112500000429', `${'9'.repeat(32)}`, '%27%20OR%201%3D1']) {
      const res = await buyer.get(`/api/orders/${no}`);
      expect(res.status, no).toBe(404);
    }
  });
});
