import type pg from 'pg';
import { seedBulkOrders } from '../src/demo/seed-bulk.ts';
import { seedBulkCases } from '../src/demo/seed-bulk-cases.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import type { QueueFilter } from '../src/modules/refunds/list-review-queue.ts';
import { type BenchDatabase, percentiles, type Session, signIn, startBenchServer } from './bench-db.ts';
import { fmt } from './lib.ts';
import { explain, queueSql, summary, timeSql, withIndexOrder } from './queue-explain.ts';
import { explainSweeps } from './sweep-explain.ts';

/**
 * Issue 5: the review queue, `GET /api/review/queue`, signed in as the demo `agent`, with 1,000,000
 * refund cases of which 50,000 are open, against a database holding only those 50,000 open cases
 * (no closed history) — the same filters, rounds alternating between the two (A, B, A, B …). Server
 * time is fastify's `reply.elapsedTime` (sent back in a header); round trip is the client's. The
 * p99 ratio 1M/50k shows whether 950,000 closed cases cost the queue anything (they should not: the
 * queue reads a partial index of open cases). Then EXPLAIN (ANALYZE, BUFFERS) of the exact SQL
 * listReviewQueue sends for each filter, and of the timer sweeps' due-case queries (sweep-explain.ts).
 */
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const OPEN = Number(process.env.BENCH_OPEN_CASES ?? 50_000);
const ORDERS = Number(process.env.BENCH_QUEUE_ORDERS ?? 1_000_000);
const SMALL_ORDERS = Number(process.env.BENCH_QUEUE_ORDERS_SMALL ?? 100_000);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_QUEUE_SAMPLES ?? 300);
const ROUNDS = 3;
const WARMUP = 10;
/** Per filter, size and round: stop sampling after this long (a slow query would take hours). */
const BUDGET_MS = Number(process.env.BENCH_QUEUE_BUDGET_S ?? 10) * 1000;
const SQL_RUNS = 100;
/** Filters whose query takes longer than this get their whole plan printed. */
const SLOW_MS = 5;
const size = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
/** Column labels: the small database holds only the open cases, the large one all cases. */
const [S, L] = [size(OPEN), size(CASES)];

type Filter = { name: string; query: Record<string, string>; filter: Omit<QueueFilter, 'limit'> };
type Env = { label: string; db: BenchDatabase; baseUrl: string; agent: Session; agentActor: Actor };
type Timing = { server: number; total: number };

export default async function run(): Promise<void> {
  const server = await startBenchServer();
  const envs: Env[] = [];
  try {
    // Open cases only: the queue of the big database without its history.
    envs.push(await prepare(server, 'queue_small', SMALL_ORDERS, OPEN, OPEN));
    envs.push(await prepare(server, 'queue_large', ORDERS, CASES, OPEN));
    const [small, large] = envs as [Env, Env];
    const filters = await chooseFilters(large.db.database.pool);
    const samples = new Map(filters.map((f) => [f.name, { small: [] as Timing[], large: [] as Timing[] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const f of filters) {
        samples.get(f.name)!.small.push(...(await measure(small, f, SAMPLES / ROUNDS)));
        samples.get(f.name)!.large.push(...(await measure(large, f, SAMPLES / ROUNDS)));
      }
    }
    const cell = (t: Timing[], k: keyof Timing) => {
      const p = percentiles(t.map((x) => x[k]));
      return `${fmt(p.p50, 2)} / ${fmt(p.p99, 2)}`.padStart(14);
    };
    const ratio = (a: Timing[], b: Timing[], k: keyof Timing) =>
      fmt(percentiles(b.map((x) => x[k])).p99 / percentiles(a.map((x) => x[k])).p99, 2);
    console.log(
      `\nGET /api/review/queue (limit 50), agent; p50 / p99 ms, up to ${SAMPLES} requests per filter and size\n` +
        `${'filter'.padEnd(44)} ${`server ${S}`.padStart(14)} ${`server ${L}`.padStart(14)} ratio ` +
        `${`round trip ${S}`.padStart(14)} ${`round trip ${L}`.padStart(14)} ratio`,
    );
    for (const f of filters) {
      const s = samples.get(f.name)!;
      console.log(
        `${f.name.padEnd(44)} ${cell(s.small, 'server')} ${cell(s.large, 'server')} ${ratio(s.small, s.large, 'server').padStart(5)} ` +
          `${cell(s.small, 'total')} ${cell(s.large, 'total')} ${ratio(s.small, s.large, 'total').padStart(5)}`,
      );
    }
    const worst = Math.max(
      ...filters.map((f) => percentiles(samples.get(f.name)!.large.map((t) => t.total)).p99),
    );
    console.log(
      `worst round-trip p99 at ${CASES.toLocaleString('en')} cases: ${fmt(worst, 2)} ms (goal < 50 ms)`,
    );
    console.log(
      `(requests per filter at ${L}: ${filters.map((f) => samples.get(f.name)!.large.length).join(', ')})`,
    );
    await compareSql(small, large, filters);
    await explainSweeps(large.db.database.pool);
  } finally {
    for (const env of envs) await env.db.stop();
    await server.stop();
  }
}

async function prepare(
  server: Awaited<ReturnType<typeof startBenchServer>>,
  name: string,
  orders: number,
  cases: number,
  open: number,
): Promise<Env> {
  const db = await server.database(name);
  const { pool } = db.database;
  const o = await seedBulkOrders(pool, {
    orders,
    buyers: BUYERS,
    password: db.demoPassword,
    batchSize: 50_000,
  });
  const c = await seedBulkCases(pool, { cases, open });
  console.log(
    `${name}: ${orders.toLocaleString('en')} orders in ${fmt(o.ms / 1000)} s; ` +
      `${cases.toLocaleString('en')} cases (${open.toLocaleString('en')} open) in ${fmt(c.ms / 1000)} s ` +
      `(${fmt(c.casesPerSecond, 0)} cases/s, incl. VACUUM ANALYZE)`,
  );
  const baseUrl = await db.listen();
  const [agent] = await signIn(baseUrl, db.demoPassword, ['agent']);
  const { rows } = await pool.query(`SELECT id FROM app_user WHERE username = 'agent'`);
  const agentActor: Actor = {
    userId: Number(rows[0].id),
    role: 'agent',
    merchantId: null,
    username: 'agent',
    displayName: '',
    via: 'session',
  };
  return { label: name, db, baseUrl, agent: agent!, agentActor };
}

/**
 * The filters an agent uses, with values picked from the big database: a merchant (the one with the
 * fewest open cases), and for the stress case the (merchant, product kind) pair with the fewest open
 * cases plus the rarest refund type — the queue index then has to be walked far to fill a page.
 */
async function chooseFilters(pool: pg.Pool): Promise<Filter[]> {
  const open = `c.state IN ('submitted','info_requested','risk_hold','appealed')`;
  const merchant = await pool.query<{ merchant_id: number; n: number }>(
    `SELECT merchant_id, count(*)::int AS n FROM refund_case c WHERE ${open} GROUP BY 1 ORDER BY 2 LIMIT 1`,
  );
  const pair = await pool.query<{ merchant_id: number; kind: string; n: number }>(
    `SELECT c.merchant_id, o.product_kind AS kind, count(*)::int AS n
     FROM refund_case c JOIN shop_order o ON o.id = c.order_id WHERE ${open} GROUP BY 1, 2 ORDER BY 3 LIMIT 1`,
  );
  const m = Number(merchant.rows[0]!.merchant_id);
  const p = pair.rows[0]!;
  const f = (name: string, filter: Filter['filter']): Filter => ({
    name,
    filter,
    query: Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)])),
  });
  return [
    f('(none)', {}),
    f('type=not_as_described', { type: 'not_as_described' }),
    f('productKind=membership', { productKind: 'membership' }),
    f(`merchantId=${m} (fewest open cases)`, { merchantId: m }),
    f('overdue=true', { overdue: true }),
    f('mine=true', { mine: true }),
    f('state=appealed', { state: 'appealed' }),
    f(`merchantId=${p.merchant_id}&productKind=${p.kind}&type=fee_dispute`, {
      merchantId: Number(p.merchant_id),
      productKind: p.kind as QueueFilter['productKind'],
      type: 'fee_dispute',
    }),
  ];
}

async function measure(env: Env, f: Filter, n: number): Promise<Timing[]> {
  const query = new URLSearchParams(f.query).toString();
  const out: Timing[] = [];
  const deadline = performance.now() + BUDGET_MS;
  for (let i = 0; i < WARMUP + n && (out.length < 5 || performance.now() < deadline); i++) {
    const started = performance.now();
    const res = await fetch(`${env.baseUrl}/api/review/queue?${query}`, {
      headers: { cookie: env.agent.cookie },
    });
    const body = await res.text();
    const total = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET /api/review/queue?${query}: ${res.status} ${body}`);
    if (i >= WARMUP) out.push({ server: Number(res.headers.get('x-server-ms')), total });
  }
  return out;
}

/**
 * The query alone at both sizes, as listReviewQueue sends it and with its ORDER BY spelled like the
 * queue index (withIndexOrder), then EXPLAIN (ANALYZE, BUFFERS) of both at the large size: a line per
 * filter, the whole plan for the unfiltered page and for anything slower than SLOW_MS.
 */
async function compareSql(small: Env, large: Env, filters: Filter[]): Promise<void> {
  const sizes = [small, large] as const;
  console.log(
    `\nThe queue SQL alone (pg, client-side p50 / p99 ms, up to ${SQL_RUNS} runs):\n` +
      `${'filter'.padEnd(44)} ${`as sent, ${S}`.padStart(16)} ${`as sent, ${L}`.padStart(16)} ` +
      `${`index order, ${S}`.padStart(16)} ${`index order, ${L}`.padStart(16)}`,
  );
  const plans: {
    f: Filter;
    sent: Awaited<ReturnType<typeof explain>>;
    fixed: Awaited<ReturnType<typeof explain>> | null;
  }[] = [];
  for (const f of filters) {
    const cells: string[] = [];
    for (const variant of ['sent', 'fixed'] as const) {
      for (const env of sizes) {
        const sent = await queueSql(env.db.database.pool, env.agentActor, { ...f.filter, limit: 50 });
        const q = variant === 'sent' ? sent : withIndexOrder(sent);
        if (!q) {
          cells.push('(same)'.padStart(16));
          continue;
        }
        const t = await timeSql(env.db.database.pool, q, SQL_RUNS, BUDGET_MS / 2);
        cells.push(`${fmt(t.p50, 2)} / ${fmt(t.p99, 2)}`.padStart(16));
      }
    }
    console.log(`${f.name.padEnd(44)} ${cells.join(' ')}`);
    const { pool } = large.db.database;
    const sent = await queueSql(pool, large.agentActor, { ...f.filter, limit: 50 });
    const fixed = withIndexOrder(sent);
    plans.push({ f, sent: await explain(pool, sent), fixed: fixed ? await explain(pool, fixed) : null });
  }
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the queue query at ${CASES.toLocaleString('en')} cases:`);
  for (const { f, sent, fixed } of plans) {
    console.log(`  ${f.name}\n    as sent:     ${summary(sent)}`);
    if (fixed) console.log(`    index order: ${summary(fixed)}`);
  }
  for (const { f, sent, fixed } of plans) {
    for (const [label, p] of [
      ['as sent', sent],
      ['index order', fixed],
    ] as const) {
      if (!p || (f.name !== '(none)' && p.ms <= SLOW_MS)) continue;
      console.log(`\n  ${f.name}, ${label}:`);
      for (const line of p.text) console.log(`      ${line}`);
    }
  }
}
