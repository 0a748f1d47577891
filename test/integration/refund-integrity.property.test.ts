import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/auth/actor.ts';
import { payOrder } from '../../src/modules/orders/pay-order.ts';
import { placeOrder } from '../../src/modules/orders/place-order.ts';
import { revealCardKey } from '../../src/modules/orders/reveal-card-key.ts';
import { runPayout } from '../../src/modules/payouts/run-payout.ts';
import { appealRefund, disputeFee } from '../../src/modules/refunds/buyer-actions.ts';
import { approveRefund, rejectRefund } from '../../src/modules/refunds/decide-refund.ts';
import { getReviewCase } from '../../src/modules/refunds/get-refund.ts';
import { submitRefund } from '../../src/modules/refunds/submit-refund.ts';
import { withdrawRefund } from '../../src/modules/refunds/withdraw-refund.ts';
import { AppError } from '../../src/platform/errors.ts';
import { startTestApi } from '../helpers/app.ts';
import { actorsByName } from '../helpers/cases.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { expectBooksBalance } from '../helpers/payouts.ts';

// Issue 11: for any order and any sequence of reveals, submits, decisions and payouts, a key is never
// both revealable by the buyer and refunded as unused, and refunded + withheld fees ≤ paid — through
// the use-cases the routes call, against real PostgreSQL.

let api: Awaited<ReturnType<typeof startTestApi>>;
let buyer: Actor;
let supervisor: Actor;
let merchantId: number;
beforeAll(async () => {
  api = await startTestApi();
  const ids = await demoIds(api.ctx);
  merchantId = ids.merchantId;
  await setBalance(api.ctx, ids.buyerId, 100_000_000);
  const actors = await actorsByName(api.ctx, ['buyer', 'supervisor']);
  buyer = actors.get('buyer')!;
  supervisor = actors.get('supervisor')!;
});
afterAll(() => api.stop());

const q = async (text: string, values: unknown[] = []) =>
  (await api.db.database.pool.query(text, values)).rows;

type Op =
  | { op: 'reveal'; key: number }
  | { op: 'submit'; type: 'not_received' | 'quality_issue' | 'fee_dispute'; keys: number[] | null }
  | { op: 'approve' }
  | { op: 'approveStale' }
  | { op: 'reject' }
  | { op: 'withdraw' }
  | { op: 'appeal' }
  | { op: 'pay' }
  | { op: 'disputeFee' };

// Weighted so sequences often get as far as approvals and payouts.
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('reveal' as const), key: fc.nat(3) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('submit' as const),
      type: fc.constantFrom('not_received' as const, 'quality_issue' as const, 'fee_dispute' as const),
      keys: fc.option(fc.uniqueArray(fc.nat(3), { maxLength: 4 }), { nil: null }),
    }),
  },
  { weight: 4, arbitrary: fc.constant({ op: 'approve' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'approveStale' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'reject' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'withdraw' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'appeal' as const }) },
  { weight: 4, arbitrary: fc.constant({ op: 'pay' as const }) },
  { weight: 2, arbitrary: fc.constant({ op: 'disputeFee' as const }) },
);

const REFUNDED: Op[] = [{ op: 'submit', type: 'not_received', keys: null }, { op: 'approve' }, { op: 'pay' }];
/** A reveal while a case is open: the locked-key path, reached on purpose rather than by luck. */
const LOCKING: Op[] = [
  { op: 'submit', type: 'not_received', keys: null },
  { op: 'reveal', key: 0 },
];

const common = () => ({ db: api.ctx.db, ip: '127.0.0.1', now: new Date() });

/** The refund number of the order's newest case. */
async function latestCase(
  orderId: number,
): Promise<{ refund_no: string; version: number; state: string } | null> {
  const [c] = await q(
    'SELECT refund_no, version, state FROM refund_case WHERE order_id = $1 ORDER BY id DESC LIMIT 1',
    [orderId],
  );
  return c ?? null;
}

async function apply(o: Op, order: { id: number; no: string; keyIds: number[] }): Promise<void> {
  const c = await latestCase(order.id);
  switch (o.op) {
    case 'reveal':
      await revealCardKey({
        ...common(),
        box: api.ctx.box,
        buyer,
        orderNo: order.no,
        keyId: order.keyIds[o.key % order.keyIds.length]!,
        action: 'reveal',
        userAgent: 'property',
      });
      return;
    case 'submit':
      await submitRefund({
        ...common(),
        jobs: api.ctx.jobs,
        buyer,
        orderNo: order.no,
        type: o.type,
        description: `订单号${order.no}今天10点购买，卡密无法使用`,
        cardKeyIds: o.keys?.map((i) => order.keyIds[i % order.keyIds.length]!),
        merchantHours: 24,
      });
      return;
    case 'approve':
    case 'approveStale': {
      if (!c) return;
      const view = await getReviewCase(api.ctx.db, supervisor, c.refund_no);
      // A reviewer who saw today's quote, or one whose screen still shows the submission's.
      const quotedFen =
        o.op === 'approve' && view.currentQuote
          ? view.currentQuote.amountFen +
            (view.feeWaivedFen > 0 ? view.currentQuote.fees.reduce((s, f) => s + f.amountFen, 0) : 0)
          : undefined;
      await approveRefund({
        ...common(),
        jobs: api.ctx.jobs,
        reviewer: supervisor,
        refundNo: c.refund_no,
        expectedVersion: view.version,
        quotedFen,
      });
      return;
    }
    case 'reject':
      if (!c) return;
      await rejectRefund({
        ...common(),
        reviewer: supervisor,
        refundNo: c.refund_no,
        expectedVersion: c.version,
        reasonCode: 'OTHER',
        text: '属性测试驳回',
      });
      return;
    case 'withdraw':
      if (c) await withdrawRefund({ ...common(), buyer, refundNo: c.refund_no });
      return;
    case 'appeal':
      if (c)
        await appealRefund({
          ...common(),
          jobs: api.ctx.jobs,
          buyer,
          refundNo: c.refund_no,
          text: '请主管复核此案',
        });
      return;
    case 'disputeFee': {
      const [r] = await q(
        "SELECT refund_no FROM refund_case WHERE order_id = $1 AND state = 'refunded' ORDER BY id DESC LIMIT 1",
        [order.id],
      );
      if (r)
        await disputeFee({
          ...common(),
          jobs: api.ctx.jobs,
          merchantHours: 24,
          buyer,
          refundNo: r.refund_no,
          text: '卡密未使用，不应扣除手续费',
        });
      return;
    }
    case 'pay': {
      const [a] = await q(
        "SELECT id FROM payout_attempt WHERE order_id = $1 AND status = 'pending' ORDER BY id LIMIT 1",
        [order.id],
      );
      if (a)
        await runPayout({
          db: api.ctx.db,
          jobs: api.ctx.jobs,
          gateways: api.ctx.gateways,
          attemptId: Number(a.id),
          now: () => new Date(),
        });
      return;
    }
  }
}

/** What must hold after every step. */
async function checkInvariants(order: { id: number; no: string; keyIds: number[] }): Promise<void> {
  const [money] = await q(
    'SELECT paid_fen::int p, refunded_fen::int r, fees_kept_fen::int k FROM shop_order WHERE id = $1',
    [order.id],
  );
  expect(money.r + money.k).toBeLessThanOrEqual(money.p);
  expect(money.k).toBeGreaterThanOrEqual(0);
  // A key taken back was never revealed afterwards; one put back on sale was never revealed at all.
  const seenAfter = await q(
    `SELECT k.id FROM card_key k JOIN card_key_extraction e ON e.card_key_id = k.id
     WHERE k.order_id = $1 AND k.status = 'refunded' AND e.at >= k.refunded_at`,
    [order.id],
  );
  expect(seenAfter).toEqual([]);
  const restockedSeen = await q(
    `SELECT s.id FROM card_key s JOIN card_key_extraction e ON e.card_key_id = s.restocked_from
     JOIN card_key k ON k.id = s.restocked_from WHERE k.order_id = $1`,
    [order.id],
  );
  expect(restockedSeen).toEqual([]);
  // And the buyer cannot reveal them now, nor a key an open case covers that was never seen.
  const guarded = await q(
    `SELECT k.id, k.status FROM card_key k WHERE k.order_id = $1 AND (k.status = 'refunded' OR EXISTS (
       SELECT 1 FROM refund_case c WHERE c.order_id = k.order_id AND k.id = ANY (c.card_key_ids)
         AND c.state IN ('submitted','info_requested','risk_hold','approved','refunding','refund_failed','appealed')
         AND NOT EXISTS (SELECT 1 FROM card_key_extraction e WHERE e.card_key_id = k.id)))`,
    [order.id],
  );
  for (const k of guarded) {
    const err = await revealCardKey({
      ...common(),
      box: api.ctx.box,
      buyer,
      orderNo: order.no,
      keyId: Number(k.id),
      action: 'reveal',
      userAgent: 'property',
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(k.status === 'refunded' ? 'CARD_KEY.REFUNDED' : 'CARD_KEY.LOCKED');
  }
}

describe('keys and money stay true under any sequence of actions', () => {
  it('never lets a key be both revealable and refunded as unused, nor refund more than was paid', async () => {
    let runs = 0;
    const done = new Map<string, number>();
    const refused = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 100, max: 20_000 }),
        // Some sequences start from a refunded case (and a fee dispute on it), or from a reveal while a
        // case is open, so the rarer paths — a second refund, a fee given back, a locked key — are
        // reached as often as the first decision.
        fc.constantFrom<Op[]>([], REFUNDED, [...REFUNDED, { op: 'disputeFee' }], LOCKING),
        fc.array(op, { minLength: 1, maxLength: 16 }),
        async (keys, priceFen, prefix, rest) => {
          const ops = [...prefix, ...rest];
          runs++;
          const productId = await makeProduct(api.ctx, { merchantId, priceFen });
          await addKeys(api.ctx, productId, keys);
          const orderNo = await placeOrder({
            ...common(),
            buyer,
            productId,
            quantity: keys,
            expireMinutes: 15,
          });
          await payOrder({
            ...common(),
            buyer,
            jobs: api.ctx.jobs,
            channels: api.ctx.channels,
            orderNo,
            channel: 'balance',
          });
          const [p] = await q('SELECT id FROM shop_order WHERE order_no = $1', [orderNo]);
          const keyIds = (await q('SELECT id FROM card_key WHERE order_id = $1 ORDER BY id', [p.id])).map(
            (r) => Number(r.id),
          );
          const order = { id: Number(p.id), no: orderNo, keyIds };
          for (const o of ops) {
            try {
              await apply(o, order);
              done.set(o.op, (done.get(o.op) ?? 0) + 1);
            } catch (err) {
              // Refusals are expected (wrong state, stale, not eligible, locked…); anything else is a bug.
              if (!(err instanceof AppError)) throw err;
              refused.set(err.code, (refused.get(err.code) ?? 0) + 1);
            }
            await checkInvariants(order);
          }
        },
      ),
      // The first two runs are fixed, so the paths counted below — a locked key, a fee given back — are
      // reached in every CI run (a random draw missed one once); the other runs are random.
      {
        numRuns: 40,
        examples: [
          [2, 1000, LOCKING, [{ op: 'approve' }, { op: 'pay' }]],
          [1, 4900, [...REFUNDED, { op: 'disputeFee' }], [{ op: 'approve' }, { op: 'pay' }]],
        ],
      },
    );
    expect(runs).toBeGreaterThanOrEqual(40);
    console.log(
      `[sequences] done ${JSON.stringify(Object.fromEntries(done))}; refused ${JSON.stringify(Object.fromEntries(refused))}`,
    );
    // Not vacuous: the sequences did reach approvals, payouts and refused reveals.
    const [reached] = await q(`SELECT
        (SELECT count(*)::int FROM payout_attempt WHERE status = 'succeeded') AS paid,
        (SELECT count(*)::int FROM card_key WHERE status = 'refunded') AS taken,
        (SELECT count(*)::int FROM refund_case WHERE type = 'fee_dispute' AND state = 'refunded') AS fees`);
    console.log(`[sequences] reached ${JSON.stringify(reached)}`);
    expect(reached.paid).toBeGreaterThan(0);
    expect(reached.taken).toBeGreaterThan(0);
    expect(reached.fees).toBeGreaterThan(0);
    expect(refused.get('CARD_KEY.LOCKED') ?? 0).toBeGreaterThan(0);
    await expectBooksBalance(api.db.database.pool);
  }, 240_000);
});
