import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDemoExposure } from '../../src/modules/auth/demo-exposure.ts';
import { hashPassword } from '../../src/modules/auth/passwords.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase(); // the demo users, with the published password
});
afterAll(() => db.drop());

const ALL_DEMO = ['admin', 'agent', 'buyer', 'buyer2', 'merchant', 'supervisor'];

/** Issue 12, finding 7: a demo database served on a network address. */
describe('demo users on a network address', () => {
  it('are reported, with the published password, when the server listens beyond loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20'])
      expect(await findDemoExposure(db.database.db, host), host).toEqual({
        users: ALL_DEMO,
        withPublishedPassword: ALL_DEMO,
      });
  });

  it('are nothing to warn about on loopback', async () => {
    for (const host of ['127.0.0.1', '::1', 'localhost'])
      expect(await findDemoExposure(db.database.db, host), host).toEqual({
        users: [],
        withPublishedPassword: [],
      });
  });

  it('tell a changed password apart from the published one', async () => {
    await db.database.pool.query("UPDATE app_user SET password_hash = $1 WHERE username = 'admin'", [
      await hashPassword('a-long-private-password'),
    ]);
    const exposure = await findDemoExposure(db.database.db, '0.0.0.0');
    expect(exposure.users).toEqual(ALL_DEMO);
    expect(exposure.withPublishedPassword).toEqual(ALL_DEMO.filter((u) => u !== 'admin'));
  });
});
