import { seedBulkOrders } from '../src/demo/seed-bulk.ts';
import {
  type BenchDatabase,
  percentiles,
  publishWithoutExpress,
  type Session,
  signIn,
  startBenchServer,
  statementStats,
} from './bench-db.ts';
import { cpuMeter, fmt, type PgCpu } from './lib.ts';
import { bulkSubmitJobs, httpPhase, line, medianBy, type Phase } from './submit-load.ts';

/**
 * Issue 13: an agent's claim + approve, through the HTTP API, as cases per second. AGENTS agents
 * (one connection each) work open cases from one pool: each takes the next case, claims it
 * (`POST /api/review/:no/claim`) and approves it in full with the version the claim answered
 * (`POST /api/review/:no/approve`), which hands the case over to payout (the payout job is queued, not
 * run: no worker in this process). The same server's submissions are measured in the same rounds as
 * the reference (alternating which goes first): goal ≥ 150 cases/s, i.e. claim + approve at ≥ half the
 * rate of submissions (goal ≥ 300/s). Five rounds of 2,000 cases (shorter phases spread too much on a
 * fast machine), medians.
 */
const ORDERS = Number(process.env.BENCH_REVIEW_ORDERS ?? 40_000);
const BUYERS = Number(process.env.BENCH_REVIEW_BUYERS ?? 200);
const PER_PHASE = Number(process.env.BENCH_REVIEW_CASES ?? 2000);
const AGENTS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_REVIEW_ROUNDS ?? 5);
const WARMUP = 100;
const SLACK = AGENTS * 2 + 10;

export default async function run(): Promise<void> {
  const server = await startBenchServer();
  const pgCpu = server.postgresCpuSeconds;
  let env: BenchDatabase | null = null;
  try {
    env = await server.database('review');
    const { ctx, database } = env;
    const pool = database.pool;
    await seedBulkOrders(pool, {
      orders: ORDERS,
      buyers: BUYERS,
      password: env.demoPassword,
      batchSize: 50_000,
    });
    // What is measured is the review path: the risk step has a bench of its own.
    ctx.config.risk.enabled = false;
    // And the agents': the bulk buyers' long clean histories make most of them trusted enough for
    // 极速退款, which would approve their cases with no agent at all (issue 16).
    await publishWithoutExpress(ctx.db);
    await pool.query(
      `INSERT INTO app_user (username, display_name, role, password_hash)
       SELECT 'bench-agent-' || i, '客服 ' || i, 'agent', password_hash
       FROM app_user, generate_series(1, $1) i WHERE username = 'agent'`,
      [AGENTS],
    );
    const baseUrl = await env.listen();
    const buyers = await signIn(
      baseUrl,
      env.demoPassword,
      Array.from({ length: BUYERS }, (_, i) => `bulk-buyer-${i + 1}`),
    );
    const agents = await signIn(
      baseUrl,
      env.demoPassword,
      Array.from({ length: AGENTS }, (_, i) => `bench-agent-${i + 1}`),
    );
    const byName = new Map(buyers.map((s) => [s.username, s]));
    // Every phase of submissions opens the cases a later phase of approvals works on.
    const needed = (2 + ROUNDS) * (PER_PHASE + SLACK) + 2 * (WARMUP + SLACK);
    const jobs = await bulkSubmitJobs(pool, byName, needed);
    const submit = (count: number) => httpPhase(baseUrl, jobs.splice(0, count + SLACK), count, pgCpu, AGENTS);
    const openCases = async () =>
      (
        await pool.query<{ refund_no: string }>(
          `SELECT refund_no FROM refund_case WHERE state = 'submitted' ORDER BY id`,
        )
      ).rows.map((r) => r.refund_no);

    // Cases for the warm-up and for the first round's approvals.
    await submit(WARMUP + PER_PHASE);
    await review(baseUrl, agents, (await openCases()).slice(0, WARMUP), pgCpu);
    const subs: Phase[] = [];
    const revs: Phase[] = [];
    // BENCH_PG_STATS=1: where the database's time goes in the last round's claims and approvals.
    const stats = statementStats(pool);
    for (let round = 0; round < ROUNDS; round++) {
      const open = (await openCases()).slice(0, PER_PHASE);
      const last = round === ROUNDS - 1;
      if (open.length < PER_PHASE) {
        const states = await pool.query(`SELECT state, count(*)::int AS n FROM refund_case GROUP BY state`);
        throw new Error(`only ${open.length} open cases: ${JSON.stringify(states.rows)}`);
      }
      if (round % 2 === 0) {
        if (last) await stats.reset();
        revs.push(await review(baseUrl, agents, open, pgCpu));
        if (last) await stats.print(PER_PHASE, 'case');
        subs.push(await submit(PER_PHASE));
      } else {
        subs.push(await submit(PER_PHASE));
        if (last) await stats.reset();
        revs.push(await review(baseUrl, agents, open, pgCpu));
        if (last) await stats.print(PER_PHASE, 'case');
      }
      const [s, r] = [subs.at(-1)!, revs.at(-1)!];
      console.log(`round ${round + 1}: claim + approve ${line(r)}`);
      console.log(`         submit          ${line(s)}   ratio ${fmt(r.rate / s.rate, 2)}`);
    }
    const failed = [...subs, ...revs].reduce((n, p) => n + p.failed, 0);
    if (failed > 0) throw new Error(`${failed} requests failed`);
    const refunding = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM refund_case WHERE state = 'refunding'`,
    );
    const [r, s] = [medianBy(revs), medianBy(subs)];
    console.log(`\n${AGENTS} agents / connections, ${PER_PHASE} cases a phase, ${ROUNDS} rounds (medians)`);
    console.log(`claim + approve  ${line(r)}  (goal ≥ 150 cases/s)`);
    console.log(`submit           ${line(s)}`);
    console.log(
      `claim + approve / submit, cases per second: ${fmt(r.rate / s.rate, 2)} (goal ≥ 0.5: 150 against 300); ` +
        `${refunding.rows[0]!.n} cases handed over to payout`,
    );
  } finally {
    await env?.stop();
    await server.stop();
  }
}

/** `cases` claimed and approved by `agents`, each agent one case at a time; latency per case (both calls). */
async function review(baseUrl: string, agents: Session[], cases: string[], pgCpu: PgCpu): Promise<Phase> {
  const queue = [...cases];
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | null = null;
  const meter = cpuMeter(pgCpu);
  const post = async (agent: Session, path: string, body: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: agent.cookie, 'x-csrf-token': agent.csrf },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path} ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as { version: number };
  };
  await Promise.all(
    agents.map(async (agent) => {
      for (let no = queue.shift(); no !== undefined; no = queue.shift()) {
        const t = performance.now();
        try {
          const claimed = await post(agent, `/api/review/${no}/claim`, {});
          await post(agent, `/api/review/${no}/approve`, { expectedVersion: claimed.version });
          latencies.push(performance.now() - t);
        } catch (err) {
          failed++;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  if (firstError) console.log(`first failed review: ${firstError}`);
  const { p50, p99 } = percentiles(latencies);
  return { ...meter.stop(latencies.length), failed, p50, p99 };
}
