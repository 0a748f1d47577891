import { sql } from 'drizzle-orm';
import { ESCROW, FUNDING } from '../src/core/ledger/accounts.ts';
import { planRefund } from '../src/core/ledger/refund-plan.ts';
import { type LedgerTxn, transfer } from '../src/core/ledger/txn.ts';
import type { Actor } from '../src/modules/auth/actor.ts';
import { postTxn } from '../src/modules/ledger/post-txn.ts';
import { loadConfig } from '../src/platform/config.ts';
import { inTransaction } from '../src/platform/db/pool.ts';
import { actorsByName, approveCase, openCase } from '../test/helpers/cases.ts';
import { addKeys, makeBuyers, makeProduct, setBalance } from '../test/helpers/factories.ts';
import { WorkerProcess } from '../test/helpers/worker-process.ts';
import {
  type BenchDatabase,
  percentiles,
  processCpuSeconds,
  startBenchServer,
  statementStats,
} from './bench-db.ts';
import { cpuMeter, fmt, medianFields, type PgCpu } from './lib.ts';

/**
 * Issues 6 and 13: payouts.
 * (a) Payouts per second end to end, and approve → 已退款 latency. Each phase opens N cases (alipay /
 *     wechatpay / balance in thirds, no faults, over 30 buyers), a supervisor approves them (the use-case
 *     the route calls, 4 at a time: the attempts and their jobs are written) and a fresh
 *     `kameng serve --role worker` child process runs the jobs: it calls the gateway simulator through the
 *     official SDKs (or credits the balance) and applies the outcome — ledger, order, case.
 *     - drain: all N approved first, then the worker starts; payouts/s from the outcome of the 10th
 *       percent to the last (the payout pipeline alone, the fresh worker warmed up);
 *     - burst: the worker runs while the approvals go in; approve → 已退款 p50 / p99 per payout.
 *     Phases alternate between KAMENG_PAYOUT_CONCURRENCY=1 (the baseline: one payout at a time, as before
 *     issue 13) and the configured concurrency; three rounds, medians, the ratio. Times are the
 *     database's own stamps (attempt written / settled, job started / completed).
 * (b) What booking a refund costs: postTxn of a planRefund transaction (escrow → fee income and → the
 *     channel's clearing: 3 postings; accounts upserted, balances updated under their CHECK, postings
 *     inserted, the balance trigger at commit) against a bare INSERT of the same rows (one txn row, one
 *     multi-row posting INSERT) into scratch copies of the two tables (same columns, indexes and CHECKs;
 *     no foreign keys, no triggers). Each in its own transaction, one connection, blocks of 100
 *     alternating, 2,000 each after 200 warm-up each.
 */
const PAYOUTS = Number(process.env.BENCH_PAYOUTS ?? 300);
const POSTINGS = Number(process.env.BENCH_POSTINGS ?? 2000);
const ROUNDS = Number(process.env.BENCH_PAYOUT_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_PAYOUT_CONCURRENCY ?? loadConfig({}).payoutConcurrency);
const APPROVERS = 4;
/** Buyers the orders are spread over (their balances pay the balance-channel orders). */
const BUYERS = 30;
/** The share of a drain's payouts that warm the fresh worker up before its rate is timed. */
const WARM_SHARE = 0.1;
const BLOCK = 100;
const CHANNELS = ['alipay', 'wechatpay', 'balance'] as const;

export default async function run(): Promise<void> {
  const server = await startBenchServer();
  let env: BenchDatabase | null = null;
  try {
    env = await server.database('payouts');
    const baseUrl = await env.listen();
    const simulator = env.payments.simulator;
    if (!simulator) throw new Error('expected the in-process gateway simulator');
    const workerEnv = (concurrency: number) => ({
      ...process.env,
      DATABASE_URL: env!.url,
      KAMENG_DATA_DIR: server.dataDir,
      KAMENG_DEMO_SEED: 'false',
      KAMENG_LOG_LEVEL: 'warn',
      KAMENG_GATEWAY_SIM_URL: simulator.url,
      KAMENG_PAYMENT_NOTIFY_BASE_URL: baseUrl,
      KAMENG_PAYOUT_CONCURRENCY: String(concurrency),
    });
    await endToEnd(env, server.postgresCpuSeconds, workerEnv);
    await postingCost(env, server.postgresCpuSeconds);
  } finally {
    await env?.stop();
    await server.stop();
  }
}

type Mode = 'drain' | 'burst';
type Phase = {
  mode: Mode;
  concurrency: number;
  /** Payouts per second: drain — the outcomes after the first 10%; burst — first approval → last outcome. */
  rate: number;
  spanS: number;
  approvalsS: number;
  /** Approve → 已退款 (attempt written → settled), ms. */
  p50: number;
  p99: number;
  jobP50: number;
  jobP99: number;
  machineBusy: number;
  /** CPU per payout (ms): the worker process, this process (approvals, simulator, notifications), PostgreSQL. */
  cpu: { worker: number; bench: number; postgres: number };
  byChannel: string[];
};

async function endToEnd(
  env: BenchDatabase,
  pgCpu: PgCpu,
  workerEnv: (concurrency: number) => NodeJS.ProcessEnv,
) {
  console.log(
    `(a) ${PAYOUTS} payouts a phase, KAMENG_PAYOUT_CONCURRENCY 1 (baseline) and ${CONCURRENCY} alternating, ` +
      `${ROUNDS} rounds, a fresh worker process each phase. drain: all approved first, then the worker ` +
      `starts; burst: the worker runs while the approvals go in, ${APPROVERS} at a time.`,
  );
  const buyers = await benchBuyers(env);
  const runs = new Map<string, Phase[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of ['drain', 'burst'] as const) {
      for (const c of [1, CONCURRENCY]) {
        const p = await phase(env, pgCpu, workerEnv(c), c, mode, buyers);
        runs.set(`${mode}${c}`, [...(runs.get(`${mode}${c}`) ?? []), p]);
        console.log(`  round ${round}, ${phaseLine(p)}`);
      }
    }
  }
  const m = (mode: Mode, c: number) => medianPhase(runs.get(`${mode}${c}`)!);
  const [d1, dc, b1, bc] = [m('drain', 1), m('drain', CONCURRENCY), m('burst', 1), m('burst', CONCURRENCY)];
  console.log(`\n  medians of ${ROUNDS}:`);
  for (const p of [d1, dc, b1, bc]) console.log(`    ${phaseLine(p)}`);
  for (const line of dc.byChannel) console.log(`      drain, concurrency ${CONCURRENCY}: ${line}`);
  console.log(
    `    drain: **${fmt(dc.rate)} payouts/s** at concurrency ${CONCURRENCY} against ${fmt(d1.rate)} at 1: ` +
      `**ratio ${fmt(dc.rate / d1.rate, 2)}** (goal ≥ 60 payouts/s: ${dc.rate >= 60 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `    burst of ${PAYOUTS} approvals: approve → 已退款 **p50 ${fmt(bc.p50 / 1000, 2)} s, p99 ${fmt(bc.p99 / 1000, 2)} s** ` +
      `at concurrency ${CONCURRENCY} against p50 ${fmt(b1.p50 / 1000, 2)} s, p99 ${fmt(b1.p99 / 1000, 2)} s at 1 ` +
      `(goal p99 < 5 s: ${bc.p99 < 5000 ? 'met' : 'NOT met'}); the approvals alone ${fmt(PAYOUTS / bc.approvalsS)}/s`,
  );
}

const phaseLine = (p: Phase) =>
  `${p.mode} at concurrency ${String(p.concurrency).padStart(2)}: **${fmt(p.rate)} payouts/s** ` +
  (p.mode === 'drain'
    ? `(the last ${PAYOUTS - Math.floor(PAYOUTS * WARM_SHARE)} in ${fmt(p.spanS, 2)} s)`
    : `(${PAYOUTS} in ${fmt(p.spanS, 2)} s from the first approval; approvals ${fmt(p.approvalsS, 2)} s), ` +
      `approve → 已退款 p50 ${fmt(p.p50 / 1000, 2)} s, p99 ${fmt(p.p99 / 1000, 2)} s`) +
  `; the job itself p50 ${fmt(p.jobP50, 0)} ms, p99 ${fmt(p.jobP99, 0)} ms; ` +
  `CPU per payout: worker ${fmt(p.cpu.worker)} ms, bench process ${fmt(p.cpu.bench)} ms, ` +
  `postgres ${fmt(p.cpu.postgres)} ms; machine ${fmt(p.machineBusy * 100, 0)}% busy`;

function medianPhase(ps: Phase[]): Phase {
  // The CPU and per-channel lines of the phase with the median rate.
  const byRate = [...ps].sort((x, y) => x.rate - y.rate)[Math.floor(ps.length / 2)]!;
  return {
    ...byRate,
    ...medianFields(ps, ['rate', 'spanS', 'approvalsS', 'p50', 'p99', 'jobP50', 'jobP99', 'machineBusy']),
  };
}

/** Buyers of the bench's orders, each with a balance to pay with (one wallet row would serialise them). */
async function benchBuyers(env: BenchDatabase): Promise<Actor[]> {
  const names = await makeBuyers(env.ctx, 'payout-bench-buyer', BUYERS);
  const actors = await actorsByName(env.ctx, names);
  const buyers = names.map((n) => actors.get(n)!);
  for (const b of buyers) await setBalance(env.ctx, b.userId, ROUNDS * 4 * PAYOUTS * 10_000);
  return buyers;
}

/**
 * Opens PAYOUTS cases; then, for a drain, approves them all and starts a worker with the given env; for
 * a burst, starts the worker and approves them; waits until every case is 已退款.
 */
async function phase(
  env: BenchDatabase,
  pgCpu: PgCpu,
  workerEnv: NodeJS.ProcessEnv,
  concurrency: number,
  mode: Mode,
  buyers: Actor[],
): Promise<Phase> {
  const { ctx } = env;
  const pool = env.database.pool;
  const actors = await actorsByName(ctx, ['supervisor', 'merchant']);
  const productId = await makeProduct(ctx, {
    merchantId: actors.get('merchant')!.merchantId!,
    priceFen: 10_000,
  });
  await addKeys(ctx, productId, PAYOUTS);
  const cases: { refundNo: string; version: number }[] = [];
  for (let i = 0; i < PAYOUTS; i++)
    cases.push(await openCase(ctx, buyers[i % buyers.length]!, productId, CHANNELS[i % 3]!));
  const supervisor = actors.get('supervisor')!;
  const approveAll = async () => {
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: APPROVERS }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          await approveCase(ctx, supervisor, c.refundNo, c.version);
        }
      }),
    );
    return (performance.now() - t) / 1000;
  };

  const worker = new WorkerProcess(workerEnv);
  try {
    const approvalsBefore = mode === 'drain' ? await approveAll() : 0;
    await worker.start();
    const stats = statementStats(pool);
    await stats.reset();
    const meter = cpuMeter(pgCpu);
    const workerCpu0 = processCpuSeconds(worker.pid!) ?? Number.NaN;
    const approvalsS = mode === 'burst' ? await approveAll() : approvalsBefore;
    const refundNos = cases.map((c) => c.refundNo);
    const refunded = async () =>
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM refund_case WHERE refund_no = ANY($1) AND state = 'refunded'`,
          [refundNos],
        )
      ).rows[0].n as number;
    const deadline = Date.now() + 10 * 60_000;
    while ((await refunded()) < PAYOUTS) {
      if (Date.now() > deadline) throw new Error('payouts did not all reach 已退款 within 10 minutes');
      await new Promise((r) => setTimeout(r, 50));
    }
    const workerCpuMs = (((processCpuSeconds(worker.pid!) ?? Number.NaN) - workerCpu0) * 1000) / PAYOUTS;
    const { machineBusy, nodeCpuMs, pgCpuMs } = meter.stop(PAYOUTS);
    await stats.print(PAYOUTS, 'payout');

    // From the database's own clocks: each attempt is written at approval and stamped when settled;
    // pg-boss stamps when a job starts and completes.
    const { rows } = await pool.query<{
      channel: string;
      ms: number;
      settled: Date;
      first: Date;
      last: Date;
    }>(
      `SELECT a.channel, extract(epoch FROM a.settled_at - a.created_at) * 1000 AS ms, a.settled_at AS settled,
              min(a.created_at) OVER () AS first, max(a.settled_at) OVER () AS last
       FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id
       WHERE c.refund_no = ANY($1) AND a.status = 'succeeded'`,
      [refundNos],
    );
    if (rows.length !== PAYOUTS) throw new Error(`${PAYOUTS - rows.length} payouts did not succeed`);
    // A drain's rate is its steady state: from the (WARM)th outcome to the last, so that the fresh
    // worker's first moments (connections, JIT, the SDKs' first calls) do not count.
    const settled = rows.map((r) => r.settled.getTime()).sort((a, b) => a - b);
    const warm = Math.floor(PAYOUTS * WARM_SHARE);
    const spanS =
      mode === 'drain'
        ? (settled.at(-1)! - settled[warm - 1]!) / 1000
        : (rows[0]!.last.getTime() - rows[0]!.first.getTime()) / 1000;
    const counted = mode === 'drain' ? PAYOUTS - warm : PAYOUTS;
    const jobRows = (
      await pool.query<{ channel: string; ms: number }>(
        `SELECT a.channel, extract(epoch FROM j.completed_on - j.started_on) * 1000 AS ms
         FROM pgboss.job j JOIN payout_attempt a ON a.id = (j.data->>'attemptId')::bigint
         JOIN refund_case c ON c.id = a.case_id
         WHERE j.name = 'payout.run' AND j.state = 'completed' AND c.refund_no = ANY($1)`,
        [refundNos],
      )
    ).rows;
    const of = <T extends { channel: string; ms: number }>(xs: T[], channel: string) =>
      xs.filter((r) => channel === 'all' || r.channel === channel).map((r) => Number(r.ms));
    const byChannel = CHANNELS.map((channel) => {
      const p = percentiles(of(rows, channel));
      const j = percentiles(of(jobRows, channel));
      return (
        `${channel.padEnd(9)} n=${p.n}: approve → 已退款 p50 ${fmt(p.p50, 0)} ms, p99 ${fmt(p.p99, 0)} ms; ` +
        `the job itself p50 ${fmt(j.p50, 1)} ms, p99 ${fmt(j.p99, 1)} ms`
      );
    });
    const all = percentiles(of(rows, 'all'));
    const job = percentiles(of(jobRows, 'all'));
    return {
      mode,
      concurrency,
      rate: counted / spanS,
      spanS,
      approvalsS,
      p50: all.p50,
      p99: all.p99,
      jobP50: job.p50,
      jobP99: job.p99,
      machineBusy,
      cpu: { worker: workerCpuMs, bench: nodeCpuMs, postgres: pgCpuMs },
      byChannel,
    };
  } finally {
    await worker.stop();
  }
}

type Side = { ms: number[]; pgCpuS: number };

async function postingCost(env: BenchDatabase, pgCpu: PgCpu): Promise<void> {
  const { ctx } = env;
  const pool = env.database.pool;
  const now = new Date();
  // Escrow holds enough for every refund the bench books (escrow may not go negative).
  await inTransaction(ctx.db, (tx) =>
    postTxn(
      tx,
      { kind: 'funding', ref: 'bench:escrow', memo: 'bench', postings: transfer(FUNDING, ESCROW, 1e13) },
      now,
    ),
  );
  await pool.query(`
    DROP TABLE IF EXISTS bench_ledger_posting, bench_ledger_txn;
    CREATE TABLE bench_ledger_txn (LIKE ledger_txn INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
    CREATE TABLE bench_ledger_posting (LIKE ledger_posting INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);`);
  const actors = await actorsByName(ctx, ['buyer', 'merchant']);
  let n = 0;
  const refund = (): LedgerTxn => {
    const plan = planRefund({
      ref: `bench:refund:${++n}`,
      channel: 'alipay',
      buyerId: actors.get('buyer')!.userId,
      merchantId: actors.get('merchant')!.merchantId!,
      refundFen: 9_500,
      feeFen: 500,
      sources: { escrowFen: 10_000, merchantBalanceFen: 0, guaranteeFen: 0 },
    });
    if (!plan.ok) throw new Error('plan refused');
    return plan.txn;
  };
  const sample = refund();
  const accountIds = new Map(
    (
      await pool.query<{ path: string; id: string }>(
        'SELECT path, id FROM ledger_account WHERE path = ANY($1)',
        [sample.postings.map((p) => p.account)],
      )
    ).rows.map((r) => [r.path, Number(r.id)]),
  );
  // postTxn has created the accounts the first time; read them after one real posting.
  if (accountIds.size < sample.postings.length) {
    await inTransaction(ctx.db, (tx) => postTxn(tx, sample, now));
    const again = await pool.query<{ path: string; id: string }>(
      'SELECT path, id FROM ledger_account WHERE path = ANY($1)',
      [sample.postings.map((p) => p.account)],
    );
    for (const r of again.rows) accountIds.set(r.path, Number(r.id));
  }

  const posted = () => inTransaction(ctx.db, (tx) => postTxn(tx, refund(), new Date()));
  const bare = () =>
    inTransaction(ctx.db, async (tx) => {
      const txn = refund();
      const at = new Date();
      const res = await tx.execute<{ id: string }>(
        sql`INSERT INTO bench_ledger_txn (kind, ref, memo, created_at)
            VALUES (${txn.kind}, ${txn.ref}, ${txn.memo}, ${at}) RETURNING id`,
      );
      const id = Number(res.rows[0]!.id);
      await tx.execute(
        sql`INSERT INTO bench_ledger_posting (txn_id, account_id, amount_fen, created_at) VALUES ${sql.join(
          txn.postings.map((p) => sql`(${id}, ${accountIds.get(p.account)!}, ${p.amountFen}, ${at})`),
          sql`, `,
        )}`,
      );
    });

  const block = async (fn: () => Promise<unknown>, count: number, side: Side | null) => {
    const cpu0 = pgCpu();
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      await fn();
      side?.ms.push(performance.now() - t);
    }
    const cpu1 = pgCpu();
    if (side && cpu0 !== null && cpu1 !== null) side.pgCpuS += cpu1 - cpu0;
  };
  await block(posted, 200, null);
  await block(bare, 200, null);
  const a: Side = { ms: [], pgCpuS: 0 };
  const b: Side = { ms: [], pgCpuS: 0 };
  for (let done = 0; done < POSTINGS; done += BLOCK) {
    await block(posted, Math.min(BLOCK, POSTINGS - done), a);
    await block(bare, Math.min(BLOCK, POSTINGS - done), b);
  }
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const pa = percentiles(a.ms);
  const pb = percentiles(b.ms);
  console.log(
    `\n(b) booking a refund (${sample.postings.length} postings), ${POSTINGS} each, blocks of ${BLOCK} alternating, one connection:`,
  );
  const line = (name: string, s: Side, p: ReturnType<typeof percentiles>) =>
    `    ${name} p50 ${fmt(p.p50, 3)} ms, p99 ${fmt(p.p99, 3)} ms, mean ${fmt(sum(s.ms) / s.ms.length, 3)} ms, ` +
    `${fmt((s.ms.length / sum(s.ms)) * 1000, 0)}/s` +
    (s.pgCpuS > 0 ? `, postgres CPU ${fmt((s.pgCpuS * 1000) / s.ms.length, 3)} ms each` : '');
  console.log(line('postTxn(planRefund)      ', a, pa));
  console.log(line('bare INSERT of the rows  ', b, pb));
  console.log(
    `    ratio postTxn / bare: **${fmt(pa.p50 / pb.p50, 2)}** (p50), ${fmt(sum(a.ms) / sum(b.ms), 2)} (mean)` +
      (a.pgCpuS > 0 && b.pgCpuS > 0 ? `, ${fmt(a.pgCpuS / b.pgCpuS, 2)} (postgres CPU)` : ''),
  );
  await pool.query('DROP TABLE bench_ledger_posting, bench_ledger_txn');
}
