import { sql } from 'drizzle-orm';
import { ESCROW, FUNDING } from '../src/core/ledger/accounts.ts';
import { planRefund } from '../src/core/ledger/refund-plan.ts';
import { type LedgerTxn, transfer } from '../src/core/ledger/txn.ts';
import { postTxn } from '../src/modules/ledger/post-txn.ts';
import { sharedPayments } from '../src/modules/payments/setup.ts';
import { inTransaction } from '../src/platform/db/pool.ts';
import { actorsByName, approveCase, openCase } from '../test/helpers/cases.ts';
import { addKeys, makeProduct, setBalance } from '../test/helpers/factories.ts';
import { WorkerProcess } from '../test/helpers/worker-process.ts';
import { type BenchDatabase, percentiles, startBenchServer } from './bench-db.ts';
import { fmt, type PgCpu } from './lib.ts';

/**
 * Issue 6: payouts.
 * (a) Payouts per second end to end: a supervisor's approval (the use-case the route calls) writes the
 *     attempt and its job; a `kameng serve --role worker` child process runs the job, calls the gateway
 *     simulator through the official SDKs (or credits the balance), and applies the outcome — ledger,
 *     order, case. N cases (alipay / wechatpay / balance in thirds, no faults) are opened first; the
 *     approvals then go in 4 at a time while the worker drains. Duration: first approval → last outcome.
 * (b) What booking a refund costs: postTxn of a planRefund transaction (escrow → fee income and → the
 *     channel's clearing: 3 postings; accounts upserted, balances updated under their CHECK, postings
 *     inserted, the balance trigger at commit) against a bare INSERT of the same rows (one txn row, one
 *     multi-row posting INSERT) into scratch copies of the two tables (same columns, indexes and CHECKs;
 *     no foreign keys, no triggers). Each in its own transaction, one connection, blocks of 100
 *     alternating, 2,000 each after 200 warm-up each.
 */
const PAYOUTS = Number(process.env.BENCH_PAYOUTS ?? 300);
const POSTINGS = Number(process.env.BENCH_POSTINGS ?? 2000);
const APPROVERS = 4;
const BLOCK = 100;

export default async function run(): Promise<void> {
  const server = await startBenchServer();
  let env: BenchDatabase | null = null;
  let worker: WorkerProcess | null = null;
  try {
    env = await server.database('payouts');
    const baseUrl = await env.listen();
    const simulator = (await sharedPayments(env.ctx.config)).simulator;
    if (!simulator) throw new Error('expected the in-process gateway simulator');
    worker = new WorkerProcess({
      ...process.env,
      DATABASE_URL: env.url,
      KAMENG_DATA_DIR: server.dataDir,
      KAMENG_DEMO_SEED: 'false',
      KAMENG_LOG_LEVEL: 'warn',
      KAMENG_GATEWAY_SIM_URL: simulator.url,
      KAMENG_PAYMENT_NOTIFY_BASE_URL: baseUrl,
    });
    await endToEnd(env, worker);
    await worker.stop();
    worker = null;
    await postingCost(env, server.postgresCpuSeconds);
  } finally {
    await worker?.stop();
    await env?.stop();
    await server.stop();
  }
}

async function endToEnd(env: BenchDatabase, worker: WorkerProcess): Promise<void> {
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
  const channels = ['alipay', 'wechatpay', 'balance'] as const;
  const opening = performance.now();
  const cases: { refundNo: string; version: number }[] = [];
  for (let i = 0; i < PAYOUTS; i++) cases.push(await openCase(ctx, buyer, productId, channels[i % 3]!));
  console.log(`opened ${PAYOUTS} cases (paid orders) in ${fmt((performance.now() - opening) / 1000)} s`);

  await worker.start();
  console.log(
    `worker (kameng serve --role worker, a child process) ready in ${fmt(worker.startMs[0]! / 1000)} s`,
  );
  const supervisor = actors.get('supervisor')!;
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
  const approvedS = (performance.now() - started) / 1000;
  const refundNos = cases.map((c) => c.refundNo);
  const open = async () =>
    (
      await pool.query(
        `SELECT count(*)::int AS n FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id
         WHERE c.refund_no = ANY($1) AND a.status NOT IN ('succeeded', 'failed')`,
        [refundNos],
      )
    ).rows[0].n as number;
  const deadline = Date.now() + 10 * 60_000;
  while ((await open()) > 0) {
    if (Date.now() > deadline) throw new Error('payouts did not finish within 10 minutes');
    await new Promise((r) => setTimeout(r, 50));
  }
  const wallS = (performance.now() - started) / 1000;

  // From the database's own clock: each attempt is written at approval and stamped when settled.
  const { rows } = await pool.query<{ channel: string; status: string; ms: number; first: Date; last: Date }>(
    `SELECT a.channel, a.status, extract(epoch FROM a.settled_at - a.created_at) * 1000 AS ms,
            min(a.created_at) OVER () AS first, max(a.settled_at) OVER () AS last
     FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = ANY($1)`,
    [refundNos],
  );
  const failed = rows.filter((r) => r.status !== 'succeeded').length;
  if (failed > 0) throw new Error(`${failed} payouts did not succeed`);
  const spanS = (rows[0]!.last.getTime() - rows[0]!.first.getTime()) / 1000;
  const jobs = (
    await pool.query(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'payout.run' AND state = 'completed'",
    )
  ).rows[0].n;
  console.log(
    `\n(a) ${PAYOUTS} payouts end to end in ${fmt(spanS, 2)} s (first approval → last outcome applied): ` +
      `**${fmt(PAYOUTS / spanS)} payouts/s**; approvals alone ${fmt(approvedS, 2)} s ` +
      `(${fmt(PAYOUTS / approvedS)}/s, ${APPROVERS} at a time); wall time to all final ${fmt(wallS, 2)} s; ` +
      `${jobs} payout.run jobs completed`,
  );
  // How long the worker spent on each job (pg-boss stamps start and completion), against the queueing
  // that dominates approval → settled while approvals outrun the worker.
  const jobRows = (
    await pool.query<{ channel: string; ms: number }>(
      `SELECT a.channel, extract(epoch FROM j.completed_on - j.started_on) * 1000 AS ms
       FROM pgboss.job j JOIN payout_attempt a ON a.id = (j.data->>'attemptId')::bigint
       JOIN refund_case c ON c.id = a.case_id
       WHERE j.name = 'payout.run' AND j.state = 'completed' AND c.refund_no = ANY($1)`,
      [refundNos],
    )
  ).rows;
  for (const channel of ['all', ...channels]) {
    const of = <T extends { channel: string; ms: number }>(xs: T[]) =>
      xs.filter((r) => channel === 'all' || r.channel === channel).map((r) => Number(r.ms));
    const p = percentiles(of(rows));
    const j = percentiles(of(jobRows));
    console.log(
      `    ${channel.padEnd(9)} n=${p.n}: approval → settled p50 ${fmt(p.p50, 0)} ms, p99 ${fmt(p.p99, 0)} ms; ` +
        `the job itself p50 ${fmt(j.p50, 1)} ms, p99 ${fmt(j.p99, 1)} ms`,
    );
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
