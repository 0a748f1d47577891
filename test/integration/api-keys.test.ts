import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { startTestApi } from '../helpers/app.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  api = await startTestApi();
  // A second shop with its own merchant user, to prove one merchant cannot touch another's keys.
  const { pool } = api.db.database;
  const m = await pool.query("INSERT INTO merchant (name) VALUES ('对手商家') RETURNING id");
  await pool.query(
    "INSERT INTO app_user (username, display_name, role, merchant_id, password_hash) VALUES ('merchant-b', 'B', 'merchant', $1, $2)",
    [m.rows[0].id, await hashPassword('kameng-demo')],
  );
});
afterAll(() => api.stop());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('integration API keys', () => {
  it('creates a key shown once, stored only as a hash, that authenticates API calls', async () => {
    const c = api.client();
    await c.login('merchant');
    const created = await c.post('/api/api-keys', { name: '自营店铺同步' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^km_[0-9a-f]{8}_/);
    const stored = await api.db.database.pool.query('SELECT key_hash, prefix FROM api_key WHERE id = $1', [
      created.body.id,
    ]);
    expect(stored.rows[0].key_hash).not.toContain(key);
    // The secret part (after km_<8 hex>_) may itself contain '_', so cut by position.
    expect(JSON.stringify(stored.rows)).not.toContain(key.slice(12));

    const anon = api.client();
    const me = await anon.get('/api/me', bearer(key));
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('merchant');
    // API-key writes need no CSRF token: there is no ambient cookie for a forger to ride on.
    const write = await anon.request('POST', '/api/api-keys', {
      body: { name: 'via key' },
      headers: bearer(key),
    });
    expect(write.status).toBe(201);
    const list = await c.get('/api/api-keys');
    expect(list.body.items.map((k: { name: string }) => k.name)).toEqual(['via key', '自营店铺同步']);
    expect(JSON.stringify(list.body)).not.toContain(key);
  });

  it('refuses a wrong or revoked key with 401', async () => {
    const c = api.client();
    await c.login('merchant');
    const { body } = await c.post('/api/api-keys', { name: 'short-lived' });
    expect((await api.client().get('/api/me', bearer(`${body.key}x`))).status).toBe(401);
    expect((await c.post(`/api/api-keys/${body.id}/revoke`)).body.revokedAt).not.toBeNull();
    const after = await api.client().get('/api/me', bearer(body.key));
    expect(after.status).toBe(401);
  });

  it("answers 404 — not 403, not the data — for another merchant's key", async () => {
    const owner = api.client();
    await owner.login('merchant');
    const { body } = await owner.post('/api/api-keys', { name: 'mine' });
    const other = api.client();
    await other.login('merchant-b');
    const res = await other.post(`/api/api-keys/${body.id}/revoke`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('RESOURCE.NOT_FOUND');
    const missing = await other.post('/api/api-keys/999999/revoke');
    expect(missing.body).toEqual(res.body);
    expect((await other.get('/api/api-keys')).body.items).toEqual([]);
    const still = await api.db.database.pool.query('SELECT revoked_at FROM api_key WHERE id = $1', [body.id]);
    expect(still.rows[0].revoked_at).toBeNull();
  });

  it('is for merchants and admins only', async () => {
    const buyer = api.client();
    await buyer.login('buyer');
    const res = await buyer.post('/api/api-keys', { name: 'x' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUTH.FORBIDDEN');
  });
});
