import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { buildHttp, createContext, defineJobs } from '../src/app.ts';
import { heavyBuyerCount, seedBulkOrders } from '../src/demo/seed-bulk.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { seedDemoMarketplace } from '../src/demo/seed-marketplace.ts';
import { prng } from '../src/demo/seed-random.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import { listOrders } from '../src/modules/orders/list-orders.ts';
import { loadConfig } from '../src/platform/config.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openDatabase } from '../src/platform/db/pool.ts';
import { JobQueue } from '../src/platform/jobs/queue.ts';
import { createLogger } from '../src/platform/logger.ts';
import { fmt } from './lib.ts';

/**
 * The buyer's order list at 100k and at 1M orders over 10k buyers, through the real HTTP endpoint with
 * signed-in sessions: (a) status tab + name search + time range, first page; (b) the 10th page of a
 * keyset walk (resellers, who have hundreds of orders). Two databases in one PostgreSQL, each with
 * its own app; rounds alternate between them (A, B, A, B, …) so drift on this shared machine hits
 * both alike. Server time is fastify's `reply.elapsedTime` (request in → response serialised), sent
 * back in a header by a hook this bench adds; the client measures the round trip too. The p99 ratio
 * 1M/100k shows whether the list's cost depends on the table's size (it should not).
 */
const SMALL = Number(process.env.BENCH_ORDERS_SMALL ?? 100_000);
const LARGE = Number(process.env.BENCH_ORDERS_LARGE ?? 1_000_000);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 900);
const DEEP_WALKS = Number(process.env.BENCH_DEEP_WALKS ?? 150);
const ROUNDS = 3;
const PAGES = 10;
const FRAGMENTS = ['Q币', '话费', '会员', '一卡通', '直充', '鼠标', 'Steam', '卡密'];
const STATUSES = ['pending_payment', 'awaiting_delivery', 'delivered', 'completed', 'cancelled'];
const DAY = 86_400_000;

type Timing = { server: number; total: number };
type Stats = { p50: number; p99: number };
type Env = Awaited<ReturnType<typeof prepare>>;

export default async function run(): Promise<void> {
  const log = createLogger('silent');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-bench-'));
  await chmod(dir, 0o755);
  let embedded: EmbeddedDatabase | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port: 20000 + Math.floor(Math.random() * 20000),
      log,
    });
    adminUrl = embedded.url;
  }
  const envs: Env[] = [];
  try {
    for (const orders of [SMALL, LARGE]) envs.push(await prepare(adminUrl, dir, orders));
    const [small, large] = envs as [Env, Env];
    const samples = { small: newSamples(), large: newSamples() };
    for (let round = 0; round < ROUNDS; round++) {
      await measure(small, samples.small);
      await measure(large, samples.large);
    }
    for (const env of envs) await explain(env);
    const size = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
    console.log(
      `\n${'scenario'.padEnd(34)} ${size(SMALL).padStart(20)} ${size(LARGE).padStart(20)}   p99 ratio`,
    );
    for (const [name, key] of [
      ['(a) status+q+range, server', 'a.server'],
      ['(a) status+q+range, round trip', 'a.total'],
      ['(b) 10th keyset page, server', 'b.server'],
      ['(b) 10th keyset page, round trip', 'b.total'],
    ] as const) {
      const s = stats(samples.small[key]);
      const l = stats(samples.large[key]);
      const cell = (x: Stats) => `p50 ${fmt(x.p50, 2)}  p99 ${fmt(x.p99, 2)}`.padStart(20);
      console.log(`${name.padEnd(34)} ${cell(s)} ${cell(l)}   ${fmt(l.p99 / s.p99, 2)}`);
    }
    console.log(
      `(milliseconds; ${samples.small['a.server'].length} + ${samples.small['b.server'].length} samples per size)`,
    );
  } finally {
    for (const env of envs) await env.stop();
    await embedded?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A database of its own with the demo marketplace and `orders` bulk orders, its app, and sessions. */
async function prepare(adminUrl: string, dataDir: string, orders: number) {
  const log = createLogger('silent');
  const dbName = `kameng_bench_${orders}_${process.pid}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  const database = openDatabase(url);
  const base = loadConfig({
    KAMENG_LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    KAMENG_DATA_DIR: dataDir,
  });
  const config = { ...base, login: { ...base.login, ratePerMinute: 1_000_000 } };
  const jobs = new JobQueue(url, log, false);
  await migrate(database.pool);
  const ctx = await createContext(config, database, jobs);
  defineJobs(ctx);
  await jobs.start();
  await seedDemo(database.db, config.demoPassword);
  await seedDemoMarketplace(ctx, { password: config.demoPassword });
  const seeded = await seedBulkOrders(database.pool, {
    orders,
    buyers: BUYERS,
    password: config.demoPassword,
    batchSize: 50_000,
  });
  console.log(
    `seeded ${orders.toLocaleString('en')} orders over ${BUYERS.toLocaleString('en')} buyers in ` +
      `${fmt(seeded.ms / 1000)} s: ${fmt(seeded.ordersPerSecond, 0)} orders/s (incl. VACUUM ANALYZE)`,
  );
  const app = await buildHttp(ctx, log);
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-server-ms', reply.elapsedTime.toFixed(3));
    return payload;
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  // The same buyers and the same queries at both sizes (same PRNG seeds).
  const pick = prng(42);
  const anyone = await sessions(
    baseUrl,
    config.demoPassword,
    Array.from({ length: 200 }, () => pick.int(1, BUYERS)),
  );
  const resellers = await sessions(
    baseUrl,
    config.demoPassword,
    Array.from({ length: Math.min(heavyBuyerCount(BUYERS), 50) }, (_, i) => i + 1),
  );
  return {
    orders,
    baseUrl,
    pool: database.pool,
    anyone,
    resellers,
    rnd: prng(7),
    async stop() {
      await app.close();
      await jobs.stop();
      await database.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(text);
  await c.end();
}

/** Signs each `bulk-buyer-N` in through the login endpoint; returns their session cookies. */
async function sessions(baseUrl: string, password: string, buyers: number[]): Promise<string[]> {
  const cookies: string[] = [];
  for (const n of buyers) {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `bulk-buyer-${n}`, password }),
    });
    if (res.status !== 200) throw new Error(`login bulk-buyer-${n}: ${res.status}`);
    cookies.push(
      res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    );
  }
  return cookies;
}

async function get(
  baseUrl: string,
  cookie: string,
  query: string,
): Promise<Timing & { nextCursor: string | null }> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/orders?${query}`, { headers: { cookie } });
  const body = (await res.json()) as { nextCursor: string | null };
  const total = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET /api/orders?${query}: ${res.status} ${JSON.stringify(body)}`);
  return { server: Number(res.headers.get('x-server-ms')), total, nextCursor: body.nextCursor };
}

function firstPageQuery(rnd: ReturnType<typeof prng>): string {
  const now = Date.now();
  return new URLSearchParams({
    status: rnd.pick(STATUSES),
    q: rnd.pick(FRAGMENTS),
    from: new Date(now - 90 * DAY).toISOString(),
    to: new Date(now).toISOString(),
    limit: '20',
  }).toString();
}

const newSamples = () => ({
  'a.server': [] as number[],
  'a.total': [] as number[],
  'b.server': [] as number[],
  'b.total': [] as number[],
});

/** One round at one size: a share of (a) first pages and of (b) deep walks, appended to `out`. */
async function measure(env: Env, out: ReturnType<typeof newSamples>): Promise<void> {
  const { baseUrl, anyone, resellers, rnd } = env;
  for (let i = 0; i < 50; i++) await get(baseUrl, rnd.pick(anyone), firstPageQuery(rnd));
  for (let i = 0; i < SAMPLES / ROUNDS; i++) {
    const t = await get(baseUrl, rnd.pick(anyone), firstPageQuery(rnd));
    out['a.server'].push(t.server);
    out['a.total'].push(t.total);
  }
  for (let i = 0; i < DEEP_WALKS / ROUNDS; i++) {
    const cookie = rnd.pick(resellers);
    let cursor: string | null = null;
    let last: Timing | null = null;
    for (let page = 1; page <= PAGES; page++) {
      const r = await get(baseUrl, cookie, `limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      last = r;
      cursor = r.nextCursor;
      if (!cursor) break;
    }
    out['b.server'].push(last!.server);
    out['b.total'].push(last!.total);
  }
}

function stats(values: number[]): Stats {
  const v = [...values].sort((x, y) => x - y);
  return { p50: v[Math.floor(v.length * 0.5)]!, p99: v[Math.max(0, Math.ceil(v.length * 0.99) - 1)]! };
}

/** EXPLAIN (ANALYZE, BUFFERS) of the exact SQL listOrders sends, for the reseller with the most orders. */
async function explain({ pool, orders }: Env): Promise<void> {
  const { rows } = await pool.query(`SELECT id FROM app_user WHERE username = 'bulk-buyer-1'`);
  const actor: Actor = {
    userId: Number(rows[0].id),
    role: 'buyer',
    merchantId: null,
    username: 'bulk-buyer-1',
    displayName: '',
    via: 'session',
  };
  let captured = { sql: '', params: [] as unknown[] };
  const db = drizzle(pool, {
    logger: {
      logQuery: (sql, params) => {
        captured = { sql, params };
      },
    },
  });
  const now = Date.now();
  const first: ListQuery = {
    status: 'completed',
    q: '话费',
    from: new Date(now - 90 * DAY),
    to: new Date(now),
    limit: 20,
  };
  let deep: ListQuery = { limit: 20 };
  for (let page = 1; page < PAGES; page++) {
    const r = await listOrders(db, actor, deep);
    if (!r.nextCursor) break;
    deep = { ...deep, cursor: r.nextCursor };
  }
  for (const [name, query] of [
    ['(a) status=completed q=话费 last 90 days', first],
    [`(b) no filter, page ${PAGES}`, deep],
  ] as const) {
    await listOrders(db, actor, query);
    const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${captured.sql}`, captured.params);
    console.log(`\nEXPLAIN at ${orders.toLocaleString('en')} orders, ${name} — bulk-buyer-1:`);
    for (const r of plan.rows) console.log(`  ${r['QUERY PLAN']}`);
  }
}

type ListQuery = Parameters<typeof listOrders>[2];
