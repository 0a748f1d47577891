import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNDING, GUARANTEE, merchantBalance } from '../../src/core/ledger/accounts.ts';
import { transfer } from '../../src/core/ledger/txn.ts';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import { settleDueOrders } from '../../src/modules/funds/settle-orders.ts';
import { balances, postTxn } from '../../src/modules/ledger/post-txn.ts';
import { payOrder } from '../../src/modules/orders/pay-order.ts';
import { placeOrder } from '../../src/modules/orders/place-order.ts';
import { NOTIFY_PATHS } from '../../src/modules/payments/gateways.ts';
import { runPayout } from '../../src/modules/payouts/run-payout.ts';
import { inTransaction } from '../../src/platform/db/pool.ts';
import { type HttpClient, startTestApi } from '../helpers/app.ts';
import { actorsByName, approveCase, openCase } from '../helpers/cases.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import {
  expectBooksBalance,
  notificationCapture,
  overRefundedOrders,
  submittedCase,
} from '../helpers/payouts.ts';

/**
 * Payouts under concurrency, on real PostgreSQL and the gateway simulator (real SDKs, signatures):
 * racing approvals of one case, a refund's verified notification re-sent 20 times at once while the
 * worker's query for it runs, and more payouts on one order than it was paid; a balance payment racing a
 * balance refund to the same buyer (once a deadlock), and refunds of one merchant's settled orders at once
 * (once refused on a balance another settlement had just spent).
 */
type Api = Awaited<ReturnType<typeof startTestApi>>;

let api: Api;
let ids: Awaited<ReturnType<typeof demoIds>>;
let buyer: HttpClient;
let supervisor: HttpClient;
beforeAll(async () => {
  api = await startTestApi();
  ids = await demoIds(api.ctx);
  await setBalance(api.ctx, ids.buyerId, 10_000_000);
  buyer = api.client();
  await buyer.login('buyer');
  supervisor = api.client();
  await supervisor.login('supervisor');
});
afterAll(() => api.stop());

const rows = async (a: Api, text: string, values: unknown[] = []) =>
  (await a.db.database.pool.query(text, values)).rows;
const count = async (a: Api, text: string, values: unknown[] = []) =>
  Number((await rows(a, text, values))[0].n);

/** The constraint a database error names, wherever drizzle put the driver's error. */
const checkViolated = (err: unknown): string | undefined => {
  const e = err as { constraint?: string; cause?: { constraint?: string } };
  return e?.constraint ?? e?.cause?.constraint;
};

const run = (a: Api, attemptId: number) =>
  runPayout({ db: a.ctx.db, jobs: a.ctx.jobs, gateways: a.ctx.gateways, attemptId, now: () => new Date() });

async function product(a: Api, priceFen: number, keys: number): Promise<number> {
  const productId = await makeProduct(a.ctx, { merchantId: ids.merchantId, priceFen });
  await addKeys(a.ctx, productId, keys);
  return productId;
}

describe('50 supervisors approving the same case at once', () => {
  it('approves once: one payout attempt, one job; the other 49 get a 409; paid out once', async () => {
    const { refundNo, orderNo, version } = await submittedCase(
      buyer,
      await product(api, 10_000, 1),
      'alipay',
    );
    // Each racer signs in on its own, like 50 supervisors' browsers, and all send what their screen showed.
    const racers = Array.from({ length: 50 }, () => api.client());
    await Promise.all(racers.map((c) => c.login('supervisor')));
    const answers = await Promise.all(
      racers.map((c) => c.post(`/api/review/${refundNo}/approve`, { expectedVersion: version })),
    );
    const won = answers.filter((r) => r.status === 200);
    const lost = answers.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    // The losers found the case changed (version) or already past review (state).
    for (const r of lost) expect(['REFUND.STALE', 'REFUND.ILLEGAL_TRANSITION']).toContain(r.body.error.code);
    expect(won[0]!.body.state).toBe('refunding');

    const attempts = await rows(
      api,
      'SELECT a.* FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [refundNo],
    );
    expect(attempts).toHaveLength(1);
    const attempt = attempts[0];
    expect(
      await count(
        api,
        "SELECT count(*) AS n FROM pgboss.job WHERE name = 'payout.run' AND data->>'attemptId' = $1",
        [String(attempt.id)],
      ),
    ).toBe(1);
    const events = await rows(
      api,
      `SELECT e.kind, count(*)::int AS n FROM refund_case_event e JOIN refund_case c ON c.id = e.case_id
       WHERE c.refund_no = $1 GROUP BY e.kind`,
      [refundNo],
    );
    const byKind = Object.fromEntries(events.map((e) => [e.kind, e.n]));
    expect(byKind.approve).toBe(1);
    expect(byKind.start_payout).toBe(1);

    // The job runs (twice: a duplicate delivery changes nothing).
    await run(api, Number(attempt.id));
    await run(api, Number(attempt.id));
    expect((await buyer.get(`/api/refunds/${refundNo}`)).body.state).toBe('refunded');
    const sim = new GatewaySimulatorClient(api.payments.simulator!.url);
    const atChannel = (await sim.refunds('alipay')).filter((r) => r.outRefundNo === attempt.out_refund_no);
    expect(atChannel.map((r) => [r.status, r.amountFen])).toEqual([['SUCCESS', 9_500]]);
    expect(
      await count(api, 'SELECT count(*) AS n FROM ledger_txn WHERE ref = $1', [
        `payout:${attempt.out_refund_no}`,
      ]),
    ).toBe(1);
    const [order] = await rows(api, 'SELECT refunded_fen::int AS r FROM shop_order WHERE order_no = $1', [
      orderNo,
    ]);
    expect(order.r).toBe(9_500);
    await expectBooksBalance(api.db.database.pool);
  });
});

describe('a refund notification re-sent 20 times while the worker queries the same refund', () => {
  for (const channel of ['alipay', 'wechatpay'] as const) {
    it(`${channel}: PROCESSING, then success — applied once, one ledger transaction, one payout_succeeded`, async () => {
      const { refundNo, orderNo, version } = await submittedCase(
        buyer,
        await product(api, 10_000, 1),
        channel,
      );
      expect(
        (await supervisor.post(`/api/review/${refundNo}/approve`, { expectedVersion: version })).status,
      ).toBe(200);
      const [attempt] = await rows(
        api,
        'SELECT a.* FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
        [refundNo],
      );
      const sim = new GatewaySimulatorClient(api.payments.simulator!.url);
      await sim.addFault({
        match: { outRefundNo: attempt.out_refund_no },
        fault: 'processing_then_success',
        delayMs: 300,
      });
      // The refund request names a notify URL; point it at a capture for this one request.
      const capture = await notificationCapture();
      try {
        api.payments.setNotifyBaseUrl(capture.url);
        await run(api, Number(attempt.id));
        api.payments.setNotifyBaseUrl(api.baseUrl);
        const [pending] = await rows(api, 'SELECT status FROM payout_attempt WHERE id = $1', [attempt.id]);
        expect(pending.status).toBe('processing');
        await expect
          .poll(() => capture.received.length, { timeout: 10_000, interval: 50 })
          .toBeGreaterThan(0);
        const genuine = capture.received[0]!;
        expect(genuine.path).toBe(NOTIFY_PATHS[channel]);

        // 20 deliveries of the genuine notification and 5 runs of the query job, all at once.
        const deliveries = Array.from({ length: 20 }, () =>
          fetch(`${api.baseUrl}${genuine.path}`, {
            method: 'POST',
            headers: genuine.headers,
            body: genuine.body,
          }).then(async (r) => ({ status: r.status, text: await r.text() })),
        );
        const queries = Array.from({ length: 5 }, () => run(api, Number(attempt.id)));
        const answers = await Promise.all(deliveries);
        await Promise.all(queries);
        // Every delivery is acknowledged (the first applies it, the others find it already applied).
        for (const a of answers) {
          if (channel === 'alipay') expect(a).toEqual({ status: 200, text: 'success' });
          else expect(a.status).toBe(204);
        }
      } finally {
        api.payments.setNotifyBaseUrl(api.baseUrl);
        await capture.close();
      }

      const [a] = await rows(api, 'SELECT status, channel_refund_id FROM payout_attempt WHERE id = $1', [
        attempt.id,
      ]);
      expect(a.status).toBe('succeeded');
      expect(
        await count(api, 'SELECT count(*) AS n FROM ledger_txn WHERE ref = $1', [
          `payout:${attempt.out_refund_no}`,
        ]),
      ).toBe(1);
      expect(
        await count(
          api,
          `SELECT count(*) AS n FROM refund_case_event e JOIN refund_case c ON c.id = e.case_id
           WHERE c.refund_no = $1 AND e.kind = 'payout_succeeded'`,
          [refundNo],
        ),
      ).toBe(1);
      const c = await buyer.get(`/api/refunds/${refundNo}`);
      expect(c.body.state).toBe('refunded');
      expect(c.body.timeline.at(-1).reason).toBe(a.channel_refund_id);
      const [order] = await rows(api, 'SELECT refunded_fen::int AS r FROM shop_order WHERE order_no = $1', [
        orderNo,
      ]);
      expect(order.r).toBe(9_500);
      const sim2 = new GatewaySimulatorClient(api.payments.simulator!.url);
      const atChannel = (await sim2.refunds(channel)).filter((r) => r.outRefundNo === attempt.out_refund_no);
      expect(atChannel.map((r) => [r.status, r.amountFen])).toEqual([['SUCCESS', 9_500]]);
      await expectBooksBalance(api.db.database.pool);
    });
  }
});

/**
 * More payouts on one order than it was paid. The schema makes this unreachable — at most one open case
 * per order (refund_case_one_open_uq) and one open attempt per case — so the first test shows that guard,
 * and the second removes it, in a database of its own, to prove what stands behind it: the order's row
 * lock in applyPayoutOutcome, the CHECK refunded_fen ≤ paid_fen, the channel's own limit per trade.
 */
describe('50 payouts at once on one order paid 10,000 fen, 300 fen each (15,000 in all)', () => {
  let scratch: Api;
  let sBuyer: HttpClient;
  beforeAll(async () => {
    scratch = await startTestApi();
    await setBalance(scratch.ctx, ids.buyerId, 10_000_000);
    sBuyer = scratch.client();
    await sBuyer.login('buyer');
    // A funded guarantee fund, so what stops an over-refund is the order's CHECK, not a plan that
    // cannot find the money (with an empty fund the plan refuses first: 'guarantee fund short').
    await inTransaction(scratch.ctx.db, (tx) =>
      postTxn(
        tx,
        {
          kind: 'funding',
          ref: 'test:guarantee',
          memo: 'guarantee fund',
          postings: transfer(FUNDING, GUARANTEE, 1_000_000),
        },
        new Date(),
      ),
    );
  });
  afterAll(() => scratch.stop());

  it('the schema refuses a second open case on an order, so 50 open payouts on one order cannot arise', async () => {
    const { refundNo } = await submittedCase(buyer, await product(api, 10_000, 1), 'balance');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        api.db.database.pool.query(
          `INSERT INTO refund_case (refund_no, order_id, buyer_id, merchant_id, type, state, description,
                                    amount_fen, fee_fen, approved_fen, policy_version, quote, sla_deadline)
           SELECT $2, order_id, buyer_id, merchant_id, type, 'refunding', description, 300, 0, 300,
                  policy_version, quote, sla_deadline
           FROM refund_case WHERE refund_no = $1`,
          [refundNo, `${refundNo}P${i}`],
        ),
      ),
    );
    const codes = results.map((r) =>
      r.status === 'rejected' ? `${(r.reason as { code?: string }).code}` : 'inserted',
    );
    expect(codes).toEqual(Array(50).fill('23505'));
    const constraint = (results[0] as PromiseRejectedResult).reason.constraint;
    expect(constraint).toBe('refund_case_one_open_uq');
  });

  for (const channel of ['alipay', 'balance'] as const) {
    it(`${channel}, with that guard removed: ≤ paid is refunded, each attempt settled at most once, the books balance`, async () => {
      const pool = scratch.db.database.pool;
      await pool.query('DROP INDEX IF EXISTS refund_case_one_open_uq');
      const { refundNo, orderNo } = await submittedCase(sBuyer, await product(scratch, 10_000, 1), channel);
      // 50 cases in 退款中 on the one order, 300 fen each, no fee, each with its payout attempt.
      const inserted = await pool.query<{ id: string; out_refund_no: string }>(
        `WITH cases AS (
           INSERT INTO refund_case (refund_no, order_id, buyer_id, merchant_id, type, state, description,
                                    amount_fen, fee_fen, approved_fen, policy_version, quote, sla_deadline)
           SELECT $1 || 'P' || g, order_id, buyer_id, merchant_id, type, 'refunding', description, 300, 0, 300,
                  policy_version, quote, sla_deadline
           FROM refund_case, generate_series(1, 50) g WHERE refund_no = $1
           RETURNING id, refund_no, order_id)
         INSERT INTO payout_attempt (out_refund_no, case_id, order_id, channel, amount_fen, fee_fen)
         SELECT refund_no || '-1', id, order_id, $2, 300, 0 FROM cases
         RETURNING id, out_refund_no`,
        [refundNo, channel],
      );
      expect(inserted.rows).toHaveLength(50);

      const outcomes = await Promise.allSettled(inserted.rows.map((a) => run(scratch, Number(a.id))));

      const attempts = await pool.query<{ status: string; n: number; fen: string }>(
        `SELECT status, count(*)::int AS n, sum(amount_fen) AS fen FROM payout_attempt
         WHERE out_refund_no LIKE $1 GROUP BY status`,
        [`${refundNo}P%`],
      );
      const by = Object.fromEntries(attempts.rows.map((r) => [r.status, r.n]));
      const [order] = (
        await pool.query(
          'SELECT paid_fen::int AS paid, refunded_fen::int AS refunded FROM shop_order WHERE order_no = $1',
          [orderNo],
        )
      ).rows;
      const refundTxns = await pool.query<{ ref: string; n: number }>(
        `SELECT ref, count(*)::int AS n FROM ledger_txn WHERE kind = 'refund' AND ref LIKE $1 GROUP BY ref`,
        [`payout:${refundNo}P%`],
      );
      const failures = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
      console.log(
        `[${channel}] 50 × 300 fen on an order paid ${order.paid}: attempts ${JSON.stringify(by)}, ` +
          `refunded_fen ${order.refunded}, refund txns ${refundTxns.rows.length}, runPayout threw ${failures.length}×` +
          (failures.length
            ? ` (${checkViolated(failures[0]!.reason) ?? String(failures[0]!.reason?.message).slice(0, 160)})`
            : ''),
      );

      // What was paid bounds what was refunded: 33 × 300 = 9,900 fit into 10,000, a 34th does not.
      expect(order.refunded).toBeLessThanOrEqual(order.paid);
      expect(by.succeeded).toBe(33);
      expect(order.refunded).toBe(33 * 300);
      // Each attempt settled at most once; one refund transaction per succeeded attempt, no more.
      expect(refundTxns.rows.every((r) => r.n === 1)).toBe(true);
      expect(refundTxns.rows).toHaveLength(33);
      expect(
        await pool
          .query(
            `SELECT count(*)::int AS n FROM refund_case_event e JOIN refund_case c ON c.id = e.case_id
             WHERE c.refund_no LIKE $1 AND e.kind = 'payout_succeeded'`,
            [`${refundNo}P%`],
          )
          .then((r) => r.rows[0].n),
      ).toBe(33);
      expect(await overRefundedOrders(pool)).toBe(0);
      await expectBooksBalance(pool);

      if (channel === 'alipay') {
        // The channel holds its own line: refunds never exceed the trade. The 17 it refuses are final
        // failures (ACQ.REFUND_AMT_NOT_EQUAL_TOTAL → rejected), their cases 退款失败 for a person.
        expect(by.failed).toBe(17);
        const sim = new GatewaySimulatorClient(scratch.payments.simulator!.url);
        const paidOut = (await sim.refunds('alipay')).filter(
          (r) => r.outRefundNo.startsWith(`${refundNo}P`) && r.status === 'SUCCESS',
        );
        expect(paidOut).toHaveLength(33);
        const ours = await pool.query<{ out_refund_no: string }>(
          `SELECT out_refund_no FROM payout_attempt WHERE out_refund_no LIKE $1 AND status = 'succeeded'`,
          [`${refundNo}P%`],
        );
        expect(paidOut.map((r) => r.outRefundNo).sort()).toEqual(
          ours.rows.map((r) => r.out_refund_no).sort(),
        );
        expect(failures).toHaveLength(0);
      } else {
        // A balance refund has no channel to refuse it: the 17 that do not fit are stopped by the books
        // (the CHECK refunded_fen ≤ paid_fen) inside a savepoint — no money moves, no ledger entry, the
        // case stays 退款中 — and the attempt says why and is asked about again later (the sweep is the
        // net), for a person to see; runPayout itself does not fail.
        expect(failures).toHaveLength(0);
        expect(by.processing).toBe(17);
        const why = await pool.query<{ last_error: string; next_check_at: Date | null }>(
          `SELECT last_error, next_check_at FROM payout_attempt WHERE out_refund_no LIKE $1 AND status = 'processing'`,
          [`${refundNo}P%`],
        );
        for (const r of why.rows) {
          // Either CHECK can fire first: refunded ≤ paid, or refunded + fees kept ≤ paid.
          expect(r.last_error).toMatch(/booking failed.*shop_order_(refund|fees_kept)_check/);
          expect(r.next_check_at).not.toBeNull();
        }
      }
    });
  }
});

/**
 * Settling a balance refund used to post the ledger first (locking `buyer:N:balance`) and credit the
 * wallet row after, while paying with the balance (and adjustWallet) locks the wallet row first: a buyer
 * paying while a balance refund to them settled could deadlock (found by the crash test). Settlement now
 * takes the wallet first, like every other money change. A trigger that holds the ledger row for half a
 * second makes the interleaving certain.
 */
describe('a balance payment and a balance refund to the same buyer at once', () => {
  let scratch: Api;
  beforeAll(async () => {
    scratch = await startTestApi();
    await setBalance(scratch.ctx, ids.buyerId, 1_000_000);
  });
  afterAll(() => scratch.stop());

  it('both go through, one after the other: no deadlock', async () => {
    const { ctx } = scratch;
    const actors = await actorsByName(ctx, ['buyer', 'supervisor']);
    const b = actors.get('buyer')!;
    const productId = await product(scratch, 10_000, 2);
    const refunded = await openCase(ctx, b, productId, 'balance');
    await approveCase(ctx, actors.get('supervisor')!, refunded.refundNo, refunded.version);
    const [attempt] = await rows(
      scratch,
      'SELECT a.id FROM payout_attempt a JOIN refund_case c ON c.id = a.case_id WHERE c.refund_no = $1',
      [refunded.refundNo],
    );
    const orderNo = await placeOrder({
      db: ctx.db,
      buyer: b,
      productId,
      quantity: 1,
      ip: '127.0.0.1',
      now: new Date(),
      expireMinutes: 15,
    });
    const pool = scratch.db.database.pool;
    await pool.query(`
      CREATE FUNCTION test_hold_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$`);
    await pool.query(
      `CREATE TRIGGER test_hold_row AFTER UPDATE ON ledger_account FOR EACH ROW
       WHEN (NEW.path = 'buyer:${b.userId}:balance') EXECUTE FUNCTION test_hold_row()`,
    );
    try {
      // The refund settles first and holds buyer:N:balance; the payment comes while it does.
      const settling = run(scratch, Number(attempt.id));
      await new Promise((r) => setTimeout(r, 150));
      const paying = payOrder({
        db: ctx.db,
        jobs: ctx.jobs,
        channels: ctx.channels,
        buyer: b,
        orderNo,
        channel: 'balance',
        ip: '127.0.0.1',
        now: new Date(),
      });
      const [settled, paid] = await Promise.allSettled([settling, paying]);
      const codes = [settled, paid].flatMap((r) =>
        r.status === 'rejected'
          ? [(r.reason as { cause?: { code?: string } }).cause?.code ?? String(r.reason)]
          : [],
      );
      expect(codes).toEqual([]);
    } finally {
      await pool.query('DROP TRIGGER test_hold_row ON ledger_account; DROP FUNCTION test_hold_row()');
    }
    const [a] = await rows(scratch, 'SELECT status FROM payout_attempt WHERE id = $1', [attempt.id]);
    expect(a.status).toBe('succeeded');
    const [o] = await rows(scratch, 'SELECT status FROM shop_order WHERE order_no = $1', [orderNo]);
    expect(o.status).not.toBe('pending_payment');
    const [w] = await rows(
      scratch,
      `SELECT w.balance_fen::bigint AS wallet, l.balance_fen::bigint AS ledger FROM wallet w
       JOIN ledger_account l ON l.path = 'buyer:' || w.user_id || ':balance' WHERE w.user_id = $1`,
      [b.userId],
    );
    expect(Number(w.wallet)).toBe(Number(w.ledger));
    await expectBooksBalance(pool);
  });
});

/**
 * Refunds of settled orders (escrow 0) come from the merchant's balance, then the guarantee fund. Two of
 * them for one merchant at once used to plan on the same balance read without a lock, and the second was
 * refused (LEDGER.INSUFFICIENT_FUNDS) though the fund could advance the difference. Settlement now locks
 * the accounts it plans on (in path order, as postTxn updates them). A trigger holding the merchant's
 * balance row for 0.3 s would let every settlement read before the first commits, if they did not lock.
 */
describe("10 payouts at once of one merchant's settled orders, its balance covering only some", () => {
  let scratch: Api;
  beforeAll(async () => {
    scratch = await startTestApi();
    await setBalance(scratch.ctx, ids.buyerId, 1_000_000);
  });
  afterAll(() => scratch.stop());

  it('all are paid at once: the balance first, the guarantee fund advancing the rest', async () => {
    const { ctx } = scratch;
    const pool = scratch.db.database.pool;
    const b = (await actorsByName(ctx, ['buyer'])).get('buyer')!;
    await inTransaction(ctx.db, (tx) =>
      postTxn(
        tx,
        {
          kind: 'funding',
          ref: 'test:guarantee',
          memo: 'guarantee',
          postings: transfer(FUNDING, GUARANTEE, 1e6),
        },
        new Date(),
      ),
    );
    const productId = await product(scratch, 10_000, 10);
    const orderNos: string[] = [];
    for (let i = 0; i < 10; i++) {
      const common = { db: ctx.db, buyer: b, ip: '127.0.0.1', now: new Date() };
      const orderNo = await placeOrder({ ...common, productId, quantity: 1, expireMinutes: 15 });
      await payOrder({ ...common, jobs: ctx.jobs, channels: ctx.channels, orderNo, channel: 'balance' });
      orderNos.push(orderNo);
    }
    // Completed a month ago and settled: escrow → the merchant's balance; then the merchant takes out
    // all but 15,000 fen, enough for one and a half refunds.
    await pool.query(
      "UPDATE shop_order SET status = 'completed', completed_at = now() - interval '30 days' WHERE order_no = ANY($1)",
      [orderNos],
    );
    expect(await settleDueOrders(ctx.db, new Date(), 7)).toBe(10);
    const account = merchantBalance(ids.merchantId);
    const before = (await balances(ctx.db, [account])).get(account)!;
    await inTransaction(ctx.db, (tx) =>
      postTxn(
        tx,
        {
          kind: 'withdrawal',
          ref: 'test:withdrawal',
          memo: 'withdrawal',
          postings: transfer(account, FUNDING, before - 15_000),
        },
        new Date(),
      ),
    );
    // A case in 退款中 with its balance payout attempt on each order (one per order, as the schema wants).
    const attempts = await pool.query<{ id: string }>(
      `WITH cases AS (
         INSERT INTO refund_case (refund_no, order_id, buyer_id, merchant_id, type, state, description,
                                  amount_fen, fee_fen, approved_fen, policy_version, quote, sla_deadline)
         SELECT 'RM' || o.order_no, o.id, o.buyer_id, o.merchant_id, 'not_as_described', 'refunding', 'test',
                9500, 0, 9500, 1, '{}', now() + interval '1 day'
         FROM shop_order o WHERE o.order_no = ANY($1)
         RETURNING id, refund_no, order_id)
       INSERT INTO payout_attempt (out_refund_no, case_id, order_id, channel, amount_fen, fee_fen)
       SELECT refund_no || '-1', id, order_id, 'balance', 9500, 0 FROM cases RETURNING id`,
      [orderNos],
    );
    await pool.query(`
      CREATE FUNCTION test_hold_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$`);
    await pool.query(
      `CREATE TRIGGER test_hold_row AFTER UPDATE ON ledger_account FOR EACH ROW
       WHEN (NEW.path = '${account}') EXECUTE FUNCTION test_hold_row()`,
    );
    const buyerAccount = `buyer:${b.userId}:balance`;
    const buyerBefore = (await balances(ctx.db, [buyerAccount])).get(buyerAccount)!;
    try {
      const results = await Promise.allSettled(attempts.rows.map((a) => run(scratch, Number(a.id))));
      const codes = results.flatMap((r) =>
        r.status === 'rejected' ? [(r.reason as { code?: string }).code ?? String(r.reason)] : [],
      );
      console.log(
        `[one merchant] 10 × 9,500 fen on settled orders, merchant balance 15,000: ${codes.length} settlements refused at first (${[...new Set(codes)].join(', ')})`,
      );
      expect(codes).toEqual([]);
    } finally {
      await pool.query('DROP TRIGGER test_hold_row ON ledger_account; DROP FUNCTION test_hold_row()');
    }
    const done = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM payout_attempt WHERE id = ANY($1) AND status = 'succeeded'",
      [attempts.rows.map((a) => a.id)],
    );
    expect(done.rows[0]!.n).toBe(10);
    const after = await balances(ctx.db, [account, buyerAccount]);
    expect(after.get(account)).toBe(0);
    expect(after.get(buyerAccount)! - buyerBefore).toBe(10 * 9_500);
    await expectBooksBalance(pool);
  });
});
