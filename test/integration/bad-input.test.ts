import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../helpers/app.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let routes: { method: string; path: string }[];
beforeAll(async () => {
  api = await startTestApi();
  const doc = (await api.client().get('/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, '1'),
    })),
  );
});
afterAll(() => api.stop());

/**
 * Payment gateways' notifications answer in their own protocols (Alipay expects 200 "fail", WeChat Pay a
 * JSON error), need no session, and check signatures before anything else: tested on their own below.
 */
const GATEWAY_NOTIFY = ['/api/payments/notify/alipay', '/api/payments/notify/wechatpay'];

/** Every documented route, hit the ways a careless or hostile caller would: never a 5xx. */
describe('bad input on every route', () => {
  it('documents the API routes in OpenAPI', () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'GET /api/me', 'POST /api/api-keys', 'GET /readyz']),
    );
  });

  it('answers 4xx (not 5xx) without a session', async () => {
    for (const r of routes) {
      if (GATEWAY_NOTIFY.includes(r.path)) continue;
      const res = await api.client().request(r.method, r.path, { body: r.method === 'GET' ? undefined : {} });
      const public_ = [
        '/healthz',
        '/readyz',
        '/api/policy',
        '/api/help/complaints',
        // The login page's demo users: an empty list outside demo mode.
        '/api/auth/demo-users',
      ].includes(r.path);
      if (public_) expect(res.status, `${r.method} ${r.path}`).toBe(200);
      else expect(res.status, `${r.method} ${r.path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${r.method} ${r.path}`).toBeLessThan(500);
      if (res.status >= 400) expect(res.body.error.code, `${r.method} ${r.path}`).toEqual(expect.any(String));
    }
  });

  it('answers malformed JSON, wrong types and a 10 MB body with clear 4xx errors, signed in', async () => {
    const c = api.client();
    await c.login('admin');
    // Logout last: a sloppy body does not stop a logout, and after it the session is gone.
    const posts = routes
      .filter((x) => x.method === 'POST' && !GATEWAY_NOTIFY.includes(x.path))
      .sort((a) => (a.path === '/api/auth/logout' ? 1 : -1));
    for (const r of posts) {
      const malformed = await c.request('POST', r.path, { body: '{"name": ' });
      expect(malformed.status, r.path).toBe(400);
      expect(malformed.body.error.code).toBe('REQUEST.MALFORMED_JSON');
      const wrongTypes = await c.request('POST', r.path, { body: { name: 42, username: [], password: {} } });
      // Actions that take no body ignore one.
      const bodiless = ['/api/auth/logout', '/api/messages/read-all'];
      if (!bodiless.includes(r.path)) expect(wrongTypes.status, r.path).toBeGreaterThanOrEqual(400);
      expect(wrongTypes.status, r.path).toBeLessThan(500);
      const big = await c.request('POST', r.path, {
        body: JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024) }),
      });
      expect(big.status, r.path).toBe(413);
      expect(big.body.error.code).toBe('REQUEST.TOO_LARGE');
    }
  });

  it('names the offending fields on validation errors', async () => {
    const res = await api.client().post('/api/auth/login', { username: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST.VALIDATION');
    expect(res.body.error.details.fields).toEqual([
      { field: 'body.username', message: '无效输入：应为 string，实际为 number' },
      { field: 'body.password', message: '必填，应为 string' },
    ]);
    // In the caller's language, like the error's own message.
    const en = await api.client().request('POST', '/api/auth/login', {
      body: { username: 'x'.repeat(500), password: 'p' },
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.error.message).toMatch(/^[\x20-\x7e]+$/);
    expect(en.body.error.details.fields[0].message).toMatch(/^Too big/);
    const zh = await api.client().post('/api/auth/login', { username: 'x'.repeat(500), password: 'p' });
    expect(zh.body.error.details.fields[0].message).toMatch(/^数值过大/);
  });

  it('answers unknown routes with 404 JSON, and odd paths without crashing', async () => {
    const c = api.client();
    for (const path of [
      '/api/nope',
      '/api/%E0%A4%A',
      '/api/api-keys/-1/revoke',
      '/api/api-keys/1e99/revoke',
    ]) {
      const res = await c.request(path.includes('revoke') ? 'POST' : 'GET', path, {
        body: path.includes('revoke') ? {} : undefined,
      });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body.error.code, path).toEqual(expect.any(String));
    }
    const traversal = await c.get('/assets/..%2f..%2f..%2fpackage.json');
    expect(traversal.text).not.toContain('"name": "kameng"');
    const unknown = await c.get('/api/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ROUTE.NOT_FOUND');
  });

  it('tags every answer with a request id, echoing a sane one given by the caller', async () => {
    const res = await api.client().get('/healthz', { 'x-request-id': 'trace-abc.123' });
    expect(res.headers.get('x-request-id')).toBe('trace-abc.123');
    const odd = await api.client().get('/healthz', { 'x-request-id': 'bad id with spaces' });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses junk sent to the gateway notification routes in their own protocols, without a 5xx', async () => {
    const c = api.client();
    for (const body of ['{"name": ', 'x'.repeat(100_000), '', 'notify_type=trade_status_sync&sign=forged']) {
      const ali = await c.request('POST', '/api/payments/notify/alipay', {
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        csrf: false,
      });
      // "fail" in Alipay's protocol (it will send again), or a 4xx for a body over the limit.
      if (ali.status === 200) expect(ali.text).toContain('fail');
      else expect([400, 413]).toContain(ali.status);
      const wx = await c.request('POST', '/api/payments/notify/wechatpay', { body, csrf: false });
      expect(wx.status).toBeGreaterThanOrEqual(400);
      expect(wx.status).toBeLessThan(500);
    }
  });
});
