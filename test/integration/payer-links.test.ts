import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import { buyerPersona, demoPayer } from '../../src/modules/payments/demo-payers.ts';
import { HttpClient, startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeBuyers, makeProduct, setBalance } from '../helpers/factories.ts';

/**
 * The payer account behind each payment (issue 14): written on the payment and linked to the buyer in
 * account_link, in the payment's own transaction, through the real SDKs against the simulator — each
 * buyer paying from their own simulated account unless set to share one (an abuse ring).
 */
let api: Awaited<ReturnType<typeof startTestApi>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
let productId: number;
/** username → { id, signed-in client } */
const buyers = new Map<string, { id: number; client: HttpClient }>();

beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 1200 });
  await addKeys(api.ctx, productId, 40);
  for (const name of await makeBuyers(api.ctx, 'payer', 10)) {
    const client = api.client();
    const { id } = await client.login(name);
    buyers.set(name, { id, client });
  }
});
afterAll(() => api.stop());

const q = async (sql: string, params: unknown[] = []) => (await api.db.database.pool.query(sql, params)).rows;
const buyer = (i: number) => buyers.get(`payer-${i}`)!;

async function buyAndPay(
  i: number,
  channel: 'alipay' | 'wechatpay' | 'balance',
  headers?: Record<string, string>,
) {
  const { client } = buyer(i);
  const placed = await client.post('/api/orders', { productId, quantity: 1 });
  expect(placed.status).toBe(201);
  const paid = await client.post(`/api/orders/${placed.body.orderNo}/pay`, { channel }, { headers });
  expect(paid.status).toBe(200);
  return placed.body.orderNo as string;
}

const payerOf = async (orderNo: string) =>
  (
    await q(
      `SELECT p.payer_account FROM payment p JOIN shop_order o ON o.id = p.order_id WHERE o.order_no = $1`,
      [orderNo],
    )
  )[0]!.payer_account as string | null;

const linksOf = async (userId: number) =>
  (await q(`SELECT value, first_seen, last_seen FROM account_link WHERE kind = 'payer' AND user_id = $1`, [
    userId,
  ])) as {
    value: string;
    first_seen: Date;
    last_seen: Date;
  }[];

/** The buyers behind one payer account. */
const usersBehind = async (value: string) =>
  (
    await q(`SELECT user_id FROM account_link WHERE kind = 'payer' AND value = $1 ORDER BY user_id`, [value])
  ).map((r) => Number(r.user_id));

describe.each(['alipay', 'wechatpay'] as const)('%s', (channel) => {
  const idOf = (persona: string) => {
    const p = demoPayer(persona);
    return channel === 'alipay' ? p.alipayUserId : p.openid;
  };

  it('two buyers paying from their own accounts are not linked', async () => {
    const [a, b] = channel === 'alipay' ? [0, 1] : [2, 3];
    const orderA = await buyAndPay(a, channel);
    const orderB = await buyAndPay(b, channel);
    expect(await payerOf(orderA)).toBe(idOf(buyerPersona(buyer(a).id)));
    expect(await payerOf(orderB)).toBe(idOf(buyerPersona(buyer(b).id)));
    const [linkA] = await linksOf(buyer(a).id);
    const [linkB] = await linksOf(buyer(b).id);
    expect(linkA!.value).toBe(await payerOf(orderA));
    expect(linkB!.value).not.toBe(linkA!.value);
    expect(await usersBehind(linkA!.value)).toEqual([buyer(a).id]);
    expect(await usersBehind(linkB!.value)).toEqual([buyer(b).id]);
  });

  it('buyers set to one persona are linked by one payer value', async () => {
    const ring = [4, 5, 6].map((i) => buyer(i).id);
    const persona = `ring-${channel}`;
    await api.ctx.demoBuyer!.payAs(ring, persona);
    try {
      for (const i of [4, 5, 6]) expect(await payerOf(await buyAndPay(i, channel))).toBe(idOf(persona));
      expect(await usersBehind(idOf(persona))).toEqual([...ring].sort((x, y) => x - y));
    } finally {
      await api.ctx.demoBuyer!.payAs(ring, null);
    }
  });
});

describe('alipay, an app on the openid standard', () => {
  it('links by buyer_open_id: own accounts apart, buyers set to one persona together', async () => {
    const sim = new GatewaySimulatorClient(api.payments.simulator!.url);
    // Bad input to the simulator's own control: refused, the standard unchanged.
    const bad = await fetch(`${sim.baseUrl}/__sim/alipay-ids`, { method: 'PUT', body: '{"standard":"x"}' });
    expect(bad.status).toBe(400);
    await sim.setAlipayIds('openid');
    try {
      const own = await buyAndPay(9, 'alipay');
      const openId = demoPayer(buyerPersona(buyer(9).id)).alipayOpenId;
      expect(await payerOf(own)).toBe(openId);
      expect(await usersBehind(openId)).toEqual([buyer(9).id]);

      const ring = [4, 5].map((i) => buyer(i).id);
      await api.ctx.demoBuyer!.payAs(ring, 'ring-openid');
      try {
        for (const i of [4, 5]) await buyAndPay(i, 'alipay');
        expect(await usersBehind(demoPayer('ring-openid').alipayOpenId)).toEqual(
          [...ring].sort((x, y) => x - y),
        );
      } finally {
        await api.ctx.demoBuyer!.payAs(ring, null);
      }
    } finally {
      await sim.setAlipayIds('userid');
    }
  });
});

describe('balance', () => {
  it('writes no payer account and no payer link', async () => {
    const b = buyer(7);
    await setBalance(api.ctx, b.id, 100_000);
    const orderNo = await buyAndPay(7, 'balance');
    expect(await payerOf(orderNo)).toBeNull();
    expect(await linksOf(b.id)).toEqual([]);
  });
});

describe('paying again', () => {
  it('a second payment from the same account moves last_seen; a replayed or repeated payment adds no row', async () => {
    const b = buyer(8);
    await buyAndPay(8, 'alipay');
    const [first] = await linksOf(b.id);
    const second = await buyAndPay(8, 'alipay', { 'idempotency-key': 'pay-twice-8' });
    const links = await linksOf(b.id);
    expect(links).toHaveLength(1);
    expect(links[0]!.value).toBe(first!.value);
    expect(links[0]!.first_seen).toEqual(first!.first_seen);
    expect(links[0]!.last_seen.getTime()).toBeGreaterThanOrEqual(first!.last_seen.getTime());

    // The same request replayed under its Idempotency-Key: the stored answer, nothing written.
    const replay = await b.client.post(
      `/api/orders/${second}/pay`,
      { channel: 'alipay' },
      { headers: { 'idempotency-key': 'pay-twice-8' } },
    );
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // Paying a paid order again: refused, nothing written.
    const again = await b.client.post(`/api/orders/${second}/pay`, { channel: 'wechatpay' });
    expect(again.status).toBe(409);
    expect(await linksOf(b.id)).toEqual(links);
    const counts = await q(
      `SELECT count(*)::int AS n FROM payment p JOIN shop_order o ON o.id = p.order_id WHERE o.buyer_id = $1`,
      [b.id],
    );
    expect(counts[0]!.n).toBe(2);
  });
});

describe('pushed orders', () => {
  let shop: HttpClient;
  let auth: Record<string, string>;
  beforeAll(async () => {
    const merchant = api.client();
    await merchant.login('merchant');
    const { body: key } = await merchant.post('/api/api-keys', { name: 'payer sync' });
    shop = new HttpClient(api.baseUrl);
    auth = { authorization: `Bearer ${key.key}` };
  });
  let ref = 0;
  const push = (extra: Record<string, unknown>, externalId = 'px-1', externalRef = `PAYER-${++ref}`) =>
    shop.request('POST', '/api/orders', {
      headers: auth,
      body: {
        externalRef,
        buyer: { externalId, displayName: '外部买家' },
        productId,
        quantity: 1,
        channel: 'alipay',
        channelTradeNo: `2026112522001400${Date.now()}${ref}`,
        paidAt: '2026-11-20T10:00:00+08:00',
        ...extra,
      },
    });
  const userOf = async (externalId: string) =>
    Number(
      (await q(`SELECT id FROM app_user WHERE username = $1`, [`ext-${ids.merchantId}-${externalId}`]))[0]!
        .id,
    );

  it('store the payer account the shop recorded and link it, once per order', async () => {
    const res = await push({ payerAccount: '2088000011112222' }, 'px-1', 'PAYER-A');
    expect(res.status).toBe(201);
    expect(await payerOf(res.body.orderNo)).toBe('2088000011112222');
    const again = await push({ payerAccount: '2088000011112222' }, 'px-1', 'PAYER-A');
    expect(again.status).toBe(200);
    // A second shop buyer pays from the same account: both behind it.
    const other = await push(
      { payerAccount: '2088000011112222', paidAt: '2026-11-01T09:00:00+08:00' },
      'px-2',
    );
    expect(other.status).toBe(201);
    expect(await usersBehind('2088000011112222')).toEqual(
      [await userOf('px-1'), await userOf('px-2')].sort((x, y) => x - y),
    );
    // An older order of px-1 arrives later: the link's span widens, the row stays one.
    await push({ payerAccount: '2088000011112222', paidAt: '2026-10-01T08:00:00+08:00' }, 'px-1');
    const links = await linksOf(await userOf('px-1'));
    expect(links).toHaveLength(1);
    expect(links[0]!.first_seen.toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(links[0]!.last_seen.toISOString()).toBe('2026-11-20T02:00:00.000Z');
  });

  it('store an Alipay open id (an app on the openid standard) like a user id', async () => {
    const openId = '032FkM_R5Kjp1vRt-1fjORS_6ilI8ihN5KXSc7Tvo_hBKqF';
    const res = await push({ payerAccount: openId }, 'px-5');
    expect(res.status).toBe(201);
    expect(await payerOf(res.body.orderNo)).toBe(openId);
    expect(await usersBehind(openId)).toEqual([await userOf('px-5')]);
  });

  it('without a payer account: none stored, no link', async () => {
    const res = await push({}, 'px-3');
    expect(res.status).toBe(201);
    expect(await payerOf(res.body.orderNo)).toBeNull();
    expect(await linksOf(await userOf('px-3'))).toEqual([]);
  });

  it('refuse a payer account that is not of the channel’s shape, with nothing written', async () => {
    for (const [channel, payerAccount] of [
      ['alipay', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'],
      ['alipay', '208800001111222'],
      ['wechatpay', '2088 0000 1111'],
      ['balance', '2088000011112222'],
    ] as const) {
      const res = await push({ channel, payerAccount }, 'px-4');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('REQUEST.VALIDATION');
      expect(JSON.stringify(res.body)).toContain('payerAccount');
    }
    expect(await q(`SELECT 1 FROM app_user WHERE username = $1`, [`ext-${ids.merchantId}-px-4`])).toEqual([]);
  });
});
