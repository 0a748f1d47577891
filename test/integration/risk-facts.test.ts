import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBulkOrders } from '../../src/demo/seed-bulk.ts';
import { seedBulkCases } from '../../src/demo/seed-bulk-cases.ts';
import { seedDemoMarketplace } from '../../src/demo/seed-marketplace.ts';
import { readCreditFacts } from '../../src/modules/credit/refresh-credit.ts';
import { readRiskFacts, riskFactsQuery, riskFactValues } from '../../src/modules/risk/signals.ts';
import { executePrepared } from '../../src/platform/db/pool.ts';
import { startTestApi } from '../helpers/app.ts';
import { DEMO_PASSWORD } from '../helpers/global-db.ts';

/**
 * What the risk facts (modules/risk/signals.ts) read about a buyer with a long history: a reseller's refund rate is
 * read over the same window as its paid orders (its last 200 orders), so thousands of orders neither
 * inflate it nor cost more to read.
 */
let api: Awaited<ReturnType<typeof startTestApi>>;

beforeAll(async () => {
  api = await startTestApi();
  const pool = api.db.database.pool;
  await seedDemoMarketplace(api.ctx, { password: DEMO_PASSWORD });
  // 100 buyers; the first (a reseller) places 20% of 6,000 orders.
  await seedBulkOrders(pool, { orders: 6_000, buyers: 100, password: DEMO_PASSWORD, batchSize: 6_000 });
  await seedBulkCases(pool, { cases: 1_800, open: 60 });
});
afterAll(() => api?.stop());

type Facts = { paid: number; refunded: number; ip: number };

async function orderOf(username: string): Promise<number> {
  const { rows } = await api.db.database.pool.query<{ id: string }>(
    `SELECT o.id FROM shop_order o JOIN app_user u ON u.id = o.buyer_id WHERE u.username = $1 ORDER BY o.id LIMIT 1`,
    [username],
  );
  return Number(rows[0]!.id);
}

async function readFacts(orderId: number, now = new Date()): Promise<Facts> {
  const f = await readRiskFacts(api.ctx.db, orderId, [], now);
  return { paid: Number(f.k_r_paid), refunded: Number(f.k_r_refunded), ip: Number(f.k_r_ip) };
}

async function factsOf(username: string) {
  const pool = api.db.database.pool;
  const { rows } = await pool.query<{ orders: number; paid_all: number; refunded_all: number }>(
    `SELECT (SELECT count(*)::int FROM shop_order x WHERE x.buyer_id = u.id) AS orders,
       (SELECT count(*)::int FROM shop_order x WHERE x.buyer_id = u.id
          AND x.status IN ('awaiting_delivery', 'delivered', 'completed')) AS paid_all,
       (SELECT count(DISTINCT c.order_id)::int FROM refund_case c WHERE c.buyer_id = u.id AND c.state = 'refunded') AS refunded_all
     FROM app_user u WHERE u.username = $1`,
    [username],
  );
  return { ...rows[0]!, f: await readFacts(await orderOf(username)) };
}

describe('risk facts over a long history', () => {
  it("reads a reseller's refund rate over its last 200 orders, close to its rate over all of them", async () => {
    const r = await factsOf('bulk-buyer-1');
    expect(r.orders).toBeGreaterThan(1_000);
    expect(r.f.paid).toBeGreaterThan(0);
    expect(r.f.paid).toBeLessThanOrEqual(200);
    const overall = r.refunded_all / r.paid_all;
    const windowed = r.f.refunded / r.f.paid;
    // Counting every refunded order against at most 200 paid ones would read several times the rate.
    expect(r.refunded_all / Math.min(r.paid_all, 200)).toBeGreaterThan(overall * 3);
    expect(Math.abs(windowed - overall)).toBeLessThan(0.1);
  });

  it('reads a small buyer whole', async () => {
    const r = await factsOf('bulk-buyer-50');
    expect(r.orders).toBeLessThan(200);
    expect(r.f.paid).toBe(r.paid_all);
    expect(r.f.refunded).toBe(r.refunded_all);
  });

  it('counts at most 100 other accounts behind one network, however many share it', async () => {
    const pool = api.db.database.pool;
    // Every account on one public /24 (a carrier's shared range): more than 100 others.
    await pool.query(
      `INSERT INTO account_link (kind, value, user_id) SELECT 'ip', '203.0.113.0/24', id FROM app_user`,
    );
    const users = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM app_user`);
    expect(users.rows[0]!.n - 1).toBeGreaterThan(100);
    const f = await readFacts(await orderOf('bulk-buyer-7'));
    expect(f.ip).toBe(100);
    await pool.query(`DELETE FROM account_link WHERE value = '203.0.113.0/24'`);
  });

  it('is read with the submission, in one statement planned once per connection', async () => {
    // The submit path's read is a named prepared statement: after PostgreSQL's five custom plans it
    // keeps a generic one, and that plan reads the same facts as a fresh one.
    const client = await api.db.database.pool.connect();
    try {
      const order = await orderOf('bulk-buyer-1');
      const values = { ...riskFactValues([], new Date('2026-12-01T00:00:00Z')), order };
      const db = drizzle(client);
      const seen: string[] = [];
      for (let i = 0; i < 8; i++) {
        const r = await executePrepared<Record<string, unknown>>(db, riskFactsQuery(false), values);
        seen.push(JSON.stringify(r.rows[0]));
      }
      expect(new Set(seen).size).toBe(1);
      // One statement (the same text as readRiskFacts', which earlier tests may have run on this
      // connection too), run at least three times on its generic plan.
      const plans = await client.query<{ generic: string; custom: string }>(
        `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE statement LIKE '%AS k_r_paid%'`,
      );
      expect(plans.rows).toHaveLength(1);
      expect(Number(plans.rows[0]!.generic)).toBeGreaterThanOrEqual(3);
      expect(Number(plans.rows[0]!.custom)).toBeLessThanOrEqual(5);
    } finally {
      client.release();
    }
  });

  it('no longer leaves the old facts function behind', async () => {
    const { rows } = await api.db.database.pool.query(`SELECT 1 FROM pg_proc WHERE proname = 'risk_facts'`);
    expect(rows).toHaveLength(0);
  });
});

describe('credit facts over a long history (信用分, bounded like the risk facts)', () => {
  async function both(username: string) {
    const pool = api.db.database.pool;
    const { rows } = await pool.query<{
      id: string;
      orders: number;
      cases: number;
      paid_all: number;
      refund_cases_all: number;
    }>(
      `SELECT u.id,
         (SELECT count(*)::int FROM shop_order x WHERE x.buyer_id = u.id) AS orders,
         (SELECT count(*)::int FROM refund_case c WHERE c.buyer_id = u.id) AS cases,
         (SELECT count(*)::int FROM shop_order x WHERE x.buyer_id = u.id
            AND x.status IN ('awaiting_delivery', 'delivered', 'completed')) AS paid_all,
         (SELECT count(*)::int FROM refund_case c WHERE c.buyer_id = u.id AND c.type <> 'fee_dispute') AS refund_cases_all
       FROM app_user u WHERE u.username = $1`,
      [username],
    );
    const r = rows[0]!;
    return { ...r, facts: await readCreditFacts(api.ctx.db, Number(r.id), new Date()) };
  }

  it("reads a reseller's last 500 orders and the cases since, with a refund rate close to its overall one", async () => {
    const r = await both('bulk-buyer-1');
    expect(r.orders).toBeGreaterThan(1_000);
    expect(r.facts.paidOrders).toBeLessThanOrEqual(500);
    expect(r.facts.refundCases).toBeLessThan(r.refund_cases_all);
    const overall = r.refund_cases_all / r.paid_all;
    const windowed = r.facts.refundCases / r.facts.paidOrders;
    // Every case ever against at most 500 paid orders would read about twice the rate, or more.
    expect(r.refund_cases_all / Math.min(r.paid_all, 500)).toBeGreaterThan(overall * 2);
    expect(Math.abs(windowed - overall)).toBeLessThan(0.1);
  });

  it('reads a small buyer whole', async () => {
    const r = await both('bulk-buyer-50');
    expect(r.orders).toBeLessThan(500);
    expect(r.facts.paidOrders).toBe(r.paid_all);
    expect(r.facts.refundCases).toBe(r.refund_cases_all);
  });
});
