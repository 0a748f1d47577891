import { sql } from 'drizzle-orm';
import { ESCROW, FUNDING } from '../src/core/ledger/accounts.ts';
import { planRefund } from '../src/core/ledger/refund-plan.ts';
import { type LedgerTxn, transfer } from '../src/core/ledger/txn.ts';
import { postTxn } from '../src/modules/ledger/post-txn.ts';
import { loadConfig } from '../src/platform/config.ts';
import { inTransaction } from '../src/platform/db/pool.ts';
import { actorsByName, approveCase, openCase } from '../test/helpers/cases.ts';
import { addKeys, makeProduct, setBalance } from '../test/helpers/factories.ts';
import { WorkerProcess } from '../test/helpers/worker-process.ts';
import {
  type BenchDatabase,
  percentiles,
  processCpuSeconds,
  startBenchServer,
  statementStats,
} from './bench-db.ts';
import { cpuMeter, fmt, type PgCpu } from './lib.ts';

/**
 * Issues 6 and 13: payouts.
 * (a) Payouts per second end to end, and approve → 已退款 latency, in bursts: N cases (alipay /
 *     wechatpay / balance in thirds, no faults) are opened first; then a supervisor's approvals (the
 *     use-case the route calls, 4 at a time) write the attempts and their jobs while a
 *     `kameng serve --role worker` child process drains them: it calls the gateway simulator through the
 *     official SDKs (or credits the balance) and applies the outcome — ledger, order, case. Each burst
 *     runs against a fresh worker; bursts alternate between KAMENG_PAYOUT_CONCURRENCY=1 (the baseline:
 *     one payout at a time, as before issue 13) and the configured concurrency, three rounds, medians.
 *     Rate: first approval → last outcome applied, by the database's own timestamps.
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

type Burst = {
  concurrency: number;
  rate: number;
  spanS: number;
  approvalsS: number;
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
    `(a) bursts of ${PAYOUTS} approvals, KAMENG_PAYOUT_CONCURRENCY 1 (baseline) and ${CONCURRENCY} alternating, ` +
      `${ROUNDS} rounds, a fresh worker process each:`,
  );
  const base: Burst[] = [];
  const conc: Burst[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of [1, CONCURRENCY]) {
      const b = await burst(env, pgCpu, workerEnv(c), c);
      (c === 1 ? base : conc).push(b);
      console.log(`  round ${round}, ${burstLine(b)}`);
    }
  }
  const b = medianBurst(base);
  const c = medianBurst(conc);
  console.log(`
  medians of ${ROUNDS}:`);
  console.log(`    ${burstLine(b)}`);
  console.log(`    ${burstLine(c)}`);
  for (const line of c.byChannel) console.log(`      ${line}`);
  console.log(
    `    ratio concurrency ${CONCURRENCY} / 1: **${fmt(c.rate / b.rate, 2)}×** payouts/s; ` +
      `approve → 已退款 p99 ${fmt(c.p99 / 1000, 2)} s against ${fmt(b.p99 / 1000, 2)} s. ` +
      `Goals ≥ 60 payouts/s: ${c.rate >= 60 ? 'met' : 'NOT met'}; p99 < 5 s: ${c.p99 < 5000 ? 'met' : 'NOT met'}`,
  );
}

const burstLine = (b: Burst) =>
  `concurrency ${String(b.concurrency).padStart(2)}: **${fmt(b.rate)} payouts/s** (${PAYOUTS} in ${fmt(b.spanS, 2)} s; ` +
  `approvals alone ${fmt(b.approvalsS, 2)} s), approve → 已退款 p50 ${fmt(b.p50 / 1000, 2)} s, ` +
  `p99 ${fmt(b.p99 / 1000, 2)} s; the job itself p50 ${fmt(b.jobP50, 0)} ms, p99 ${fmt(b.jobP99, 0)} ms; ` +
  `CPU per payout: worker ${fmt(b.cpu.worker)} ms, bench process ${fmt(b.cpu.bench)} ms, ` +
  `postgres ${fmt(b.cpu.postgres)} ms; machine ${fmt(b.machineBusy * 100, 0)}% busy`;

function medianBurst(bs: Burst[]): Burst {
  const mid = <K extends keyof Burst>(k: K) =>
    bs.map((b) => b[k] as number).sort((x, y) => x - y)[Math.floor(bs.length / 2)]!;
  // The per-channel lines of the burst with the median rate.
  const byRate = [...bs].sort((x, y) => x.rate - y.rate)[Math.floor(bs.length / 2)]!;
  return {
    concurrency: bs[0]!.concurrency,
    rate: mid('rate'),
    spanS: mid('spanS'),
    approvalsS: mid('approvalsS'),
    p50: mid('p50'),
    p99: mid('p99'),
    jobP50: mid('jobP50'),
    jobP99: mid('jobP99'),
    machineBusy: mid('machineBusy'),
    cpu: byRate.cpu,
    byChannel: byRate.byChannel,
  };
}

/** Opens PAYOUTS cases, starts a worker with the given env, approves them all and waits for 已退款. */
async function burst(
  env: BenchDatabase,
  pgCpu: PgCpu,
  workerEnv: NodeJS.ProcessEnv,
  concurrency: number,
): Promise<Burst> {
  const { ctx } = env;
  const pool = env.database.pool;
  const actors = await actorsByName(ctx, ['buyer', 'supervisor', 'merchant']);
  const buyer = actors.get('buyer')!;
  const productId = await makeProduct(ctx, {
    merchantId: actors.get('merchant')!.merchantId!,
    priceFen: 10_000,
  });
  await addKeys(ctx, productId, PAYOUTS);
  await setBalance(ctx, buyer.userId, PAYOUTS * 10_000);
  const cases: { refundNo: string; version: number }[] = [];
  for (let i = 0; i < PAYOUTS; i++) cases.push(await openCase(ctx, buyer, productId, CHANNELS[i % 3]!));

  const worker = new WorkerProcess(workerEnv);
  try {
    await worker.start();
    const supervisor = actors.get('supervisor')!;
    const stats = statementStats(pool);
    await stats.reset();
    const meter = cpuMeter(pgCpu);
    const workerCpu0 = processCpuSeconds(worker.pid!) ?? Number.NaN;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: APPROVERS }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          await approveCase(ctx, supervisor, c.refundNo, c.version);
        }
      }),
    );
    const approvalsS = (performance.now() - started) / 1000;
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

    // From the database's own clock: each attempt is written at approval and stamped when settled.
    const { rows } = await pool.query<{ channel: string; ms: number; first: Date; last: Date }>(
      `SELECT a.channel, extract(epoch FROM a.settled_at - a.created_at) * 1000 AS ms,
              min(a.created_at) OVER () AS first, max(a.settled_at) OVER () AS last
       FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id
       WHERE c.refund_no = ANY($1) AND a.status = 'succeeded'`,
      [refundNos],
    );
    if (rows.length !== PAYOUTS) throw new Error(`${PAYOUTS - rows.length} payouts did not succeed`);
    const spanS = (rows[0]!.last.getTime() - rows[0]!.first.getTime()) / 1000;
    // How long the worker spent on each job (pg-boss stamps start and completion).
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
      concurrency,
      rate: PAYOUTS / spanS,
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
