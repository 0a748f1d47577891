import { residentIdCheckChar } from '../src/core/identity/resident-id.ts';
import { refreshCredit } from '../src/modules/credit/refresh-credit.ts';
import type { SimulatedSmsSender } from '../src/modules/identity/simulated-sms.ts';
import { inTransaction } from '../src/platform/db/pool.ts';
import { actorsByName } from '../test/helpers/cases.ts';
import { addKeys, makeBuyers, makeProduct } from '../test/helpers/factories.ts';
import { WorkerProcess } from '../test/helpers/worker-process.ts';
import { type BenchDatabase, percentiles, type Session, signIn, startBenchServer } from './bench-db.ts';
import { fmt } from './lib.ts';

/**
 * Issue 16: 极速退款 and the credit score.
 * (a) Express refunds end to end over HTTP: BUYERS fresh buyers, each made 优秀 over HTTP (identity
 *     verified with the simulated SMS code, five paid card-key orders) with one paid order whose key was
 *     never delivered, submit their claims at the same moment; a `kameng serve --role worker` child
 *     process runs the payouts through the in-process gateway simulator. submit (client clock, before the
 *     POST) → 已退款 (first seen by a 25 ms poll of refund_case), p50 / p99 over ROUNDS rounds.
 * (b) What the score recomputation adds to an order payment: POST /api/orders/:no/pay (server time,
 *     `x-server-ms`; its transaction includes refreshCredit) against refreshCredit alone in its own
 *     transaction (timed inside it, without BEGIN / COMMIT) for the same buyers, blocks of BLOCK alternating. The ratio printed is
 *     pay / (pay − refresh): what the payment costs with the recomputation against without it.
 */
const BUYERS = Number(process.env.BENCH_EXPRESS_BUYERS ?? 20);
const ROUNDS = Number(process.env.BENCH_EXPRESS_ROUNDS ?? 3);
const PAYS = Number(process.env.BENCH_EXPRESS_PAYS ?? 300);
const BLOCK = 50;

let serial = 0;

export default async function run(): Promise<void> {
  const server = await startBenchServer();
  let env: BenchDatabase | null = null;
  let worker: WorkerProcess | null = null;
  try {
    env = await server.database('express');
    const baseUrl = await env.listen();
    const simulator = env.payments.simulator;
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
    await worker.start();
    await express(env, baseUrl);
    await recomputeCost(env, baseUrl);
  } finally {
    await worker?.stop();
    await env?.stop();
    await server.stop();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the answers' shapes are checked where they are read
type Res = { status: number; body: any; serverMs: number };
async function call(baseUrl: string, s: Session, method: string, path: string, body?: unknown): Promise<Res> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    serverMs: Number(res.headers.get('x-server-ms')),
  };
}

async function ok(r: Promise<Res>, status: number, what: string): Promise<Res> {
  const res = await r;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** Fresh buyers at 优秀 (identity verified, five paid orders of 50 元), signed in over HTTP. */
async function trustedBuyers(env: BenchDatabase, baseUrl: string, n: number, stocked: number) {
  const names = await makeBuyers(env.ctx, `express-bench-${++serial}-${Date.now()}`, n);
  const sessions = await signIn(baseUrl, env.demoPassword, names);
  const ids = await actorsByName(env.ctx, names);
  const sms = env.ctx.identity.sms as SimulatedSmsSender;
  for (const s of sessions) {
    const k = ++serial;
    const first = `1101051985031${String(k).padStart(4, '0')}`;
    await ok(
      call(baseUrl, s, 'POST', '/api/me/identity', {
        realName: '赵信用',
        idNumber: first + residentIdCheckChar(first),
        phone: `139${String(10_000_000 + k)}`,
      }),
      200,
      'identity',
    );
    const userId = ids.get(s.username)!.userId;
    const code = sms.outbox.filter((m) => m.userId === userId).at(-1)!.code;
    await ok(call(baseUrl, s, 'POST', '/api/me/identity/confirm', { code }), 200, 'confirm');
    for (let i = 0; i < 5; i++) {
      const o = await ok(
        call(baseUrl, s, 'POST', '/api/orders', { productId: stocked, quantity: 1 }),
        201,
        'order',
      );
      await ok(
        call(baseUrl, s, 'POST', `/api/orders/${o.body.orderNo}/pay`, { channel: 'alipay' }),
        200,
        'pay',
      );
    }
    const credit = await ok(call(baseUrl, s, 'GET', '/api/me/credit'), 200, 'credit');
    if (!credit.body.express?.eligibleLevel)
      throw new Error(`not at the express level: ${JSON.stringify(credit.body)}`);
  }
  return sessions;
}

async function express(env: BenchDatabase, baseUrl: string) {
  const pool = env.database.pool;
  const merchantId = (await actorsByName(env.ctx, ['merchant'])).get('merchant')!.merchantId!;
  const stocked = await makeProduct(env.ctx, { merchantId, priceFen: 5000 });
  await addKeys(env.ctx, stocked, ROUNDS * BUYERS * 5 + PAYS * 2 + 100);
  console.log(
    `(a) ${BUYERS} buyers at 优秀 submit an express claim (key never delivered, 30 元, alipay) at once; ` +
      `a worker process pays out through the gateway simulator. ${ROUNDS} rounds.`,
  );
  const all: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const sessions = await trustedBuyers(env, baseUrl, BUYERS, stocked);
    // One undelivered order each: placed while a key was in stock, the stock withdrawn before payment.
    const empty = await makeProduct(env.ctx, { merchantId, priceFen: 3000 });
    await addKeys(env.ctx, empty, BUYERS);
    const orders: string[] = [];
    for (const s of sessions)
      orders.push(
        (await ok(call(baseUrl, s, 'POST', '/api/orders', { productId: empty, quantity: 1 }), 201, 'order'))
          .body.orderNo,
      );
    await pool.query(`UPDATE card_key SET status = 'void' WHERE product_id = $1 AND status = 'available'`, [
      empty,
    ]);
    for (const [i, s] of sessions.entries())
      await ok(call(baseUrl, s, 'POST', `/api/orders/${orders[i]}/pay`, { channel: 'alipay' }), 200, 'pay');
    const started = new Map<string, number>();
    const submitted = await Promise.all(
      sessions.map(async (s, i) => {
        const t = performance.now();
        const r = await ok(
          call(baseUrl, s, 'POST', '/api/refunds', {
            orderNo: orders[i],
            type: 'not_received',
            description: `订单号${orders[i]}今天付款后一直没有收到卡密`,
          }),
          201,
          'submit',
        );
        if (!r.body.express) throw new Error(`not granted express: ${JSON.stringify(r.body)}`);
        started.set(r.body.refundNo, t);
        return { refundNo: r.body.refundNo as string, submitMs: performance.now() - t };
      }),
    );
    const done = new Map<string, number>();
    const deadline = Date.now() + 120_000;
    while (done.size < BUYERS) {
      if (Date.now() > deadline) throw new Error('express cases did not all reach 已退款 within 2 minutes');
      const { rows } = await pool.query<{ refund_no: string }>(
        `SELECT refund_no FROM refund_case WHERE refund_no = ANY($1) AND state = 'refunded'`,
        [[...started.keys()]],
      );
      const now = performance.now();
      for (const r of rows) if (!done.has(r.refund_no)) done.set(r.refund_no, now);
      await new Promise((r) => setTimeout(r, 25));
    }
    // Where the time goes, by the database's own stamps: case written → payout attempt written →
    // attempt settled (the worker's job: the simulator's refund and its outcome booked).
    const { rows: stamps } = await pool.query<{ to_attempt: number; to_settled: number }>(
      `SELECT extract(epoch FROM a.created_at - c.created_at) * 1000 AS to_attempt,
              extract(epoch FROM a.settled_at - a.created_at) * 1000 AS to_settled
       FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id
       WHERE c.refund_no = ANY($1) AND a.status = 'succeeded'`,
      [[...started.keys()]],
    );
    const toAttempt = percentiles(stamps.map((r) => Number(r.to_attempt)));
    const toSettled = percentiles(stamps.map((r) => Number(r.to_settled)));
    const ms = [...done].map(([no, t]) => t - started.get(no)!);
    all.push(...ms);
    const p = percentiles(ms);
    const sub = percentiles(submitted.map((x) => x.submitMs));
    console.log(
      `  round ${round}: submit → 已退款 p50 ${fmt(p.p50, 0)} ms, p99 ${fmt(p.p99, 0)} ms ` +
        `(the submit answer alone p50 ${fmt(sub.p50, 0)} ms, p99 ${fmt(sub.p99, 0)} ms; database stamps: ` +
        `case → payout attempt p50 ${fmt(toAttempt.p50, 0)} ms, p99 ${fmt(toAttempt.p99, 0)} ms; ` +
        `attempt → settled p50 ${fmt(toSettled.p50, 0)} ms, p99 ${fmt(toSettled.p99, 0)} ms)`,
    );
  }
  const p = percentiles(all);
  console.log(
    `  all ${p.n}: submit → 已退款 **p50 ${fmt(p.p50 / 1000, 2)} s, p99 ${fmt(p.p99 / 1000, 2)} s** ` +
      `(goal p99 < 3 s at ${BUYERS} concurrent buyers: ${p.p99 < 3000 ? 'met' : 'NOT met'})`,
  );
}

async function recomputeCost(env: BenchDatabase, baseUrl: string) {
  const merchantId = (await actorsByName(env.ctx, ['merchant'])).get('merchant')!.merchantId!;
  const product = await makeProduct(env.ctx, { merchantId, priceFen: 1000 });
  await addKeys(env.ctx, product, PAYS + 50);
  const names = await makeBuyers(env.ctx, `credit-bench-${Date.now()}`, 10);
  const sessions = await signIn(baseUrl, env.demoPassword, names);
  const ids = await actorsByName(env.ctx, names);
  console.log(
    `(b) order payment over HTTP (server time; its transaction runs refreshCredit) against refreshCredit ` +
      `alone in its own transaction, same ${names.length} buyers, blocks of ${BLOCK} alternating, ${PAYS} each.`,
  );
  const pay: number[] = [];
  const refresh: number[] = [];
  let i = 0;
  while (pay.length < PAYS) {
    const orders: { s: Session; no: string }[] = [];
    for (let k = 0; k < BLOCK; k++) {
      const s = sessions[(i + k) % sessions.length]!;
      orders.push({
        s,
        no: (
          await ok(call(baseUrl, s, 'POST', '/api/orders', { productId: product, quantity: 1 }), 201, 'order')
        ).body.orderNo,
      });
    }
    for (const o of orders)
      pay.push(
        (await ok(call(baseUrl, o.s, 'POST', `/api/orders/${o.no}/pay`, { channel: 'alipay' }), 200, 'pay'))
          .serverMs,
      );
    for (let k = 0; k < BLOCK; k++) {
      const userId = ids.get(sessions[(i + k) % sessions.length]!.username)!.userId;
      // Timed inside the transaction: BEGIN / COMMIT are paid by the payment anyway.
      await inTransaction(env.ctx.db, async (tx) => {
        const t = performance.now();
        await refreshCredit(tx, userId, env!.ctx.now());
        refresh.push(performance.now() - t);
      });
    }
    i += BLOCK;
  }
  const pp = percentiles(pay);
  const rp = percentiles(refresh);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = pp.p50 / (pp.p50 - rp.p50);
  console.log(
    `  pay p50 ${fmt(pp.p50, 2)} ms (mean ${fmt(mean(pay), 2)}), refreshCredit alone p50 ${fmt(rp.p50, 2)} ms ` +
      `(mean ${fmt(mean(refresh), 2)}): **ratio with / without ${fmt(ratio, 3)}** p50, ` +
      `${fmt(mean(pay) / (mean(pay) - mean(refresh)), 3)} mean (goal ≤ 1.10: ${ratio <= 1.1 ? 'met' : 'NOT met'})`,
  );
}
