import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../helpers/app.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const countKeys = async (name: string) =>
  (await api.db.database.pool.query('SELECT count(*)::int AS n FROM api_key WHERE name = $1', [name])).rows[0]
    .n;

describe('Idempotency-Key', () => {
  it('runs 20 concurrent duplicates exactly once and gives all the same answer', async () => {
    const c = api.client();
    await c.login('merchant');
    const headers = { 'idempotency-key': 'dup-20' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.post('/api/api-keys', { name: 'twenty' }, { headers })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await countKeys('twenty')).toBe(1);
  });

  it('replays the first response for a later retry with the same body', async () => {
    const c = api.client();
    await c.login('merchant');
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await c.post('/api/api-keys', { name: 'retry' }, { headers });
    const second = await c.post('/api/api-keys', { name: 'retry' }, { headers });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await countKeys('retry')).toBe(1);
  });

  it('refuses the same key with a different body (409) and changes nothing', async () => {
    const c = api.client();
    await c.login('merchant');
    const headers = { 'idempotency-key': 'reuse-1' };
    await c.post('/api/api-keys', { name: 'original' }, { headers });
    const res = await c.post('/api/api-keys', { name: 'different' }, { headers });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(await countKeys('different')).toBe(0);
  });

  it('keeps keys of different callers apart', async () => {
    const a = api.client();
    await a.login('merchant');
    const b = api.client();
    await b.login('admin');
    const headers = { 'idempotency-key': 'shared-name' };
    expect((await a.post('/api/api-keys', { name: 'caller-a' }, { headers })).status).toBe(201);
    expect((await b.post('/api/api-keys', { name: 'caller-b' }, { headers })).status).toBe(201);
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
});
