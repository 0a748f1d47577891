import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../helpers/app.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => {
  api = await startTestApi({ login: { maxFailures: 3, lockMinutes: 15, ratePerMinute: 10_000 } });
});
afterAll(() => api.stop());

describe('login and sessions', () => {
  it('signs in each demo role and answers /api/me', async () => {
    for (const username of ['buyer', 'buyer2', 'merchant', 'agent', 'supervisor', 'admin']) {
      const c = api.client();
      const user = await c.login(username);
      const me = await c.get('/api/me');
      expect(me.status).toBe(200);
      expect(me.body.user).toEqual(user);
      expect(me.body.user.merchantId === null).toBe(username !== 'merchant');
    }
  });

  it('sets an httpOnly SameSite=Lax session cookie and a readable CSRF cookie', async () => {
    const res = await fetch(`${api.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'buyer', password: 'kameng-demo' }),
    });
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('kameng_session='))!;
    const csrf = cookies.find((c) => c.startsWith('kameng_csrf='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    // The token itself is never stored: only its hash.
    const token = session.split(';')[0]!.split('=')[1]!;
    const rows = await api.db.database.pool.query('SELECT token_hash FROM user_session');
    expect(rows.rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it('never leaks whether a username exists', async () => {
    const c = api.client();
    const wrongPassword = await c.post('/api/auth/login', { username: 'buyer2', password: 'nope-nope' });
    const noSuchUser = await c.post('/api/auth/login', { username: 'nobody', password: 'nope-nope' });
    expect(wrongPassword.status).toBe(401);
    expect(noSuchUser.status).toBe(401);
    expect(noSuchUser.body).toEqual(wrongPassword.body);
    expect(wrongPassword.body.error.message).toBe('用户名或密码错误');
  });

  it('locks an account after repeated failures, even against the right password', async () => {
    const c = api.client();
    for (let i = 0; i < 2; i++) {
      expect((await c.post('/api/auth/login', { username: 'supervisor', password: 'wrong' })).status).toBe(
        401,
      );
    }
    const third = await c.post('/api/auth/login', { username: 'supervisor', password: 'wrong' });
    expect(third.status).toBe(423);
    expect(third.body.error.code).toBe('AUTH.LOCKED');
    const right = await c.post('/api/auth/login', { username: 'supervisor', password: 'kameng-demo' });
    expect(right.status).toBe(423);
    const audit = await api.db.database.pool.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.locked'",
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const c = api.client();
    await c.login('merchant');
    const without = await c.post('/api/api-keys', { name: 'shop' }, { csrf: false });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('AUTH.CSRF');
    const forged = await c.post('/api/api-keys', { name: 'shop' }, { headers: { 'x-csrf-token': 'forged' } });
    expect(forged.status).toBe(403);
    const withToken = await c.post('/api/api-keys', { name: 'shop' });
    expect(withToken.status).toBe(201);
  });

  it('logs out: the old cookie no longer works', async () => {
    const c = api.client();
    await c.login('agent');
    const cookie = `kameng_session=${(c as unknown as { cookies: Map<string, string> }).cookies.get('kameng_session')}`;
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    const replay = await fetch(`${api.baseUrl}/api/me`, { headers: { cookie } });
    expect(replay.status).toBe(401);
  });

  it('answers in English when asked', async () => {
    const res = await api.client().get('/api/me', { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'AUTH.UNAUTHENTICATED', message: 'Please sign in' });
  });
});

describe('login rate limit', () => {
  it('answers 429 with our error shape past the per-minute limit', async () => {
    const limited = await startTestApi({ login: { maxFailures: 100, lockMinutes: 1, ratePerMinute: 3 } });
    try {
      const c = limited.client();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await c.post('/api/auth/login', { username: 'x', password: 'y' })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const res = await c.post('/api/auth/login', { username: 'x', password: 'y' });
      expect(res.body.error.code).toBe('RATE_LIMITED');
    } finally {
      await limited.stop();
    }
  });
});

describe('secure cookies behind TLS', () => {
  it('marks cookies Secure when the proxy says the client used https', async () => {
    const tls = await startTestApi({ trustProxy: 1 });
    try {
      const res = await fetch(`${tls.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ username: 'buyer', password: 'kameng-demo' }),
      });
      expect(res.status).toBe(200);
      for (const c of res.headers.getSetCookie()) expect(c).toMatch(/Secure/);
    } finally {
      await tls.stop();
    }
  });
});

describe('the demo users on the login page', () => {
  it('are listed with their roles in demo mode only', async () => {
    const production = await startTestApi({ demoSeed: false });
    try {
      const plain = await production.client().get('/api/auth/demo-users');
      expect(plain.status).toBe(200);
      expect(plain.body).toEqual({ demo: false, password: null, users: [] });
    } finally {
      await production.stop();
    }
    const demo = await startTestApi({ demoSeed: true, demoPassword: 'demo-pw-1' });
    try {
      const res = await demo.client().get('/api/auth/demo-users');
      expect(res.body.demo).toBe(true);
      expect(res.body.password).toBe('demo-pw-1');
      expect(res.body.users).toContainEqual({ username: 'buyer', displayName: '张小明', role: 'buyer' });
      expect(res.body.users.map((u: { role: string }) => u.role)).toEqual(
        expect.arrayContaining(['buyer', 'merchant', 'agent', 'supervisor', 'admin']),
      );
    } finally {
      await demo.stop();
    }
  });
});
