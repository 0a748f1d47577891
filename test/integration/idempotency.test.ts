import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepIdempotencyKeys } from '../../src/platform/http/idempotency.ts';
import { startTestApi } from '../helpers/app.ts';
import { actorsByName, openCase } from '../helpers/cases.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let productId: number;
beforeAll(async () => {
  api = await startTestApi();
  const ids = await demoIds(api.ctx);
  productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: 100 });
  await addKeys(api.ctx, productId, 40);
  await setBalance(api.ctx, ids.buyerId, 100_000);
});
afterAll(() => api.stop());

const query = async (text: string, values: unknown[] = []) => (await api.ctx.pool.query(text, values)).rows;
const countOrders = async () =>
  (await query('SELECT count(*)::int AS n FROM shop_order WHERE product_id = $1', [productId]))[0]
    .n as number;
const countKeys = async (name: string) =>
  (await query('SELECT count(*)::int AS n FROM api_key WHERE name = $1', [name]))[0].n as number;

describe('Idempotency-Key', () => {
  it('runs 20 concurrent duplicates exactly once and gives all the same answer', async () => {
    const c = api.client();
    await c.login('buyer');
    const before = await countOrders();
    const headers = { 'idempotency-key': 'dup-20' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.post('/api/orders', { productId, quantity: 1 }, { headers })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await countOrders()).toBe(before + 1);
  });

  it('replays the first response for a later retry with the same body', async () => {
    const c = api.client();
    await c.login('buyer');
    const before = await countOrders();
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await c.post('/api/orders', { productId, quantity: 1 }, { headers });
    const second = await c.post('/api/orders', { productId, quantity: 1 }, { headers });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await countOrders()).toBe(before + 1);
  });

  it('refuses the same key with a different body (409) and changes nothing', async () => {
    const c = api.client();
    await c.login('buyer');
    const headers = { 'idempotency-key': 'reuse-1' };
    await c.post('/api/orders', { productId, quantity: 1 }, { headers });
    const before = await countOrders();
    const res = await c.post('/api/orders', { productId, quantity: 2 }, { headers });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await countOrders()).toBe(before);
  });

  it('keeps keys of different callers apart', async () => {
    const a = api.client();
    await a.login('buyer');
    const b = api.client();
    await b.login('buyer2');
    const headers = { 'idempotency-key': 'shared-name' };
    const first = await a.post('/api/orders', { productId, quantity: 1 }, { headers });
    const second = await b.post('/api/orders', { productId, quantity: 1 }, { headers });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.orderNo).not.toBe(first.body.orderNo);
  });

  it('stores a 4xx answer as final and rejects an over-long key', async () => {
    const c = api.client();
    await c.login('merchant');
    const bad = await c.post(
      '/api/api-keys/424242/revoke',
      {},
      { headers: { 'idempotency-key': 'missing-1' } },
    );
    const again = await c.post(
      '/api/api-keys/424242/revoke',
      {},
      { headers: { 'idempotency-key': 'missing-1' } },
    );
    expect([bad.status, again.status]).toEqual([404, 404]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const long = await c.post(
      '/api/api-keys',
      { name: 'x' },
      { headers: { 'idempotency-key': 'k'.repeat(201) } },
    );
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('IDEMPOTENCY.BAD_KEY');
  });

  it('treats a key past its retention as new, and the sweep deletes such keys', async () => {
    const c = api.client();
    await c.login('buyer');
    const headers = { 'idempotency-key': 'old-1' };
    await c.post('/api/orders', { productId, quantity: 1 }, { headers });
    await query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = 'old-1'`);
    const before = await countOrders();
    // A different body under an expired key is a new request, not a 409.
    const fresh = await c.post('/api/orders', { productId, quantity: 2 }, { headers });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(await countOrders()).toBe(before + 1);

    await query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = 'retry-1'`);
    const kept = (await query('SELECT count(*)::int AS n FROM idempotency_key'))[0].n as number;
    expect(await sweepIdempotencyKeys(api.ctx.db)).toBe(1);
    expect((await query('SELECT count(*)::int AS n FROM idempotency_key'))[0].n).toBe(kept - 1);
    expect(await query(`SELECT 1 FROM idempotency_key WHERE key = 'retry-1'`)).toEqual([]);
  });
});

/** Answers that carry a secret are stored without it: issue 12's first finding. */
describe('Idempotency-Key on answers that carry a secret', () => {
  const stored = async (key: string) =>
    (await query('SELECT response_body FROM idempotency_key WHERE key = $1', [key]))[0]
      ?.response_body as string;

  it('replays a card-key reveal by reading the key again, writing no second extraction', async () => {
    const c = api.client();
    await c.login('buyer');
    const order = await c.post('/api/orders', { productId, quantity: 1 });
    const paid = await c.post(`/api/orders/${order.body.orderNo}/pay`, { channel: 'balance' });
    const keyId = paid.body.cardKeys[0].id;
    const url = `/api/orders/${order.body.orderNo}/card-keys/${keyId}/reveal`;
    const headers = { 'idempotency-key': 'reveal-1' };
    const first = await c.post(url, { action: 'copy' }, { headers });
    expect(first.status).toBe(200);
    expect(first.body.secret).toMatch(/^KEY-/);
    const replayed = await c.post(url, { action: 'copy' }, { headers });
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(first.body);
    const extractions = await query('SELECT 1 FROM card_key_extraction WHERE card_key_id = $1', [keyId]);
    expect(extractions).toHaveLength(1);
    // The table holds the answer without the key.
    const body = await stored('reveal-1');
    expect(body).not.toContain(first.body.secret);
    expect(JSON.parse(body)).toEqual({ id: keyId, extraction: first.body.extraction });
  });

  it('re-checks who asks on a replay: the key stays with the buyer whose extraction it was', async () => {
    const c = api.client();
    const buyer = await c.login('buyer');
    const order = await c.post('/api/orders', { productId, quantity: 1 });
    const paid = await c.post(`/api/orders/${order.body.orderNo}/pay`, { channel: 'balance' });
    const url = `/api/orders/${order.body.orderNo}/card-keys/${paid.body.cardKeys[0].id}/reveal`;
    const headers = { 'idempotency-key': 'reveal-moved' };
    expect((await c.post(url, {}, { headers })).status).toBe(200);
    // The order passes to someone else (as an admin correction might): the replay no longer shows the key.
    const other = (await demoIds(api.ctx)).buyer2Id;
    await query('UPDATE shop_order SET buyer_id = $1 WHERE order_no = $2', [other, order.body.orderNo]);
    const replayed = await c.post(url, {}, { headers });
    expect(replayed.status).toBe(404);
    expect(replayed.text).not.toMatch(/KEY-/);
    await query('UPDATE shop_order SET buyer_id = $1 WHERE order_no = $2', [buyer.id, order.body.orderNo]);
    expect((await c.post(url, {}, { headers })).body.secret).toMatch(/^KEY-/);
    // A refund takes the key back (here: as if a case had): a replay no longer shows it either.
    const actor = (await actorsByName(api.ctx, ['buyer'])).get('buyer')!;
    const { refundNo } = await openCase(api.ctx, actor, productId, 'balance');
    await query(
      `UPDATE card_key SET status = 'refunded', refund_case_id = (SELECT id FROM refund_case WHERE refund_no = $2)
       WHERE id = $1`,
      [paid.body.cardKeys[0].id, refundNo],
    );
    const afterRefund = await c.post(url, {}, { headers });
    expect(afterRefund.status).toBe(409);
    expect(afterRefund.body.error).toMatchObject({ code: 'CARD_KEY.REFUNDED', details: { refundNo } });
    expect(afterRefund.text).not.toMatch(/KEY-/);
  });

  it('never replays a new API key: 20 duplicates create one key, shown once, the rest answer 410', async () => {
    const c = api.client();
    await c.login('merchant');
    const headers = { 'idempotency-key': 'api-key-20' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.post('/api/api-keys', { name: 'twenty' }, { headers })),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(created[0]!.body.key).toMatch(/^km_[0-9a-f]{8}_/);
    const replays = results.filter((r) => r.status !== 201);
    expect(replays.map((r) => r.status)).toEqual(Array(19).fill(410));
    for (const r of replays) {
      expect(r.body.error.code).toBe('IDEMPOTENCY.SECRET_SHOWN_ONCE');
      expect(r.text).not.toContain(created[0]!.body.key);
      // Enough to find the key and revoke it.
      expect(r.body.error.details.response).toMatchObject({
        id: created[0]!.body.id,
        prefix: created[0]!.body.prefix,
      });
    }
    expect(await countKeys('twenty')).toBe(1);
    expect(await stored('api-key-20')).not.toContain('km_');
  });
});
