import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import { startTestApi } from '../helpers/app.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

type Api = Awaited<ReturnType<typeof startTestApi>>;
const apis: Api[] = [];
afterAll(() => Promise.all(apis.map((a) => a.stop())));

async function start(overrides: Partial<Config>): Promise<Api> {
  const api = await startTestApi(overrides);
  apis.push(api);
  return api;
}

// What a client behind one proxy sends: it wrote the first address itself, the proxy appended the second.
const SPOOFED = { 'x-forwarded-for': '6.6.6.6, 10.9.8.7' };

/** The IP recorded on a key extraction (提取记录) — the evidence a refund decision reads. */
async function extractionIp(api: Api): Promise<string> {
  const ids = await demoIds(api.ctx);
  const productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 100 });
  await addKeys(api.ctx, productId, 1);
  await setBalance(api.ctx, ids.buyerId, 10_000);
  const c = api.client();
  await c.login('buyer');
  const order = await c.post('/api/orders', { productId, quantity: 1 });
  const paid = await c.post(`/api/orders/${order.body.orderNo}/pay`, { channel: 'balance' });
  const keyId = paid.body.cardKeys[0].id;
  const res = await c.post(
    `/api/orders/${order.body.orderNo}/card-keys/${keyId}/reveal`,
    {},
    { headers: SPOOFED },
  );
  expect(res.status).toBe(200);
  return res.body.extraction.ip;
}

/** Issue 12, finding 4: the client IP behind a proxy. */
describe('client IP behind a reverse proxy', () => {
  it('with one trusted hop, records the address the proxy saw, not the one the client wrote', async () => {
    expect(await extractionIp(await start({ trustProxy: 1 }))).toBe('10.9.8.7');
  });

  it('with the proxy listed by address or CIDR, does the same', async () => {
    expect(await extractionIp(await start({ trustProxy: ['127.0.0.0/8'] }))).toBe('10.9.8.7');
  });

  it('without trust, records the socket address and ignores X-Forwarded-For', async () => {
    expect(await extractionIp(await start({ trustProxy: false }))).toBe('127.0.0.1');
  });

  it('does not believe a proxy that is not on the list', async () => {
    expect(await extractionIp(await start({ trustProxy: ['10.0.0.0/8'] }))).toBe('127.0.0.1');
  });

  it('counts login attempts per real client: rewriting the first address does not reset the limit', async () => {
    const api = await start({ trustProxy: 1, login: { maxFailures: 100, lockMinutes: 1, ratePerMinute: 3 } });
    const attempt = (xff: string) =>
      api
        .client()
        .post('/api/auth/login', { username: 'x', password: 'y' }, { headers: { 'x-forwarded-for': xff } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(`6.6.6.${i}, 10.9.8.7`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Another client behind the same proxy has a limit of its own.
    expect((await attempt('10.9.8.8')).status).toBe(401);
  });
});
