import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import type { FaultRequest } from '../../src/gateway-sim/faults.ts';
import { loadSimulatorKeys } from '../../src/gateway-sim/keys.ts';
import { type GatewaySimulator, startGatewaySimulator } from '../../src/gateway-sim/server.ts';
import type { Actor } from '../../src/modules/auth/actor.ts';
import { demoKeyBundleDir, ensureDemoKeyBundle } from '../../src/modules/payments/keys.ts';
import { simulatorIds } from '../../src/start-payments.ts';
import { startTestApi, TEST_CARD_KEY_SECRET, testConfig } from '../helpers/app.ts';
import { actorsByName, approveCase, openCase } from '../helpers/cases.ts';
import { addKeys, demoIds, makeBuyers, makeProduct, setBalance } from '../helpers/factories.ts';
import { expectBooksBalance, overRefundedOrders } from '../helpers/payouts.ts';
import { seededRandom, WorkerProcess } from '../helpers/worker-process.ts';

/**
 * Payouts survive a worker that is SIGKILLed at random moments. One gateway simulator (in this process,
 * standalone to Kameng: both Kameng processes reach it by URL) keeps the channel's books; the test API
 * (no job workers) approves cases and receives the simulator's notifications; a child
 * `kameng serve --role worker` on the same database runs the payout jobs and is killed and restarted
 * 5–8 times while approvals keep coming. Afterwards the channel's books and ours must agree exactly.
 *
 * Two clocks are shortened: the query back-off (KAMENG_PAYOUT_BACKOFF_SCALE=0.01: 0.6 s instead of
 * 1 min) and pg-boss's expiry of a job whose worker died (it stays `active` for 15 minutes, then the
 * next maintenance — every 2 minutes — retries it). After each kill the test lets those 15 minutes pass
 * for the orphaned jobs (moves their start back) and runs pg-boss's own expiry, which is what the next
 * maintenance would do.
 */
const CASES = Number(process.env.CRASH_CASES ?? 200);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const PRICE_FEN = 10_000;
const REFUND_FEN = 9_500; // not as described: 5% fee

type Channel = 'alipay' | 'wechatpay' | 'balance';
type Planned = { i: number; channel: Channel; faults: FaultRequest['fault'][]; refundNo?: string };

let dataDir: string;
let sim: GatewaySimulator;
let api: Awaited<ReturnType<typeof startTestApi>>;
let worker: WorkerProcess;
let boss: PgBoss;
let actors: Map<string, Actor>;
let productId: number;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kameng-crash-'));
  await chmod(dataDir, 0o755);
  // One key bundle for the three parties: the simulator, the test API and the worker.
  const base = testConfig({ dataDir });
  const bundle = demoKeyBundleDir(dataDir);
  await ensureDemoKeyBundle(bundle);
  sim = await startGatewaySimulator({
    keys: await loadSimulatorKeys(bundle, simulatorIds(base)),
    stateFile: null,
    notifyRetryDelaysMs: [500, 1000, 2000, 4000],
  });
  api = await startTestApi({ dataDir, payments: { ...base.payments, simulatorUrl: sim.url } });
  worker = new WorkerProcess({
    ...process.env,
    DATABASE_URL: api.db.url,
    KAMENG_DATA_DIR: dataDir,
    KAMENG_DEMO_SEED: 'false',
    KAMENG_LOG_LEVEL: 'warn',
    KAMENG_CARD_KEY_SECRET: TEST_CARD_KEY_SECRET,
    KAMENG_GATEWAY_SIM_URL: sim.url,
    // Notifications go to the test API, so they race the worker's queries as in production.
    KAMENG_PAYMENT_NOTIFY_BASE_URL: api.baseUrl,
    KAMENG_PAYMENT_TIMEOUT_MS: '600',
    KAMENG_PAYOUT_BACKOFF_SCALE: '0.01',
  });
  boss = new PgBoss({ connectionString: api.db.url, schema: 'pgboss', supervise: false, schedule: false });
  await boss.start();
  const ids = await demoIds(api.ctx);
  productId = await makeProduct(api.ctx, { merchantId: ids.merchantId, priceFen: PRICE_FEN });
  await addKeys(api.ctx, productId, CASES);
  // Balance orders each have a buyer of their own: one buyer paying with their balance while a balance
  // refund to them settles can deadlock (wallet and ledger rows locked in opposite orders; proved in
  // payouts-concurrency.test.ts), which is not what this test is about.
  const balanceBuyers = await makeBuyers(api.ctx, 'crash-buyer', Math.ceil(CASES / 3));
  actors = await actorsByName(api.ctx, ['buyer', 'supervisor', ...balanceBuyers]);
  for (const name of balanceBuyers) await setBalance(api.ctx, actors.get(name)!.userId, PRICE_FEN);
});

afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false, wait: true });
  await api?.stop();
  await sim?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const pool = () => api.db.database.pool;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Channels in turn (alipay, wechatpay, balance); gateway cases get faults by a fixed pattern (6 in 10). */
function plan(i: number): Planned {
  const channel = (['alipay', 'wechatpay', 'balance'] as const)[i % 3]!;
  if (channel === 'balance') return { i, channel, faults: [] };
  const pattern: FaultRequest['fault'][][] = [
    ['timeout'], // the refund is made, the reply held past the client's 0.6 s timeout
    ['http500'], // not made; the query finds nothing, the request is made again with the same number
    ['processing_then_success'],
    ['processing_then_success', 'http500'], // and the first query gets a 500
    ['abnormal'], // the buyer's account is frozen: 退款失败
    ['duplicate_notify'],
    [],
    [],
    [],
    [],
  ];
  return { i, channel, faults: pattern[Math.floor(i / 3) % pattern.length]! };
}

function faultRequest(outRefundNo: string, fault: Planned['faults'][number], withProcessing: boolean) {
  const match = { outRefundNo };
  switch (fault) {
    case 'timeout':
      return { match, fault, delayMs: 900 };
    case 'http500':
      // With a PROCESSING refund the 500 hits its first query instead.
      return { match, fault, on: withProcessing ? ('query' as const) : ('refund' as const) };
    case 'processing_then_success':
      return { match, fault, delayMs: 1200 };
    default:
      return { match, fault };
  }
}

/**
 * Opens, faults and approves one case, through the use-cases the routes call (the HTTP layer is proved
 * in payouts-concurrency; here it would only slow the set-up down). The fault is in place before the
 * approval enqueues the job.
 */
async function openAndApprove(p: Planned, simClient: GatewaySimulatorClient): Promise<void> {
  const buyer = actors.get(p.channel === 'balance' ? `crash-buyer-${Math.floor(p.i / 3)}` : 'buyer')!;
  const { refundNo, version } = await openCase(api.ctx, buyer, productId, p.channel);
  p.refundNo = refundNo;
  const processing = p.faults.includes('processing_then_success');
  for (const f of p.faults) await simClient.addFault(faultRequest(`${refundNo}-1`, f, processing));
  await approveCase(api.ctx, actors.get('supervisor')!, refundNo, version);
}

/** What pg-boss would do 15 minutes after the kill: the dead worker's `active` jobs expire and retry. */
async function expireOrphanedJobs(): Promise<number> {
  const { rowCount } = await pool().query(
    `UPDATE pgboss.job SET started_on = started_on - interval '15 minutes' WHERE state = 'active'`,
  );
  await boss.expire();
  return rowCount ?? 0;
}

describe('payout worker killed at random moments', () => {
  it(`${CASES} approved cases across alipay / wechatpay / balance all end refunded or refund_failed, the channel's books and ours agree`, async () => {
    const started = Date.now();
    const random = seededRandom(SEED);
    const simClient = new GatewaySimulatorClient(sim.url);
    const planned = Array.from({ length: CASES }, (_, i) => plan(i));

    // Approvals: 6 at a time, while the worker is started and killed alongside.
    let next = 0;
    let approvalsDone = false;
    let approvedAt = 0;
    const approvals = Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < planned.length) await openAndApprove(planned[next++]!, simClient);
      }),
    ).finally(() => {
      approvalsDone = true;
      approvedAt = Date.now();
    });

    const kills = 5 + Math.floor(random() * 4);
    const killedAt: { afterMs: number; orphaned: number; approved: number }[] = [];
    const chaos = (async () => {
      for (let k = 0; k < kills; k++) {
        await worker.start();
        const wait = 100 + Math.floor(random() * 1400);
        await sleep(wait);
        await worker.kill();
        killedAt.push({ afterMs: wait, orphaned: await expireOrphanedJobs(), approved: next });
      }
      await worker.start();
    })();
    await Promise.all([approvals, chaos]);
    expect(approvalsDone).toBe(true);
    const setupDone = Date.now();

    // Let the last worker finish: every case leaves 退款中.
    const unfinished = async () =>
      Number(
        (
          await pool().query(
            "SELECT count(*)::int AS n FROM refund_case WHERE refund_no = ANY($1) AND state NOT IN ('refunded','refund_failed')",
            [planned.map((p) => p.refundNo)],
          )
        ).rows[0].n,
      );
    const deadline = Date.now() + 60_000;
    while ((await unfinished()) > 0 && Date.now() < deadline) await sleep(250);
    const left = await unfinished();
    const jobs = (
      await pool().query(
        "SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'payout.run' GROUP BY state ORDER BY state",
      )
    ).rows;
    const report =
      `seed ${SEED}: ${CASES} cases, ${worker.starts} worker starts, ${worker.kills} SIGKILLs ` +
      `(${killedAt.map((k) => `${k.afterMs} ms after start, ${k.orphaned} jobs orphaned, ${k.approved} cases opened`).join('; ')}); ` +
      `worker starts took ${worker.startMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s; ` +
      `${CASES} cases opened and approved after ${((approvedAt - started) / 1000).toFixed(1)} s, ` +
      `kills over after ${((setupDone - started) / 1000).toFixed(1)} s, all final after ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s; payout.run jobs by state ${JSON.stringify(jobs)}`;
    // What the worker logged at error level (pino 50+): expected none, shown if any.
    const errors = worker
      .log()
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l));
    console.log(
      `${report}; worker error lines: ${errors.length}${errors.length ? `\n${errors.slice(0, 3).join('\n')}` : ''}`,
    );
    if (left > 0) {
      const stuck = await pool().query(
        `SELECT c.refund_no, c.state, a.status, a.calls, a.last_error, a.next_check_at FROM refund_case c
         JOIN payout_attempt a ON a.case_id = c.id
         WHERE c.refund_no = ANY($1) AND c.state NOT IN ('refunded','refund_failed') LIMIT 10`,
        [planned.map((p) => p.refundNo)],
      );
      throw new Error(
        `${left} cases never finished (seed ${SEED}):\n${JSON.stringify(stuck.rows, null, 1)}\n` +
          `worker log:\n${worker.log().slice(-4000)}`,
      );
    }

    // Each case: refunded, or 退款失败 exactly where the channel said the buyer's account is frozen.
    const cases = (
      await pool().query<{
        refund_no: string;
        state: string;
        succeeded: number;
        failed: number;
        attempts: number;
      }>(
        `SELECT c.refund_no, c.state,
                (SELECT count(*)::int FROM refund_case_event e WHERE e.case_id = c.id AND e.kind = 'payout_succeeded') AS succeeded,
                (SELECT count(*)::int FROM refund_case_event e WHERE e.case_id = c.id AND e.kind = 'payout_failed') AS failed,
                (SELECT count(*)::int FROM payout_attempt a WHERE a.case_id = c.id) AS attempts
         FROM refund_case c WHERE c.refund_no = ANY($1)`,
        [planned.map((p) => p.refundNo)],
      )
    ).rows;
    const byNo = new Map(cases.map((c) => [c.refund_no, c]));
    for (const p of planned) {
      const c = byNo.get(p.refundNo!)!;
      const expected = p.faults.includes('abnormal') ? 'refund_failed' : 'refunded';
      expect({ refundNo: p.refundNo, state: c.state }).toEqual({ refundNo: p.refundNo, state: expected });
      expect([c.attempts, c.succeeded, c.failed]).toEqual(expected === 'refunded' ? [1, 1, 0] : [1, 0, 1]);
    }

    // The channel's books and ours: the same refunds, by number and amount, none paid twice.
    const attempts = (
      await pool().query<{ out_refund_no: string; channel: string; status: string; amount_fen: string }>(
        'SELECT out_refund_no, channel, status, amount_fen FROM payout_attempt',
      )
    ).rows;
    const oursPaid = attempts
      .filter((a) => a.channel !== 'balance' && a.status === 'succeeded')
      .map((a) => `${a.channel}:${a.out_refund_no}:${a.amount_fen}`)
      .sort();
    const atChannel = await simClient.refunds();
    const channelPaid = atChannel
      .filter((r) => r.status === 'SUCCESS')
      .map((r) => `${r.channel}:${r.outRefundNo}:${r.amountFen}`)
      .sort();
    expect(channelPaid).toEqual(oursPaid);
    expect(atChannel.filter((r) => r.status === 'PROCESSING')).toEqual([]);
    const perTrade = new Map<string, number>();
    for (const r of atChannel.filter((x) => x.status === 'SUCCESS'))
      perTrade.set(r.outTradeNo, (perTrade.get(r.outTradeNo) ?? 0) + 1);
    expect([...perTrade.values()].filter((n) => n > 1)).toEqual([]);
    const channelCases = planned.filter((p) => p.channel !== 'balance');
    expect(channelPaid).toHaveLength(channelCases.filter((p) => !p.faults.includes('abnormal')).length);

    // Orders, ledger, wallet.
    expect(await overRefundedOrders(pool())).toBe(0);
    const orders = (
      await pool().query<{ refund_no: string; refunded: number }>(
        `SELECT c.refund_no, o.refunded_fen::int AS refunded FROM refund_case c JOIN shop_order o ON o.id = c.order_id
         WHERE c.refund_no = ANY($1)`,
        [planned.map((p) => p.refundNo)],
      )
    ).rows;
    for (const o of orders)
      expect(o.refunded).toBe(byNo.get(o.refund_no)!.state === 'refunded' ? REFUND_FEN : 0);
    const txns = (
      await pool().query<{ ref: string; n: number }>(
        "SELECT ref, count(*)::int AS n FROM ledger_txn WHERE kind = 'refund' GROUP BY ref",
      )
    ).rows;
    const succeeded = attempts
      .filter((a) => a.status === 'succeeded')
      .map((a) => `payout:${a.out_refund_no}`);
    expect(txns.map((t) => t.ref).sort()).toEqual(succeeded.sort());
    expect(txns.filter((t) => t.n !== 1)).toEqual([]);
    await expectBooksBalance(pool());
    // Every wallet equals its ledger account (balance refunds credit both in one transaction).
    const drifted = await pool().query(
      `SELECT count(*)::int AS n FROM wallet w LEFT JOIN ledger_account a ON a.path = 'buyer:' || w.user_id || ':balance'
       WHERE w.balance_fen <> coalesce(a.balance_fen, 0)`,
    );
    expect(drifted.rows[0].n).toBe(0);
  }, 180_000);
});
