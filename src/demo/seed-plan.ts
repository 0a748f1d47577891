import type { Channel } from '../modules/orders/schema.ts';
import {
  ADDRESSES,
  CARRIERS,
  CASE,
  DEMO_BUYERS,
  DEMO_PRODUCTS,
  type DemoProduct,
  SCENARIO,
} from './seed-catalog.ts';
import { type Prng, prng } from './seed-random.ts';

/**
 * The demo order history as a script: each order is a list of timed steps (place, pay, top-up
 * attempt, reveal, ship, confirm, cancel) plus sweep steps where the app's cron would have run. The
 * seed replays every step in time order through the real use-cases with that step's clock. Pure: the
 * same `now` and seed give the same script.
 */

export type PlannedOrder = {
  buyer: string;
  product: DemoProduct;
  quantity: number;
  topupAccount?: string;
  shippingAddress?: string;
  /** Filled in when the `place` step runs. */
  orderNo?: string;
};

export type Step = { at: Date; order?: PlannedOrder } & (
  | { kind: 'place' }
  | { kind: 'pay'; channel: Channel }
  | { kind: 'cancel' }
  | { kind: 'topup' }
  | { kind: 'reveal'; action: 'reveal' | 'copy' }
  | { kind: 'ship'; carrier: string; trackingNo: string }
  | { kind: 'confirm' }
  /** The merchant withdraws the remaining stock of the order's product (see the out-of-stock case). */
  | { kind: 'withdraw_stock' }
  /** The app's sweeps (expire unpaid, auto-complete) as cron would have run them at `at`. */
  | { kind: 'sweep' }
);

export type OrderDays = { expireMinutes: number; autoConfirmDays: number; autoCompleteDays: number };

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const byName = (name: string) => DEMO_PRODUCTS.find((p) => p.name === name)!;

/** Products the browser tests search for in 张小明's list: his generated orders avoid them. */
const CASE_NAMES = new Set<string>(Object.values(CASE));

export type Plan = { steps: Step[]; orders: PlannedOrder[] };

export function planDemoOrders(now: Date, days: OrderDays): Plan {
  const rnd = prng(20_251_125);
  const steps: Step[] = [];
  const orders: PlannedOrder[] = [];
  const t = (msAgo: number) => new Date(now.getTime() - msAgo);
  const add = (order: PlannedOrder) => {
    orders.push(order);
    return order;
  };

  // ── 张小明's scripted cases (named in DOMAIN.md's seed discussion and the browser tests) ──
  const qb = add({ buyer: 'buyer', product: byName(CASE.outOfStock), quantity: 1 });
  steps.push(
    { at: t(DAY + 10 * MIN), order: qb, kind: 'place' },
    { at: t(DAY + 9 * MIN), order: qb, kind: 'withdraw_stock' },
    { at: t(DAY + 8 * MIN), order: qb, kind: 'pay', channel: 'alipay' },
  );
  const partial = add({
    buyer: 'buyer',
    product: byName(CASE.partialTopup),
    quantity: 1,
    topupAccount: SCENARIO.partial.account,
  });
  paid(steps, partial, t(20 * HOUR), 'wechatpay');
  steps.push({ at: t(20 * HOUR - 2 * MIN), order: partial, kind: 'topup' });
  const unrevealed = add({ buyer: 'buyer', product: byName(CASE.unrevealed), quantity: 1 });
  paid(steps, unrevealed, t(5 * HOUR), 'balance');
  const revealed = add({ buyer: 'buyer', product: byName(CASE.revealed), quantity: 1 });
  paid(steps, revealed, t(20 * DAY), 'alipay');
  steps.push({ at: t(20 * DAY - 10 * MIN), order: revealed, kind: 'reveal', action: 'reveal' });
  steps.push({ at: t(20 * DAY - 11 * MIN), order: revealed, kind: 'reveal', action: 'copy' });
  completeSweep(steps, t(20 * DAY - 2 * MIN), days, now);
  const failed = add({
    buyer: 'buyer',
    product: byName(CASE.failedTopup),
    quantity: 1,
    topupAccount: SCENARIO.fail.account,
  });
  paid(steps, failed, t(2 * DAY), 'wechatpay');
  // The top-up job's three tries: at once, then after 30 s and 60 s more (run-topup.ts).
  for (const after of [10_000, 40_000, 100_000]) {
    steps.push({ at: new Date(t(2 * DAY - 2 * MIN).getTime() + after), order: failed, kind: 'topup' });
  }
  const address = ADDRESSES[0]!;
  const shipped = add({ buyer: 'buyer', product: byName(CASE.mouse), quantity: 1, shippingAddress: address });
  paid(steps, shipped, t(4 * DAY), 'alipay');
  steps.push({
    at: t(3 * DAY),
    order: shipped,
    kind: 'ship',
    carrier: '顺丰速运',
    trackingNo: 'SF1420365178234',
  });
  const received = add({
    buyer: 'buyer',
    product: byName(CASE.mouse),
    quantity: 1,
    shippingAddress: address,
  });
  paid(steps, received, t(14 * DAY), 'balance');
  steps.push({
    at: t(13 * DAY),
    order: received,
    kind: 'ship',
    carrier: '京东物流',
    trackingNo: 'JDV003518826457',
  });
  steps.push({ at: t(10 * DAY), order: received, kind: 'confirm' });
  const member = add({ buyer: 'buyer', product: byName(CASE.membership), quantity: 1 });
  paid(steps, member, t(8 * HOUR), 'wechatpay');
  // Paid, waiting for the merchant to ship: one at 优品数码, one at the demo merchant's own shop.
  const powerBank = byName('小米移动电源 3 20000mAh');
  paid(
    steps,
    add({ buyer: 'buyer', product: powerBank, quantity: 1, shippingAddress: address }),
    t(6 * HOUR),
    'alipay',
  );
  const toShip = add({
    buyer: 'buyer2',
    product: byName(CASE.mouse),
    quantity: 1,
    shippingAddress: ADDRESSES[3]!,
  });
  paid(steps, toShip, t(5 * HOUR), 'wechatpay');

  // ── Generated history: 张小明, 李小红 and a dozen more buyers over the last 90 days ──
  const buyers: [string, number][] = [
    ['buyer', 70],
    ['buyer2', 45],
    ...DEMO_BUYERS.map((b): [string, number] => [b.username, 18]),
  ];
  for (const [buyer, count] of buyers) {
    const choices = DEMO_PRODUCTS.filter(
      (p) => p.weight > 0 && !(buyer === 'buyer' && CASE_NAMES.has(p.name)),
    );
    for (let i = 0; i < count; i++) {
      const product = rnd.weighted(choices, (p) => p.weight);
      const placedAt = t(rnd.int(30 * MIN, 90 * DAY));
      generated(steps, add(makeOrder(rnd, buyer, product)), placedAt, rnd, days, now);
    }
  }

  // ── Unpaid orders placed just now: still payable when the demo starts ──
  const pendingFor: [string, string][] = [
    ['buyer', '腾讯视频 VIP 月卡'],
    ['buyer', '中国联通话费直充 100 元'],
    ['buyer', '小米移动电源 3 20000mAh'],
    ['buyer2', '腾讯Q币 30 元卡密'],
    ['demo-buyer-01', '完美世界一卡通 30 元'],
  ];
  pendingFor.forEach(([buyer, name], i) => {
    const order = add(makeOrder(rnd, buyer, byName(name)));
    steps.push({ at: t((pendingFor.length - i) * 1000), order, kind: 'place' });
  });

  // Stable sort: steps of one order were pushed in order, so equal times keep their sequence.
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { steps, orders };
}

function makeOrder(rnd: Prng, buyer: string, product: DemoProduct): PlannedOrder {
  const quantity =
    product.kind === 'physical' || product.kind === 'direct_topup'
      ? 1
      : rnd.weighted([1, 2, 3], (q) => 4 - (q * q) / 3);
  const order: PlannedOrder = { buyer, product, quantity };
  if (product.kind === 'physical') order.shippingAddress = rnd.pick(ADDRESSES);
  if (product.kind === 'direct_topup') {
    // A few go to the scripted accounts: phone numbers arrive partly, game accounts fail.
    const scripted = rnd.chance(0.08);
    order.topupAccount =
      product.category === '话费充值'
        ? scripted
          ? SCENARIO.partial.account
          : `1${rnd.pick(['35', '38', '39', '52', '58', '86', '88'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`
        : scripted
          ? SCENARIO.fail.account
          : String(rnd.int(100_000_000, 3_999_999_999));
  }
  return order;
}

function paid(steps: Step[], order: PlannedOrder, placedAt: Date, channel: Channel): Date {
  const paidAt = new Date(placedAt.getTime() + 2 * MIN);
  steps.push({ at: placedAt, order, kind: 'place' }, { at: paidAt, order, kind: 'pay', channel });
  return paidAt;
}

/** A sweep just after the auto-complete deadline of something delivered at `deliveredAt`. */
function completeSweep(steps: Step[], deliveredAt: Date, days: OrderDays, now: Date, physical = false): void {
  const at =
    deliveredAt.getTime() + (physical ? days.autoConfirmDays : days.autoCompleteDays) * DAY + 7 * MIN;
  if (at < now.getTime()) steps.push({ at: new Date(at), kind: 'sweep' });
}

/** What happens to one generated order: cancelled, expired, or paid and delivered by its kind. */
function generated(
  steps: Step[],
  order: PlannedOrder,
  placedAt: Date,
  rnd: Prng,
  days: OrderDays,
  now: Date,
) {
  const r = rnd.next();
  if (r < 0.06) {
    steps.push({ at: placedAt, order, kind: 'place' });
    steps.push({ at: new Date(placedAt.getTime() + rnd.int(1, 12) * MIN), order, kind: 'cancel' });
    return;
  }
  if (r < 0.12) {
    steps.push({ at: placedAt, order, kind: 'place' });
    const sweepAt = placedAt.getTime() + (days.expireMinutes + 1) * MIN;
    if (sweepAt < now.getTime()) steps.push({ at: new Date(sweepAt), kind: 'sweep' });
    return;
  }
  const channel = rnd.weighted(
    ['alipay', 'wechatpay', 'balance'] as const,
    (c) => ({ alipay: 45, wechatpay: 35, balance: 20 })[c],
  );
  const paidAt = new Date(placedAt.getTime() + rnd.int(20, 300) * 1000);
  steps.push({ at: placedAt, order, kind: 'place' }, { at: paidAt, order, kind: 'pay', channel });
  const later = (ms: number) => new Date(paidAt.getTime() + ms);
  switch (order.product.kind) {
    case 'card_key':
    case 'membership': {
      if (rnd.chance(0.7)) {
        const revealAt = later(rnd.int(1, 180) * MIN);
        if (revealAt < now)
          steps.push({ at: revealAt, order, kind: 'reveal', action: rnd.chance(0.4) ? 'copy' : 'reveal' });
      }
      completeSweep(steps, paidAt, days, now);
      return;
    }
    case 'direct_topup': {
      const tries = order.topupAccount === SCENARIO.fail.account ? [10_000, 40_000, 100_000] : [10_000];
      for (const ms of tries) if (later(ms) < now) steps.push({ at: later(ms), order, kind: 'topup' });
      completeSweep(steps, later(10_000), days, now);
      return;
    }
    case 'physical': {
      const shipAt = later(rnd.int(2, 30) * HOUR);
      if (shipAt >= now) return;
      const [carrier, prefix] = rnd.pick(CARRIERS);
      const trackingNo = `${prefix}${String(rnd.int(100_000_000, 999_999_999))}${rnd.int(100, 999)}`;
      steps.push({ at: shipAt, order, kind: 'ship', carrier, trackingNo });
      const confirmAt = new Date(shipAt.getTime() + rnd.int(20, 150) * HOUR);
      if (
        rnd.chance(0.65) &&
        confirmAt < now &&
        confirmAt.getTime() < shipAt.getTime() + days.autoConfirmDays * DAY
      ) {
        steps.push({ at: confirmAt, order, kind: 'confirm' });
      } else completeSweep(steps, shipAt, days, now, true);
      return;
    }
  }
}
