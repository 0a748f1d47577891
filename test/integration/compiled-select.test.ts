import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser } from '../../src/modules/auth/schema.ts';
import { compiledSelect, inTransaction } from '../../src/platform/db/pool.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * compiledSelect (platform/db/pool.ts): the session lookup and the case reads of every decision build
 * their SQL once per process; each call binds its own values, on the pool or inside a transaction, and
 * gets rows mapped as drizzle maps them.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  await t.database.pool.query(
    `INSERT INTO app_user (username, display_name, role, password_hash)
     VALUES ('cs-one', '一号', 'buyer', 'x'), ('cs-two', '二号', 'agent', 'x')`,
  );
});
afterAll(() => t?.drop());

let builds = 0;
const byName = compiledSelect('test_user_by_name', (db) => {
  builds++;
  return db
    .select({ user: { id: appUser.id, name: appUser.displayName }, role: appUser.role })
    .from(appUser)
    .where(eq(appUser.username, sql.placeholder('username')));
});

describe('compiledSelect', () => {
  it('builds the query once and binds each call its own values, mapped like drizzle', async () => {
    const { db } = t.database;
    const [one] = await byName(db, { username: 'cs-one' });
    const [two] = await byName(db, { username: 'cs-two' });
    const none = await byName(db, { username: 'nobody' });
    expect(one).toMatchObject({ user: { name: '一号' }, role: 'buyer' });
    expect(typeof one!.user.id).toBe('number');
    expect(two).toMatchObject({ user: { name: '二号' }, role: 'agent' });
    expect(none).toEqual([]);
    expect(builds).toBe(1);
  });

  it("runs on a transaction's connection, seeing its uncommitted rows, and on many connections at once", async () => {
    const { db } = t.database;
    await expect(
      inTransaction(db, async (tx) => {
        await tx.execute(
          sql`INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('cs-tx', '三号', 'buyer', 'x')`,
        );
        const [inside] = await byName(tx, { username: 'cs-tx' });
        expect(inside?.user.name).toBe('三号');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await byName(db, { username: 'cs-tx' })).toEqual([]);
    const names = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'cs-one' : 'cs-two'));
    const rows = await Promise.all(names.map((username) => byName(db, { username })));
    expect(rows.map((r) => r[0]!.role)).toEqual(names.map((n) => (n === 'cs-one' ? 'buyer' : 'agent')));
    expect(builds).toBe(1);
  });
});
