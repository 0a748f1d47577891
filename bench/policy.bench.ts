import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createContext, defineJobs } from '../src/app.ts';
import {
  compilePolicy,
  DEFAULT_POLICY,
  factsToJson,
  type OrderFacts,
  type PolicyDocument,
  quote,
  REFUND_TYPES,
} from '../src/core/policy/index.ts';
import { cardKeyDelivered, makeFacts } from '../src/core/policy/testing/make-facts.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { seedDemoMarketplace } from '../src/demo/seed-marketplace.ts';
import { shopOrder } from '../src/modules/orders/schema.ts';
import { orderFacts } from '../src/modules/policy/order-facts.ts';
import { refundQuoteLog } from '../src/modules/policy/schema.ts';
import { simulatePolicy } from '../src/modules/policy/simulate-policy.ts';
import { loadConfig } from '../src/platform/config.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openDatabase } from '../src/platform/db/pool.ts';
import { JobQueue } from '../src/platform/jobs/queue.ts';
import { createLogger } from '../src/platform/logger.ts';
import { fmt } from './lib.ts';

const QUOTES = Number(process.env.BENCH_QUOTES ?? 1_000_000);
const CASES = Number(process.env.BENCH_SIM_CASES ?? 100_000);

/**
 * Issue 4's figures. (1) `quote` on one core with the default policy, against a baseline loop that
 * only builds the facts object the same way (the goal is ≥ 100,000 quotes/s). (2) The what-if
 * simulation over 100,000 past requests read from PostgreSQL (goal < 10 s), against reading the same
 * rows without evaluating them.
 */
export default async function run(): Promise<void> {
  quoteThroughput();
  await simulationTime();
}

function quoteThroughput(): void {
  const templates: OrderFacts[] = [
    makeFacts(),
    cardKeyDelivered(1, 0),
    cardKeyDelivered(2, 1),
    makeFacts({
      productKind: 'direct_topup',
      status: 'delivered',
      paidFen: 5000,
      delivery: { deliveredAt: new Date('2026-03-09T12:01:00Z'), orderedUnits: 50, arrivedUnits: 30 },
    }),
    makeFacts({
      productKind: 'physical',
      status: 'completed',
      receivedAt: new Date('2026-03-08T12:00:00Z'),
      delivery: { deliveredAt: new Date('2026-03-06T12:00:00Z'), orderedUnits: 1, arrivedUnits: 1 },
    }),
  ];
  const policy = compilePolicy(DEFAULT_POLICY);
  const now = new Date('2026-03-10T04:00:00Z');
  const build = (i: number): OrderFacts => {
    const t = templates[i % templates.length]!;
    return { ...t, paidFen: t.paidFen + (i % 7), delivery: { ...t.delivery } };
  };
  let sink = 0;
  const time = (fn: (i: number) => void) => {
    const start = performance.now();
    for (let i = 0; i < QUOTES; i++) fn(i);
    return performance.now() - start;
  };
  // Warm up both loops, then alternate so drift hits both.
  time((i) => {
    sink += build(i).paidFen;
  });
  time((i) => {
    sink += quote(policy, build(i), { type: REFUND_TYPES[i % REFUND_TYPES.length]! }, now).amountFen;
  });
  const base: number[] = [];
  const full: number[] = [];
  for (let r = 0; r < 3; r++) {
    base.push(time((i) => (sink += build(i).paidFen)));
    full.push(
      time(
        (i) =>
          (sink += quote(policy, build(i), { type: REFUND_TYPES[i % REFUND_TYPES.length]! }, now).amountFen),
      ),
    );
  }
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
  const perSec = (ms: number) => (QUOTES / ms) * 1000;
  console.log(`build facts only   ${fmt(perSec(med(base)), 0)} /s`);
  console.log(`build + quote      ${fmt(perSec(med(full)), 0)} quotes/s (goal ≥ 100000)`);
  console.log(
    `ratio quote loop / baseline loop time: ${fmt(med(full) / med(base), 1)}×  (sink ${sink % 10})`,
  );
}

async function simulationTime(): Promise<void> {
  const log = createLogger('silent');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-bench-'));
  await chmod(dir, 0o755);
  const embedded = await startEmbeddedPostgres({
    dir: path.join(dir, 'pg'),
    port: 20000 + Math.floor(Math.random() * 20000),
    log,
  });
  const database = openDatabase(embedded.url);
  const jobs = new JobQueue(embedded.url, log, false);
  try {
    await migrate(database.pool);
    const config = loadConfig({ KAMENG_LOG_LEVEL: 'silent', KAMENG_DATA_DIR: dir });
    const ctx = await createContext(config, database, jobs);
    defineJobs(ctx);
    await jobs.start();
    await seedDemo(database.db, config.demoPassword);
    await seedDemoMarketplace(ctx, { password: config.demoPassword });
    const orders = (await database.db.select().from(shopOrder)).filter((o) => o.paidFen > 0);
    const facts = await Promise.all(orders.map((o) => orderFacts(database.db, o)));
    const current = compilePolicy(DEFAULT_POLICY);
    const now = new Date();
    const insertStart = performance.now();
    for (let i = 0; i < CASES; i += 5000) {
      const rows = Array.from({ length: Math.min(5000, CASES - i) }, (_, j) => {
        const k = i + j;
        const f = facts[k % facts.length]!;
        const type = REFUND_TYPES[k % REFUND_TYPES.length]!;
        const at = new Date(now.getTime() - (k % 80) * 86_400_000);
        const q = quote(current, f, { type }, at);
        return {
          orderId: orders[k % orders.length]!.id,
          type,
          productKind: f.productKind,
          facts: factsToJson(f),
          policyVersion: 1,
          eligible: q.eligible,
          amountFen: q.amountFen,
          ruleId: q.ruleId,
          at,
        };
      });
      await database.db.insert(refundQuoteLog).values(rows);
    }
    console.log(
      `\nlogged ${CASES} past requests over ${orders.length} paid demo orders in ${fmt((performance.now() - insertStart) / 1000, 1)} s`,
    );
    const draft = structuredClone(DEFAULT_POLICY) as PolicyDocument;
    draft.fees[0]!.rateBp = 800;
    const readOnly = async () => {
      const start = performance.now();
      const res = await database.pool.query(
        'SELECT facts, type, at, eligible, amount_fen, rule_id FROM refund_quote_log WHERE at >= $1',
        [new Date(now.getTime() - 90 * 86_400_000)],
      );
      let n = 0;
      for (const r of res.rows) n += r.amount_fen > 0 ? 1 : 0;
      return { ms: performance.now() - start, n };
    };
    const simulate = async () => {
      const start = performance.now();
      const r = await simulatePolicy({ db: database.db, draft, days: 90, now });
      return { ms: performance.now() - start, r };
    };
    await readOnly();
    const reads: number[] = [];
    const sims: number[] = [];
    let report: Awaited<ReturnType<typeof simulate>>['r'] | undefined;
    for (let round = 0; round < 3; round++) {
      reads.push((await readOnly()).ms);
      const s = await simulate();
      sims.push(s.ms);
      report = s.r;
    }
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    console.log(`read the rows only      ${fmt(med(reads) / 1000, 2)} s`);
    console.log(
      `simulate (read + quote) ${fmt(med(sims) / 1000, 2)} s for ${report!.cases} requests (goal < 10 s), ${report!.changed} would change`,
    );
    console.log(`ratio simulate / read: ${fmt(med(sims) / med(reads), 2)}×`);
  } finally {
    await jobs.stop();
    await database.close();
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
