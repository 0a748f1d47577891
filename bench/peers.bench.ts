import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seedBulkOrders } from '../src/demo/seed-bulk.ts';
import { freePort } from '../test/helpers/ports.ts';
import { type BenchDatabase, signIn, startBenchServer } from './bench-db.ts';
import { fmt, medianFields } from './lib.ts';
import {
  PEERS_DIR,
  runProcess,
  startVendure,
  type VendureLoad,
  type VendurePeer,
  waitFor,
} from './peers-vendure.ts';

/**
 * Issue 13, on demand only (`npm run bench -- peers`; `npm run bench` alone skips it): Kameng's refund
 * submission against a peer's refund, side by side on this machine — Vendure 3.7.3's admin `refundOrder`
 * (installed at run time outside the project, see peers-vendure.ts) and Kameng's `POST /api/refunds`.
 *
 * Each server runs as a process of its own on a PostgreSQL cluster of its own (Kameng: a fresh embedded
 * one with the demo marketplace and BENCH_PEERS_ORDERS bulk orders over BENCH_PEERS_BUYERS signed-in
 * buyers; Vendure: populate.js and seed_orders.js), and each is loaded from a process of its own
 * (refund_load.js for Vendure, peers-kameng-load.ts for Kameng: autocannon, fixed duration). One system
 * is under load at a time: at 10 and then 50 connections, a warm-up of each, then three rounds of
 * Kameng, Vendure; medians and the ratio Kameng / Vendure.
 *
 * What each request does: Vendure refunds 10 cents of a random seeded order's payment (the stub payment
 * handler settles refunds at once); Kameng opens a refund case on an order of its own (card-key and
 * membership orders with no key issued: quoted in full as not received by the default policy).
 */
const SECONDS = Number(process.env.BENCH_PEERS_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_PEERS_WARMUP ?? 3);
const ROUNDS = 3;
const CONNECTIONS = [10, 50];
const ORDERS = Number(process.env.BENCH_PEERS_ORDERS ?? 100_000);
const BUYERS = Number(process.env.BENCH_PEERS_BUYERS ?? 200);
const VENDURE_ORDERS = Number(process.env.BENCH_PEERS_VENDURE_ORDERS ?? 300);

type Load = { rps: number; okPerS: number; p50: number; p99: number; total: number; bad: number };

export default async function run(): Promise<void> {
  console.log(`peer scripts from ${PEERS_DIR} (KAMENG_PEERS_DIR)`);
  const server = await startBenchServer();
  let vendure: VendurePeer | null = null;
  let env: BenchDatabase | null = null;
  let kameng: ChildProcess | null = null;
  try {
    vendure = await startVendure({ orders: VENDURE_ORDERS, log: (l) => console.log(l) });
    env = await server.database('peers');
    const seeded = await seedBulkOrders(env.database.pool, {
      orders: ORDERS,
      buyers: BUYERS,
      password: env.demoPassword,
      batchSize: 50_000,
    });
    console.log(
      `kameng: ${ORDERS.toLocaleString('en')} bulk orders over ${BUYERS} buyers in ${fmt(seeded.ms / 1000)} s`,
    );
    const port = await freePort();
    kameng = spawn(process.execPath, ['bin/kameng.js', 'serve', '--role', 'api', '--port', String(port)], {
      env: {
        ...process.env,
        DATABASE_URL: env.url,
        KAMENG_DATA_DIR: server.dataDir,
        KAMENG_DEMO_SEED: 'false',
        KAMENG_LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        KAMENG_LOGIN_RATE_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitFor(kameng, 'is running at', 120_000);
    const baseUrl = `http://127.0.0.1:${port}`;
    console.log(`kameng: kameng serve --role api on ${baseUrl} (pid ${kameng.pid})`);
    const jobsFile = await kamengJobs(env, baseUrl, server.dataDir);
    let from = 0;
    const kamengLoad = async (connections: number, seconds: number): Promise<Load> => {
      const out = await runProcess(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(import.meta.dirname, 'peers-kameng-load.ts'),
          baseUrl,
          jobsFile,
          String(from),
          String(connections),
          String(seconds),
        ],
        { cwd: process.cwd() },
      );
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as Load & {
        next: number;
        firstBad: string | null;
      };
      from = r.next;
      if (r.firstBad) console.log(`    kameng: first failed submission: ${r.firstBad}`);
      return r;
    };

    const summary: string[] = [];
    for (const c of CONNECTIONS) {
      await kamengLoad(c, WARMUP_SECONDS);
      await vendure.load(c, WARMUP_SECONDS);
      const k: Load[] = [];
      const v: VendureLoad[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        k.push(await kamengLoad(c, SECONDS));
        v.push(await vendure.load(c, SECONDS));
        console.log(
          `  ${c} connections, round ${round}: Kameng ${line(k.at(-1)!)} | Vendure ${line(v.at(-1)!)} | ` +
            `ratio ${fmt(k.at(-1)!.okPerS / v.at(-1)!.okPerS, 2)}`,
        );
      }
      const km = median(k);
      const vm = median(v);
      // Each round's pair ran back to back: the median of their ratios drifts least with the machine.
      const ratios = k.map((x, i) => ({ r: x.okPerS / v[i]!.okPerS }));
      summary.push(
        `  ${String(c).padStart(2)} connections: Kameng POST /api/refunds ${line(km)} | Vendure refundOrder ${line(vm)} | ` +
          `**ratio Kameng / Vendure ${fmt(km.okPerS / vm.okPerS, 2)}** (of the medians; ` +
          `median of the rounds' ratios ${fmt(medianFields(ratios, ['r']).r, 2)})`,
      );
    }
    console.log(`\nmedians of ${ROUNDS} rounds, ${SECONDS} s each, one system under load at a time:`);
    for (const s of summary) console.log(s);
  } finally {
    if (kameng && kameng.exitCode === null) {
      const exited = new Promise((r) => kameng!.once('exit', r));
      kameng.kill('SIGTERM');
      await exited;
    }
    await vendure?.stop();
    await env?.stop();
    await server.stop();
  }
}

const line = (l: Load) =>
  `${fmt(l.okPerS)} ok/s (${fmt(l.rps)} req/s), p50 ${fmt(l.p50, 0)} ms, p99 ${fmt(l.p99, 0)} ms` +
  (l.bad ? `, ${l.bad} failed` : '');

const median = (ls: Load[]): Load => medianFields(ls, ['rps', 'okPerS', 'p50', 'p99', 'total', 'bad']);

/** The bulk buyers signed in, each eligible order with its buyer's session, shuffled, in a JSON file. */
async function kamengJobs(env: BenchDatabase, baseUrl: string, dir: string): Promise<string> {
  const usernames = Array.from({ length: BUYERS }, (_, i) => `bulk-buyer-${i + 1}`);
  const sessions = new Map((await signIn(baseUrl, env.demoPassword, usernames)).map((s) => [s.username, s]));
  const { rows } = await env.database.pool.query<{ order_no: string; username: string }>(
    `SELECT o.order_no, u.username FROM shop_order o JOIN app_user u ON u.id = o.buyer_id
     WHERE u.username LIKE 'bulk-buyer-%' AND o.paid_fen > 0 AND o.product_kind IN ('card_key', 'membership')
     ORDER BY random()`,
  );
  const jobs = rows.map((r) => {
    const s = sessions.get(r.username)!;
    return { orderNo: r.order_no, cookie: s.cookie, csrf: s.csrf };
  });
  console.log(
    `kameng: ${jobs.length.toLocaleString('en')} eligible orders, ${sessions.size} buyers signed in`,
  );
  const file = path.join(dir, 'kameng-jobs.json');
  await writeFile(file, JSON.stringify(jobs));
  return file;
}
