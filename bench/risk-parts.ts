import { fillPlaceholders, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { riskFactsQuery, riskFactValues } from '../src/modules/risk/signals.ts';
import { fmt, type PgCpu } from './lib.ts';

/**
 * Where the risk facts (modules/risk/signals.ts, read inside the submission's read statement) spend
 * their time: each of their reads run for every buyer of a sample inside one statement (a LATERAL join
 * over the buyer ids, so no round trip is counted), the parts interleaved over five passes, the fastest
 * pass kept; microseconds a buyer. BENCH_RISK_PARTS=1 (or `only`) in the risk bench.
 */
const PARTS: Record<string, string> = {
  orders: `SELECT count(*) FILTER (WHERE x.status IN ('awaiting_delivery', 'delivered', 'completed')) AS p,
             bool_or(x.channel = 'wechatpay' AND x.status IN ('awaiting_delivery', 'delivered', 'completed')) AS s,
             min(x.created_at) AS m
           FROM (SELECT o.id, o.status, o.channel, o.created_at FROM shop_order o WHERE o.buyer_id = b.id
                 ORDER BY o.created_at DESC NULLS LAST, o.id DESC NULLS LAST LIMIT 200) x`,
  cases: `SELECT count(*) FILTER (WHERE c.created_at > $2::timestamptz - interval '7 days') AS a,
            count(*) FILTER (WHERE c.created_at > $2::timestamptz - interval '30 days') AS b,
            count(*) FILTER (WHERE c.created_at > $2::timestamptz - interval '90 days') AS d,
            count(*) FILTER (WHERE c.merchant_id = 1) AS p,
            count(DISTINCT c.order_id) FILTER (WHERE c.state = 'refunded') AS r
          FROM (SELECT r.created_at, r.merchant_id, r.state, r.order_id FROM refund_case r WHERE r.buyer_id = b.id
                ORDER BY r.created_at DESC NULLS LAST, r.id DESC NULLS LAST LIMIT 300) c`,
  links: `WITH mine AS (SELECT kind, value FROM account_link WHERE user_id = b.id)
          SELECT json_object_agg(kind, n)::text AS j FROM (SELECT m.kind, count(DISTINCT l.user_id) AS n FROM mine m
            JOIN account_link l ON l.kind = m.kind AND l.value = m.value AND l.user_id <> b.id GROUP BY m.kind) s`,
  identity: `SELECT v.status FROM identity_verification v WHERE v.user_id = b.id`,
  joined: `SELECT created_at FROM app_user WHERE id = b.id`,
};

export async function timeRiskParts(pool: pg.Pool, buyerIds: number[], now: Date): Promise<void> {
  const best = new Map<string, number>();
  for (let pass = 0; pass < 5; pass++) {
    for (const [name, part] of Object.entries(PARTS)) {
      const t = performance.now();
      await pool.query(
        `SELECT sum(length(x::text)) FROM unnest($1::bigint[]) b(id) LEFT JOIN LATERAL (${part}) x ON true
         WHERE $2::timestamptz IS NOT NULL`,
        [buyerIds, now],
      );
      const us = ((performance.now() - t) / buyerIds.length) * 1000;
      if (pass > 0) best.set(name, Math.min(best.get(name) ?? Number.POSITIVE_INFINITY, us));
    }
  }
  console.log(`risk facts by part (${buyerIds.length} buyers, fastest of 4 warm passes):`);
  for (const [name, us] of best) console.log(`  ${name.padEnd(12)} ${fmt(us, 1).padStart(7)} µs a buyer`);
}

/**
 * The facts as submissions read them, from `connections` clients at once (each call its own
 * statement, as in the submit path), against a primary-key read of the order as the floor: the
 * database's CPU per call (all backends, from /proc).
 */
export async function concurrentRiskFacts(
  pool: pg.Pool,
  buyerIds: number[],
  now: Date,
  pgCpu: PgCpu,
  connections = 10,
): Promise<void> {
  const { rows } = await pool.query<{ b: string; o: string; m: string; ch: string }>(
    `SELECT b.id AS b, o.id AS o, o.merchant_id AS m, o.channel AS ch
     FROM unnest($1::bigint[]) b(id), LATERAL (SELECT * FROM shop_order WHERE buyer_id = b.id LIMIT 1) o`,
    [buyerIds],
  );
  // The facts as the submission reads them (a named statement, so planned once per connection).
  const dialect = new PgDialect();
  const compiled = dialect.sqlToQuery(riskFactsQuery(false));
  const facts = (r: (typeof rows)[number]) => ({
    sql: compiled.sql,
    params: fillPlaceholders(compiled.params, { ...riskFactValues([], now), order: r.o }),
  });
  const variants: Record<string, (r: (typeof rows)[number]) => pg.QueryConfig> = {
    floor: (r) => ({ name: 'floor', text: 'SELECT * FROM shop_order WHERE id = $1', values: [r.o] }),
    facts: (r) => {
      const q = facts(r);
      return { name: 'facts', text: q.sql, values: q.params };
    },
  };
  for (let pass = 0; pass < 2; pass++) {
    for (const [name, make] of Object.entries(variants)) {
      const cpu0 = pgCpu() ?? Number.NaN;
      const t = performance.now();
      let calls = 0;
      await Promise.all(
        Array.from({ length: connections }, async (_, c) => {
          const client = await pool.connect();
          try {
            for (let i = c; i < rows.length * 4; i += connections) {
              await client.query(make(rows[i % rows.length]!));
              calls++;
            }
          } finally {
            client.release();
          }
        }),
      );
      const ms = performance.now() - t;
      const cpu = ((pgCpu() ?? Number.NaN) - cpu0) * 1000;
      if (pass === 1)
        console.log(
          `  ${name.padEnd(12)} ${connections} clients: ${fmt((calls / ms) * 1000, 0)} calls/s, PostgreSQL CPU ${fmt(cpu / calls, 3)} ms a call`,
        );
    }
  }
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the facts for three random paid orders of these buyers, as the
 * submission's read runs them: which part reads how many buffers, and how many heap visits its
 * index-only scans could not skip (pages not yet all-visible).
 */
export async function explainRiskFacts(pool: pg.Pool, usernames: string[], now: Date): Promise<void> {
  const q = new PgDialect().sqlToQuery(sql`EXPLAIN (ANALYZE, BUFFERS) ${riskFactsQuery(false)}`);
  const picked = await pool.query<{ id: string }>(
    `SELECT o.id FROM shop_order o JOIN app_user u ON u.id = o.buyer_id
     WHERE u.username = ANY($1) AND o.paid_fen > 0 ORDER BY random() LIMIT 3`,
    [usernames],
  );
  for (const o of picked.rows) {
    const plan = await pool.query<{ 'QUERY PLAN': string }>(
      q.sql,
      fillPlaceholders(q.params, { ...riskFactValues([], now), order: o.id }),
    );
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
}
