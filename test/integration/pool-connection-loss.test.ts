import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';

/**
 * The database going away under a transaction (a restart, a fast shutdown, an operator's
 * pg_terminate_backend) fails that transaction; it must not crash the process. A checked-out client
 * between two statements had no 'error' listener, so the server's "terminating connection" arrived
 * as an unhandled 'error' event and killed Kameng.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t?.drop());

describe('a connection lost in the middle of a transaction', () => {
  it('fails the transaction and leaves the process and the pool working', async () => {
    const outcome = inTransaction(t.database.db, async (tx) => {
      const { pid } = (await tx.execute(sql`SELECT pg_backend_pid() AS pid`)).rows[0] as { pid: number };
      // Between two statements (node's turn), the server ends this connection.
      await t.database.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((r) => setTimeout(r, 200));
      await tx.execute(sql`SELECT 1`);
    });
    await expect(outcome).rejects.toThrow();
    const { rows } = await t.database.pool.query('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });
});
