import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, startTestApi } from '../helpers/app.ts';
import { demoIds, makeMerchant, makeProduct } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let merchant: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  merchant = api.client();
  await merchant.login('merchant');
});
afterAll(() => api.stop());

const q = (sql: string, params: unknown[] = []) => api.db.database.pool.query(sql, params);

describe('card-key import', () => {
  it('imports pasted lines and CSV, counting duplicates (in the file and in stock) and invalid lines', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    const first = await merchant.post(`/api/merchant/products/${productId}/card-keys`, {
      text: '\uFEFFAAAA-1111-2222\r\nBBBB-3333-4444\nAAAA-1111-2222\n\n  \nx\n"CCCC-5555-6666",2026-12-31\n',
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      total: 5,
      imported: 3,
      duplicates: 1,
      invalid: 1,
      refused: [{ line: 6, reason: 'too_short', zh: '太短（卡密至少 6 个字符）', en: expect.any(String) }],
      redelivered: [],
    });
    const second = await merchant.post(`/api/merchant/products/${productId}/card-keys`, {
      text: 'BBBB-3333-4444\nDDDD-7777-8888',
    });
    expect(second.body).toEqual({
      total: 2,
      imported: 1,
      duplicates: 1,
      invalid: 0,
      refused: [],
      redelivered: [],
    });
    const products = await merchant.get('/api/merchant/products');
    expect(products.body.items.find((p: { id: number }) => p.id === productId).stock).toBe(4);
    const audit = await q("SELECT data::text AS d FROM audit_log WHERE action = 'card_keys.import'");
    expect(audit.rows.map((r) => r.d).join()).not.toContain('AAAA');
  });

  it('refuses lines that cannot be keys, each with its line and reason, and imports the rest', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    const text = ['卡号,有效期', 'GOOD-1111-2222', 'ABC12', 'AAAA 1111 2222', 'GOOD-3333-4444'].join('\n');
    const res = await merchant.post(`/api/merchant/products/${productId}/card-keys`, { text });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 5, imported: 2, invalid: 3 });
    expect(res.body.refused.map((r: { line: number; reason: string }) => [r.line, r.reason])).toEqual([
      [1, 'too_short'],
      [3, 'too_short'],
      [4, 'whitespace'],
    ]);
  });

  it("refuses keys that do not match the product's key format, once the merchant sets one", async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    const url = `/api/merchant/products/${productId}`;
    for (const bad of ['(a+)+$', '----', 'X'.repeat(65), '']) {
      const res = await merchant.request('PATCH', url, { body: { keyFormat: bad } });
      expect(res.status, bad).toBe(400);
    }
    expect((await merchant.request('PATCH', url, { body: {} })).status).toBe(400);
    const set = await merchant.request('PATCH', url, { body: { keyFormat: 'AA99-XXXX' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ keyFormat: 'AA99-XXXX', restockRefundedKeys: true });
    const res = await merchant.post(`${url}/card-keys`, {
      text: 'QB12-a9Z0\nQ112-a9Z0\nQB12-a9Z0X\nZZ00-0000',
    });
    expect(res.body).toMatchObject({ total: 4, imported: 2, invalid: 2 });
    expect(res.body.refused).toEqual([
      {
        line: 2,
        reason: 'format',
        zh: '与本商品的卡密格式不符',
        en: "Does not match this product's key format",
      },
      {
        line: 3,
        reason: 'format',
        zh: '与本商品的卡密格式不符',
        en: "Does not match this product's key format",
      },
    ]);
    // Another shop's merchant can neither set the format nor see it.
    const otherShop = await makeMerchant(api.ctx, 'shop-fmt');
    const foreign = await makeProduct(api.ctx, { merchantId: otherShop });
    expect(
      (
        await merchant.request('PATCH', `/api/merchant/products/${foreign}`, {
          body: { keyFormat: 'XXXXXX' },
        })
      ).status,
    ).toBe(404);
    const storefront = await merchant.get('/api/products');
    expect(JSON.stringify(storefront.body)).not.toContain('AA99-XXXX');
    expect((await merchant.request('PATCH', url, { body: { keyFormat: null } })).body.keyFormat).toBeNull();
  });

  it('refuses binary files, empty files, wrong products and other shops with clear 4xx', async () => {
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId });
    const topup = await makeProduct(api.ctx, { merchantId: ids.merchantId, kind: 'direct_topup' });
    const otherShop = await makeMerchant(api.ctx, 'shop-b');
    const foreign = await makeProduct(api.ctx, { merchantId: otherShop });
    const cases: [number, unknown, number, string][] = [
      [productId, { text: 'PK\u0003\u0004\u0000\u0000binary' }, 400, 'CARD_KEYS.BAD_FILE'],
      [productId, { text: '\n\n  \n' }, 400, 'CARD_KEYS.BAD_FILE'],
      [productId, { text: 'bad \uFFFD utf8' }, 400, 'CARD_KEYS.BAD_FILE'],
      [productId, { text: 42 }, 400, 'REQUEST.VALIDATION'],
      [topup, { text: 'AAAA-BBBB' }, 409, 'CARD_KEYS.WRONG_KIND'],
      [foreign, { text: 'AAAA-BBBB' }, 404, 'PRODUCT.NOT_FOUND'],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await merchant.post(`/api/merchant/products/${id}/card-keys`, body);
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status, code });
    }
    expect(
      (await q('SELECT count(*)::int AS n FROM card_key WHERE product_id = ANY($1)', [[productId, foreign]]))
        .rows[0].n,
    ).toBe(0);
    const buyer = api.client();
    await buyer.login('buyer');
    expect(
      (await buyer.post(`/api/merchant/products/${productId}/card-keys`, { text: 'AAAA-BBBB' })).status,
    ).toBe(403);
  });
});

describe('integration push (operator shop → Kameng)', () => {
  it('creates a paid order with its delivery and extraction records, idempotent on externalRef', async () => {
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      priceFen: 3000,
      name: '外部店铺卡密',
    });
    const { body: key } = await merchant.post('/api/api-keys', { name: 'shop sync' });
    const shop = new HttpClient(api.baseUrl);
    const auth = { authorization: `Bearer ${key.key}` };
    const order = {
      externalRef: 'EXT-1001',
      buyer: { externalId: 'u-88', displayName: '外部买家' },
      productId,
      quantity: 2,
      channel: 'alipay',
      channelTradeNo: '2026112522001400000001',
      paidAt: '2026-11-20T10:00:00+08:00',
      delivery: {
        deliveredAt: '2026-11-20T10:00:05+08:00',
        cardKeys: ['EXT-KEY-0001-AAAA', 'EXT-KEY-0002-BBBB'],
      },
      extractions: [
        {
          keyIndex: 1,
          action: 'copy',
          at: '2026-11-20T10:05:00+08:00',
          ip: '10.1.2.3',
          userAgent: 'ShopApp',
        },
      ],
    };
    const res = await shop.request('POST', '/api/orders', { body: order, headers: auth });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'delivered',
      deliveryStatus: 'delivered',
      paidFen: 6000,
      channel: 'alipay',
      // The merchant's views mask the buyer's name (issue 18), the order it pushed itself included.
      buyerName: '外***',
    });
    expect(res.body.cardKeys).toHaveLength(2);
    expect(res.body.extractions).toEqual([
      expect.objectContaining({ action: 'copy', ip: '10.1.*.*', cardKeyId: res.body.cardKeys[1].id }),
    ]);

    const again = await shop.request('POST', '/api/orders', { body: order, headers: auth });
    expect(again.status).toBe(200);
    expect(again.body.orderNo).toBe(res.body.orderNo);
    const changed = await shop.request('POST', '/api/orders', {
      body: { ...order, quantity: 1, delivery: undefined, extractions: undefined },
      headers: auth,
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('ORDER.EXTERNAL_CONFLICT');
    // The pushed buyer exists but cannot sign in with any password.
    expect(
      (await api.client().post('/api/auth/login', { username: `ext-${ids.merchantId}-u-88`, password: '!' }))
        .status,
    ).toBe(401);
  });

  it('records a pushed partial top-up for the refund policy to read', async () => {
    const productId = await makeProduct(api.ctx, {
      merchantId: ids.merchantId,
      kind: 'direct_topup',
      priceFen: 5000,
      unitsPerItem: 50,
    });
    const { body: key } = await merchant.post('/api/api-keys', { name: 'shop sync 2' });
    const res = await new HttpClient(api.baseUrl).request('POST', '/api/orders', {
      headers: { authorization: `Bearer ${key.key}` },
      body: {
        externalRef: 'EXT-2001',
        buyer: { externalId: 'u-99', displayName: '话费买家' },
        productId,
        quantity: 1,
        channel: 'wechatpay',
        channelTradeNo: '4200001234',
        paidAt: '2026-11-21T09:00:00+08:00',
        topupAccount: '13700000000',
        delivery: {
          deliveredAt: '2026-11-21T09:01:00+08:00',
          attempts: [
            { at: '2026-11-21T09:01:00+08:00', status: 'partial', requestedUnits: 50, arrivedUnits: 30 },
          ],
        },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      deliveryStatus: 'partial',
      orderedUnits: 50,
      arrivedUnits: 30,
      status: 'delivered',
    });
  });

  it("refuses a push for another shop's product and a buyer-shaped body from a merchant", async () => {
    const other = await makeMerchant(api.ctx, 'shop-c');
    const foreign = await makeProduct(api.ctx, { merchantId: other });
    const base = {
      externalRef: 'EXT-3001',
      buyer: { externalId: 'x', displayName: 'x' },
      productId: foreign,
      quantity: 1,
      channel: 'balance',
      channelTradeNo: 'T1',
      paidAt: '2026-11-21T09:00:00+08:00',
    };
    expect((await merchant.post('/api/orders', base)).body.error.code).toBe('PRODUCT.NOT_FOUND');
    const buyerShaped = await merchant.post('/api/orders', { productId: foreign, quantity: 1 });
    expect(buyerShaped.status).toBe(400);
    expect(buyerShaped.body.error.code).toBe('REQUEST.VALIDATION');
  });
});

describe('merchant profile', () => {
  it("shows the shop's deposit (held in the ledger, and required) and status; a suspended shop takes no orders", async () => {
    await q(
      "INSERT INTO merchant_profile (merchant_id, deposit_fen, status) VALUES ($1, 500000, 'active') ON CONFLICT (merchant_id) DO UPDATE SET deposit_fen = 500000, status = 'active'",
      [ids.merchantId],
    );
    const admin = api.client();
    await admin.login('admin');
    await admin.post(`/api/admin/merchants/${ids.merchantId}/deposits`, {
      amountFen: 300_000,
      memo: '缴纳保证金',
    });
    const profile = await merchant.get('/api/merchant/profile');
    expect(profile.body).toMatchObject({
      merchantId: ids.merchantId,
      depositFen: 300_000,
      requiredDepositFen: 500_000,
      status: 'active',
    });
    const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, kind: 'physical' });
    await q("UPDATE merchant_profile SET status = 'suspended' WHERE merchant_id = $1", [ids.merchantId]);
    try {
      const buyer = api.client();
      await buyer.login('buyer');
      const res = await buyer.post('/api/orders', { productId, quantity: 1, shippingAddress: '北京' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('MERCHANT.NOT_TRADING');
    } finally {
      await q("UPDATE merchant_profile SET status = 'active' WHERE merchant_id = $1", [ids.merchantId]);
    }
  });
});
