import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseMessage } from '../../src/core/refunds/case-messages.ts';
import { sendMessages } from '../../src/modules/messages/send-messages.ts';
import { type Database, inTransaction } from '../../src/platform/db/pool.ts';
import { freshDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeMerchant } from '../helpers/factories.ts';

/**
 * Every refund submission (and most case events) writes site messages to a shop's merchant users or to
 * the supervisors. Finding them must not read every user: at 10,000 buyers that scan was 39% of a
 * submission's database time. With 20,000 buyers in the table, the lookups sendMessages sends go through
 * app_user_staff_idx.
 */
let db: TestDatabase;
let database: Database;
let shopId: number;
beforeAll(async () => {
  db = await freshDatabase();
  database = db.database;
  await database.pool.query(
    `INSERT INTO app_user (username, display_name, role, password_hash)
     SELECT 'recipients-buyer-' || g, 'b', 'buyer', 'x' FROM generate_series(1, 20000) g`,
  );
  const ctx = { db: database.db } as Parameters<typeof makeMerchant>[0];
  shopId = await makeMerchant(ctx, 'recipients-shop');
  await database.pool.query(
    `INSERT INTO app_user (username, display_name, role, merchant_id, password_hash)
     VALUES ('recipients-shop-2', 's', 'merchant', $1, 'x')`,
    [shopId],
  );
  await database.pool.query('ANALYZE app_user');
});
afterAll(() => db?.drop());

const message = (to: CaseMessage['to']): CaseMessage => ({
  to,
  kind: 'test',
  titleZh: '测试',
  titleEn: 'test',
  bodyZh: '测试',
  bodyEn: 'test',
});

/** Sends one message and returns the recipient lookup it ran (text and values) and who got it. */
async function send(to: CaseMessage['to']) {
  const seen: { text: string; values: unknown[] }[] = [];
  type Query = (this: object, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  proto.query = function (this: object, ...args: unknown[]) {
    const q = args[0] as string | { text: string; values?: unknown[] };
    if (typeof q === 'object' && /from "app_user"/i.test(q.text))
      seen.push({ text: q.text, values: q.values ?? (args[1] as unknown[] | undefined) ?? [] });
    return original.apply(this, args);
  };
  const subject = `recipients:${Math.random()}`;
  try {
    await inTransaction(database.db, (tx) =>
      sendMessages(
        tx,
        [message(to)],
        { buyerId: 1, merchantId: shopId, assigneeId: null },
        {
          subject,
          refundNo: 'R00000000000000',
          now: new Date(),
        },
      ),
    );
  } finally {
    proto.query = original;
  }
  expect(seen).toHaveLength(1);
  const { rows } = await database.pool.query(
    `SELECT u.username FROM site_message m JOIN app_user u ON u.id = m.user_id WHERE m.subject = $1 ORDER BY 1`,
    [subject],
  );
  return { lookup: seen[0]!, recipients: rows.map((r) => r.username as string) };
}

async function plan(lookup: { text: string; values: unknown[] }): Promise<string> {
  const { rows } = await database.pool.query(`EXPLAIN ${lookup.text}`, lookup.values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('site message recipients among 20,000 buyers', () => {
  it("finds a shop's merchant users through the staff index, not a scan of every user", async () => {
    const { lookup, recipients } = await send('merchant');
    expect(recipients).toEqual(['recipients-shop', 'recipients-shop-2']);
    const p = await plan(lookup);
    expect(p).toContain('app_user_staff_idx');
    expect(p).not.toMatch(/Seq Scan on app_user/);
  });

  it('finds the supervisors through the same index', async () => {
    const { lookup, recipients } = await send('supervisors');
    expect(recipients).toEqual(['supervisor']);
    const p = await plan(lookup);
    expect(p).toContain('app_user_staff_idx');
    expect(p).not.toMatch(/Seq Scan on app_user/);
  });
});
