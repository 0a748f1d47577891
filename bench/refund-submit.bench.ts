import type pg from 'pg';
import { expressPolicyOf } from '../src/core/credit/index.ts';
import { FEE_DISPUTE_RULES, VIRTUAL_RULES } from '../src/core/policy/default-rules.ts';
import { DEFAULT_POLICY, type PolicyDocument } from '../src/core/policy/index.ts';
import { seedBulkOrders } from '../src/demo/seed-bulk.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import { publishDraft, saveDraft } from '../src/modules/policy/admin-policy.ts';
import { currentPolicy } from '../src/modules/policy/current-policy.ts';
import { openDatabase } from '../src/platform/db/pool.ts';
import { type BenchDatabase, percentiles, recordStatements, signIn, startBenchServer } from './bench-db.ts';
import { cpuMeter, fmt, type PgCpu } from './lib.ts';
import {
  bulkSubmitJobs,
  httpPhase,
  type Job,
  line,
  medianBy,
  type Phase,
  submitRequest,
} from './submit-load.ts';
import { prepareSubmitSql, type SubmitSql, submitSql } from './submit-sql.ts';

/**
 * Issue 5: refund submissions per second through `POST /api/refunds` (session cookie, CSRF header,
 * a fresh Idempotency-Key, each request on a different paid order, so each opens a case) against
 * the ceiling of the same transaction's SQL alone — the statements submitRefund sends, in the same
 * order, over a pg pool with the same concurrency and no HTTP, auth, idempotency, ORM or response.
 * Rounds alternate (HTTP, SQL, HTTP, SQL …) on one database; medians. Goal: HTTP ≥ 60% of SQL (issue 13; issue 5 asked 40%), ≥ 300 req/s.
 *
 * The published policy has 10 rules: the default policy's 8 virtual-goods rules and its 2 fee-dispute
 * rules (the default has 18; its 8 physical-goods rules are left out). Orders are bulk-seeded card-key
 * and membership orders with no keys issued, which that policy refunds in full as not received.
 */
const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ORDERS = Number(process.env.BENCH_SUBMIT_ORDERS ?? 60_000);
const BUYERS = Number(process.env.BENCH_SUBMIT_BUYERS ?? 200);
// The users in the database (issue 13: the cost per submit must not grow with them); the first
// BUYERS of them sign in and submit.
const USERS = Math.max(BUYERS, Number(process.env.BENCH_SUBMIT_USERS ?? BUYERS));
const ROUNDS = 3;
const WARMUP = 200;
// autocannon builds one request ahead per connection: orders it takes but never sends.
const SLACK = CONNECTIONS * 2 + 10;

export default async function run(): Promise<void> {
  const server = await startBenchServer();
  const pgCpu = server.postgresCpuSeconds;
  let env: BenchDatabase | null = null;
  try {
    env = await server.database('submit');
    const { ctx, database } = env;
    const seeded = await seedBulkOrders(database.pool, {
      orders: ORDERS,
      buyers: USERS,
      password: env.demoPassword,
      batchSize: 50_000,
    });
    console.log(
      `seeded ${ORDERS.toLocaleString('en')} orders over ${USERS.toLocaleString('en')} buyers in ${fmt(seeded.ms / 1000)} s; ` +
        `${BUYERS} of them sign in and submit`,
    );
    const version = await publishTenRules(env);
    const policy = await currentPolicy(ctx.db);
    console.log(`published policy v${version}: ${policy.document.rules.length} rules`);
    if (policy.document.rules.length !== 10) throw new Error('expected a 10-rule policy');

    // Risk control is measured on its own (bench/risk.bench.ts, on and off in one run); here the submit
    // path is compared with the replay of the same statements, which has no risk step.
    ctx.config.risk.enabled = false;
    const baseUrl = await env.listen();
    const usernames = Array.from({ length: BUYERS }, (_, i) => `bulk-buyer-${i + 1}`);
    const sessions = new Map(
      (await signIn(baseUrl, env.demoPassword, usernames)).map((s) => [s.username, s]),
    );
    const needed = 2 * (WARMUP + SUBMITS + ROUNDS * SLACK) + SLACK + 2;
    const jobs = await bulkSubmitJobs(database.pool, sessions, needed);
    const take = (n: number) => jobs.splice(0, n);

    // The SQL side gets its own pool, as many connections as HTTP clients.
    const sqlDb = openDatabase(env.url, { max: CONNECTIONS });
    try {
      const tx = await prepareSubmitSql(ctx);
      await compareStatements(baseUrl, sqlDb.pool, tx, take(1)[0]!, take(1)[0]!);
      await httpPhase(baseUrl, take(WARMUP + SLACK), WARMUP, pgCpu, CONNECTIONS);
      await sqlPhase(sqlDb.pool, tx, take(WARMUP), pgCpu);
      const perRound = Math.ceil(SUBMITS / ROUNDS);
      const http: Phase[] = [];
      const raw: Phase[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        http.push(await httpPhase(baseUrl, take(perRound + SLACK), perRound, pgCpu, CONNECTIONS));
        raw.push(await sqlPhase(sqlDb.pool, tx, take(perRound), pgCpu));
        const h = http.at(-1)!;
        const s = raw.at(-1)!;
        console.log(`round ${round + 1}: HTTP ${line(h)}`);
        console.log(`         SQL  ${line(s)}   ratio ${fmt(h.rate / s.rate, 2)}`);
      }
      const failed = [...http, ...raw].reduce((n, p) => n + p.failed, 0);
      if (failed > 0) throw new Error(`${failed} submissions failed`);
      const h = medianBy(http);
      const s = medianBy(raw);
      const cases = Number((await database.pool.query(`SELECT count(*) AS n FROM refund_case`)).rows[0].n);
      console.log(
        `\n${CONNECTIONS} connections, ${perRound} submits per phase, ${ROUNDS} rounds (medians); ` +
          `${cases.toLocaleString('en')} cases in the table at the end`,
      );
      console.log(`HTTP POST /api/refunds  ${line(h)}`);
      console.log(`SQL transaction alone   ${line(s)}`);
      console.log(`ratio HTTP / SQL: ${fmt(h.rate / s.rate, 2)}  (goal ≥ 0.60; issue 5 asked 0.40)`);
      // Where CPU is what runs out (both sides keep the machine busy), this is the ratio to expect.
      const cpu = (p: Phase) => p.nodeCpuMs + p.pgCpuMs;
      console.log(
        `CPU per submit: HTTP ${fmt(cpu(h), 2)} ms, SQL ${fmt(cpu(s), 2)} ms; ratio SQL / HTTP ${fmt(cpu(s) / cpu(h), 2)}`,
      );
    } finally {
      await sqlDb.close();
    }
  } finally {
    await env?.stop();
    await server.stop();
  }
}

/** Publishes the default policy's virtual-goods and fee-dispute rules (10), express off, as the next version. */
async function publishTenRules(env: BenchDatabase): Promise<number> {
  const { db } = env.ctx;
  const { rows } = await env.database.pool.query(`SELECT id FROM app_user WHERE username = 'admin'`);
  const admin: Actor = {
    userId: Number(rows[0].id),
    role: 'admin',
    merchantId: null,
    username: 'admin',
    displayName: '',
    via: 'session',
  };
  const base = structuredClone(DEFAULT_POLICY);
  const document: PolicyDocument = {
    ...base,
    rules: structuredClone([...VIRTUAL_RULES, ...FEE_DISPUTE_RULES]),
    // 极速退款 off: the bulk buyers' clean records make many submissions express (approved and handed to
    // payout in the same request, 22 statements), a share that varied from run to run; the replay has
    // none. Express is measured on its own (bench/express.bench.ts).
    express: { ...expressPolicyOf(base), enabled: false },
  };
  await saveDraft({ db, admin, ip: '127.0.0.1', document });
  return publishDraft({ db, admin, ip: '127.0.0.1', note: 'bench: 10 rules (virtual goods + fee disputes)' });
}

/**
 * The statements one HTTP submission sends (all connections) and those of its transaction, next to
 * the replay's. Printed so that a change to the use-case the replay misses is visible.
 */
async function compareStatements(baseUrl: string, pool: pg.Pool, s: SubmitSql, http: Job, raw: Job) {
  const viaHttp = await recordStatements(async () => {
    const req = submitRequest(http);
    const res = await fetch(`${baseUrl}${req.path}`, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
    });
    if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
  });
  const client = await pool.connect();
  const replay = await recordStatements(() => submitSql(client, s, raw.orderNo, raw.buyerId)).finally(() =>
    client.release(),
  );
  // The transaction: from BEGIN to COMMIT on the connection that ran it.
  const txOf = (lists: string[][]) => {
    const l = lists.find((x) => x.some((t) => /^begin$/i.test(t))) ?? [];
    const start = l.findIndex((t) => /^begin$/i.test(t));
    return l.slice(start, l.findIndex((t, i) => i > start && /^commit$/i.test(t)) + 1);
  };
  const all = viaHttp.reduce((n, l) => n + l.length, 0);
  const [a, b] = [txOf(viaHttp), txOf(replay)];
  console.log(
    `one HTTP submit sends ${all} statements, ${a.length} of them in its transaction; the replay ${b.length}:`,
  );
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const cut = (t = '') => (t.length > 62 ? `${t.slice(0, 59)}...` : t).padEnd(62);
    console.log(`  ${cut(a[i])} | ${cut(b[i])}`);
  }
  if (a.length !== b.length)
    console.log('!! the replay no longer matches the use-case: update bench/submit-sql.ts');
  // The rest, in order per connection: session, idempotency, the response's reads.
  const txConn = viaHttp.find((l) => l.includes(a[0] ?? '')) ?? [];
  const outside = viaHttp.flatMap((l) =>
    l === txConn ? [...l.slice(0, l.indexOf(a[0]!)), ...l.slice(l.indexOf(a[0]!) + a.length)] : l,
  );
  console.log(`outside the transaction (HTTP only):`);
  for (const t of outside) console.log(`  ${t.length > 110 ? `${t.slice(0, 107)}...` : t}`);
}

/** `jobs.length` transactions, `CONNECTIONS` workers each on its own pooled connection. */
async function sqlPhase(pool: pg.Pool, s: SubmitSql, jobs: Job[], pgCpu: PgCpu): Promise<Phase> {
  let next = 0;
  let failed = 0;
  const latencies: number[] = [];
  const meter = cpuMeter(pgCpu);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = await pool.connect();
      try {
        for (let job = jobs[next++]; job; job = jobs[next++]) {
          const t = performance.now();
          try {
            await submitSql(client, s, job.orderNo, job.buyerId);
            latencies.push(performance.now() - t);
          } catch (err) {
            if (failed++ === 0) console.log(`first failed SQL submit: ${String(err)}`);
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  const { p50, p99 } = percentiles(latencies);
  return { ...meter.stop(latencies.length), failed, p50, p99 };
}
