import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../helpers/app.ts';
import { makeBuyers } from '../helpers/factories.ts';
import { DEMO_PASSWORD } from '../helpers/global-db.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let username: string;
beforeAll(async () => {
  api = await startTestApi({ login: { maxFailures: 5, lockMinutes: 15, ratePerMinute: 100_000 } });
  username = (await makeBuyers(api.ctx, 'racer', 1))[0]!;
});
afterAll(() => api.stop());

const login = (password: string) =>
  api.client().post('/api/auth/login', { username, password }, { headers: { 'accept-language': 'en' } });

/** Issue 12, finding 6: the lockout raced by parallel guesses with the right password just behind them. */
describe('login lockout under racing guesses', () => {
  it('after 4 wrong passwords, 40 parallel wrong guesses and the right one 10 ms later never let it in (20 rounds)', {
    timeout: 120_000,
  }, async () => {
    const outcomes: number[] = [];
    for (let round = 0; round < 20; round++) {
      await api.ctx.pool.query(
        'UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = $1',
        [username],
      );
      for (let i = 0; i < 4; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
      const guesses = Array.from({ length: 40 }, (_, i) => login(`guess-${round}-${i}`));
      await new Promise((r) => setTimeout(r, 10));
      const right = login(DEMO_PASSWORD);
      const answers = await Promise.all([...guesses, right]);
      outcomes.push((await right).status);
      // Exactly one guess was checked (the fifth attempt) and locked the account; none got through.
      expect(answers.filter((a) => a.status === 200)).toEqual([]);
      expect(answers.filter((a) => a.status === 401)).toEqual([]);
      for (const a of answers) expect(a.body.error.code).toBe('AUTH.LOCKED');
    }
    expect(outcomes).toEqual(Array(20).fill(423));
    // The lock holds afterwards, for the right password too.
    expect((await login(DEMO_PASSWORD)).status).toBe(423);
  });

  it('lets 30 parallel right-password sign-ins all in, even after 4 wrong ones (each waits its turn at the limit)', async () => {
    await api.ctx.pool.query(
      'UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = $1',
      [username],
    );
    for (const failuresBefore of [0, 4]) {
      for (let i = 0; i < failuresBefore; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
      const answers = await Promise.all(Array.from({ length: 30 }, () => login(DEMO_PASSWORD)));
      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
    }
  });

  it('lets the right password in within the limit, and resets the count', async () => {
    await api.ctx.pool.query(
      'UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = $1',
      [username],
    );
    for (let i = 0; i < 4; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    expect((await login(DEMO_PASSWORD)).status).toBe(200);
    const row = await api.ctx.pool.query(
      'SELECT failed_logins, locked_until FROM app_user WHERE username = $1',
      [username],
    );
    expect(row.rows[0]).toEqual({ failed_logins: 0, locked_until: null });
    // Counting starts over: four more wrong ones are not yet a lock.
    for (let i = 0; i < 4; i++) expect((await login(`again-${i}`)).status).toBe(401);
  });

  it('after the lock expires, a wrong password locks again at once and the right one gets in', async () => {
    const expire = () =>
      api.ctx.pool.query(
        `UPDATE app_user SET failed_logins = 5, locked_until = now() - interval '1 second' WHERE username = $1`,
        [username],
      );
    await expire();
    expect((await login('still-wrong')).status).toBe(423);
    expect((await login(DEMO_PASSWORD)).status).toBe(423);
    await expire();
    expect((await login(DEMO_PASSWORD)).status).toBe(200);
  });
});
