import { sql } from 'drizzle-orm';
import { GUARANTEE, merchantDeposit } from '../core/ledger/accounts.ts';
import { merchantMemo, yuanMemo } from '../core/ledger/memo.ts';
import { fundingTxn } from '../core/ledger/settlement.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { importCardKeys } from '../modules/catalog/import-card-keys.ts';
import type { Context } from '../modules/context.ts';
import { postTxn } from '../modules/ledger/post-txn.ts';
import { adjustWallet } from '../modules/ledger/wallet.ts';
import { cancelOrder, confirmReceipt, shipOrder } from '../modules/orders/change-order.ts';
import { payOrder } from '../modules/orders/pay-order.ts';
import { placeOrder } from '../modules/orders/place-order.ts';
import { revealCardKey } from '../modules/orders/reveal-card-key.ts';
import { runTopup } from '../modules/orders/run-topup.ts';
import { simulatedSupplier } from '../modules/orders/supplier.ts';
import { autoCompleteOrders, expireUnpaidOrders } from '../modules/orders/sweep-orders.ts';
import { type Db, inTransaction } from '../platform/db/pool.ts';
import { loadActors } from './seed-actors.ts';
import { CASE, DEMO_BUYERS, DEMO_PRODUCTS, DEMO_SHOPS, SCENARIO, USER_AGENTS } from './seed-catalog.ts';
import { DEMO_MERCHANT } from './seed-demo.ts';
import { type Plan, planDemoOrders, type Step } from './seed-plan.ts';
import { demoKeys, hashString, prng } from './seed-random.ts';
import { seedReturnAddresses } from './seed-returns.ts';

const DAY = 86_400_000;
// Any constant: two processes starting on one empty database take turns (the second finds it seeded).
const SEED_LOCK = 7_306_251;

/** True once the demo marketplace exists (its first product is the marker). */
export async function demoMarketplaceSeeded(db: Db): Promise<boolean> {
  const res = await db.execute(sql`
    SELECT 1 FROM product p JOIN merchant m ON m.id = p.merchant_id
    WHERE m.name = ${DEMO_MERCHANT} AND p.name = ${CASE.outOfStock}`);
  return res.rows.length > 0;
}

export type MarketplaceSeedResult = { seeded: boolean; orders: number; ms: number };

/**
 * The demo marketplace: four shops with deposits, products of every kind, card-key stock, scripted
 * top-up accounts, wallets, and ~400 orders over the last 90 days — built by replaying a script
 * (seed-plan.ts) through the real use-cases with backdated clocks, so timelines, delivery attempts
 * and extraction records are exactly what the app would have written. Needs the demo users
 * (seedDemo) and a started job queue (pay-order enqueues top-ups in its transaction).
 *
 * One transaction: all or nothing, so the marker product means "complete"; and the top-up jobs
 * pay-order enqueues become visible only at commit, when the seed has already run every attempt
 * itself — the workers then find nothing to do (run-topup is idempotent). Idempotent.
 */
export async function seedDemoMarketplace(
  ctx: Context,
  opts: { password: string; now?: Date },
): Promise<MarketplaceSeedResult> {
  const started = performance.now();
  const now = opts.now ?? ctx.now();
  const seeded = await inTransaction(ctx.db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
    if (await demoMarketplaceSeeded(tx)) return null;
    // The supplier reads the scripted accounts, which exist only inside this transaction.
    const seedCtx: Context = { ...ctx, db: tx, supplier: simulatedSupplier(tx) };
    const plan = planDemoOrders(now, ctx.config.orders);
    const world = await setUpMarketplace(seedCtx, plan, opts.password, now);
    for (const step of plan.steps) await replay(seedCtx, world, step);
    await backdateSeedRows(tx, now);
    return plan.orders.length;
  });
  return { seeded: seeded !== null, orders: seeded ?? 0, ms: Math.round(performance.now() - started) };
}

/** ¥100,000 in the demo's guarantee fund. */
const DEMO_GUARANTEE_FUND_FEN = 10_000_000;

type World = {
  actors: Map<string, Actor>;
  shopActors: Map<string, Actor>;
  productIds: Map<string, number>;
};

async function setUpMarketplace(ctx: Context, plan: Plan, password: string, now: Date): Promise<World> {
  const { db } = ctx;
  const hash = await hashPassword(password);
  const merchantIds = new Map<string, number>();
  for (const shop of DEMO_SHOPS) {
    const m = await db.execute<{ id: number }>(sql`
      INSERT INTO merchant (name, created_at) VALUES (${shop.name}, ${new Date(now.getTime() - 400 * DAY)})
      ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`);
    const merchantId = Number(m.rows[0]!.id);
    merchantIds.set(shop.name, merchantId);
    await db.execute(sql`
      INSERT INTO merchant_profile (merchant_id, deposit_fen, status) VALUES (${merchantId}, ${shop.depositFen}, 'active')
      ON CONFLICT (merchant_id) DO NOTHING`);
    await db.execute(sql`
      INSERT INTO app_user (username, display_name, role, merchant_id, password_hash)
      VALUES (${shop.username}, ${shop.displayName}, 'merchant', ${merchantId}, ${hash})
      ON CONFLICT (username) DO NOTHING`);
    // The deposit is held in the ledger (保证金), paid in when the shop opened.
    await postTxn(
      db,
      fundingTxn({
        kind: 'deposit',
        ref: `seed:deposit:${merchantId}`,
        to: merchantDeposit(merchantId),
        amountFen: shop.depositFen,
        memo: `${merchantMemo(merchantId, shop.name)}开店缴纳保证金 ${yuanMemo(shop.depositFen)}`,
      }),
      new Date(now.getTime() - 400 * DAY),
    );
  }
  await seedReturnAddresses(db);
  // The platform's guarantee fund (先行垫付) that advances refunds a merchant cannot pay.
  await postTxn(
    db,
    fundingTxn({
      kind: 'funding',
      ref: 'seed:guarantee',
      to: GUARANTEE,
      amountFen: DEMO_GUARANTEE_FUND_FEN,
      memo: `平台注入保障金 ${yuanMemo(DEMO_GUARANTEE_FUND_FEN)}`,
    }),
    new Date(now.getTime() - 400 * DAY),
  );
  for (const b of DEMO_BUYERS) {
    await db.execute(sql`
      INSERT INTO app_user (username, display_name, role, password_hash)
      VALUES (${b.username}, ${b.displayName}, 'buyer', ${hash}) ON CONFLICT (username) DO NOTHING`);
  }
  const usernames = [
    'buyer',
    'buyer2',
    ...DEMO_BUYERS.map((b) => b.username),
    ...DEMO_SHOPS.map((s) => s.username),
  ];
  // Accounts older than their order history (the credit score will read account age).
  await db.execute(sql`
    UPDATE app_user SET created_at = ${new Date(now.getTime() - 200 * DAY)}
    WHERE username IN ${usernames} AND created_at > ${new Date(now.getTime() - 200 * DAY)}`);
  const actors = await loadActors(db, usernames);
  const missing = usernames.filter((u) => !actors.has(u));
  if (missing.length) throw new Error(`demo users missing (run seedDemo first): ${missing.join(', ')}`);
  const shopActors = new Map(DEMO_SHOPS.map((s) => [s.name, actors.get(s.username)!]));

  const productIds = new Map<string, number>();
  const demand = new Map<string, number>();
  for (const o of plan.orders) demand.set(o.product.name, (demand.get(o.product.name) ?? 0) + o.quantity);
  for (const p of DEMO_PRODUCTS) {
    const res = await db.execute<{ id: number }>(sql`
      INSERT INTO product (merchant_id, name, kind, category, description, price_fen, units_per_item, valid_days, created_at)
      VALUES (${merchantIds.get(p.shop)!}, ${p.name}, ${p.kind}, ${p.category}, ${p.description}, ${p.priceFen},
              ${p.unitsPerItem ?? null}, ${p.validDays ?? null}, ${new Date(now.getTime() - 120 * DAY)})
      RETURNING id`);
    const productId = Number(res.rows[0]!.id);
    productIds.set(p.name, productId);
    if (!p.keys) continue;
    await importCardKeys({
      db,
      box: ctx.box,
      merchantUser: shopActors.get(p.shop)!,
      productId,
      text: demoKeys(p.name, p.keys.pattern, (demand.get(p.name) ?? 0) + p.keys.spare).join('\n'),
      ip: '127.0.0.1',
      now,
    });
  }

  for (const s of Object.values(SCENARIO)) {
    await db.execute(sql`
      INSERT INTO supplier_scenario (account, outcome, arrived_units, note)
      VALUES (${s.account}, ${s.outcome}, ${s.arrivedUnits}, ${s.note}) ON CONFLICT (account) DO NOTHING`);
  }

  // Wallets: what each buyer spends by balance in the script, plus what is left to spend in the demo.
  const left = (u: string) => (u === 'buyer' || u === 'buyer2' ? 100_000 : 20_000);
  const spend = new Map<string, number>();
  for (const s of plan.steps) {
    if (s.kind === 'pay' && s.channel === 'balance' && s.order) {
      const o = s.order;
      spend.set(o.buyer, (spend.get(o.buyer) ?? 0) + o.product.priceFen * o.quantity);
    }
  }
  for (const u of ['buyer', 'buyer2', ...DEMO_BUYERS.map((b) => b.username)]) {
    const topUp = left(u) + (spend.get(u) ?? 0);
    await adjustWallet(
      db,
      actors.get(u)!.userId,
      topUp,
      `seed:wallet:${u}`,
      new Date(now.getTime() - 100 * DAY),
    );
  }
  return { actors, shopActors, productIds };
}

/** Each buyer shops from a stable address and device. */
function clientOf(username: string): { ip: string; userAgent: string } {
  const rnd = prng(hashString(username));
  const prefix = rnd.pick(['223.104', '117.136', '36.112', '120.229', '183.14', '112.97']);
  return { ip: `${prefix}.${rnd.int(1, 254)}.${rnd.int(1, 254)}`, userAgent: rnd.pick(USER_AGENTS) };
}

async function orderId(db: Db, orderNo: string): Promise<number> {
  const res = await db.execute<{ id: number }>(sql`SELECT id FROM shop_order WHERE order_no = ${orderNo}`);
  return Number(res.rows[0]!.id);
}

async function replay(ctx: Context, world: World, step: Step): Promise<void> {
  const { db } = ctx;
  const now = step.at;
  if (step.kind === 'sweep') {
    await expireUnpaidOrders(db, now);
    await autoCompleteOrders(db, now, ctx.config.orders);
    return;
  }
  const order = step.order!;
  const buyer = world.actors.get(order.buyer)!;
  const { ip, userAgent } = clientOf(order.buyer);
  const orderNo = order.orderNo ?? '';
  switch (step.kind) {
    case 'place':
      order.orderNo = await placeOrder({
        db,
        buyer,
        productId: world.productIds.get(order.product.name)!,
        quantity: order.quantity,
        topupAccount: order.topupAccount,
        shippingAddress: order.shippingAddress,
        ip,
        now,
        expireMinutes: ctx.config.orders.expireMinutes,
      });
      return;
    case 'withdraw_stock':
      // The merchant withdraws the last key after the buyer placed the order (placeOrder refuses an
      // out-of-stock placement, so this is how a paid order ends up with nothing to deliver).
      await db.execute(sql`
        UPDATE card_key SET status = 'void'
        WHERE product_id = ${world.productIds.get(order.product.name)!} AND status = 'available'`);
      return;
    case 'pay':
      await payOrder({
        db,
        jobs: ctx.jobs,
        channels: ctx.channels,
        buyer,
        orderNo,
        channel: step.channel,
        ip,
        now,
      });
      return;
    case 'cancel':
      await cancelOrder({ db, actor: buyer, orderNo, ip, now });
      return;
    case 'topup':
      await runTopup({
        db,
        jobs: ctx.jobs,
        supplier: ctx.supplier,
        orderId: await orderId(db, orderNo),
        now: () => now,
      });
      return;
    case 'reveal': {
      const key = await db.execute<{ id: number }>(sql`
        SELECT id FROM card_key WHERE order_id = ${await orderId(db, orderNo)} ORDER BY id LIMIT 1`);
      await revealCardKey({
        db,
        box: ctx.box,
        buyer,
        orderNo,
        keyId: Number(key.rows[0]!.id),
        action: step.action,
        ip,
        userAgent,
        now,
      });
      return;
    }
    case 'ship': {
      const merchant = world.shopActors.get(order.product.shop)!;
      await shipOrder({
        db,
        actor: merchant,
        orderNo,
        ip: '61.135.169.121',
        now,
        carrier: step.carrier,
        trackingNo: step.trackingNo,
      });
      return;
    }
    case 'confirm':
      await confirmReceipt({ db, actor: buyer, orderNo, ip, now });
      return;
  }
}

/**
 * Rows whose time the use-cases take from the database clock (audit entries, key imports) carry the
 * seed transaction's `now()`; move them to the moment the script says they happened.
 */
async function backdateSeedRows(tx: Db, now: Date): Promise<void> {
  const stocked = new Date(now.getTime() - 100 * DAY);
  await tx.execute(sql`UPDATE card_key SET imported_at = ${stocked} WHERE imported_at = now()`);
  await tx.execute(sql`
    UPDATE audit_log a SET at = ${stocked} WHERE a.at = now() AND a.action = 'card_keys.import'`);
  await tx.execute(sql`
    UPDATE audit_log a SET at = v.t
    FROM shop_order o
    LEFT JOIN shipment s ON s.order_id = o.id
    CROSS JOIN LATERAL (VALUES ('order.place', o.created_at), ('order.pay', o.paid_at),
      ('order.cancel', o.cancelled_at), ('order.ship', s.shipped_at), ('order.confirm_receipt', s.received_at)) v(action, t)
    WHERE a.at = now() AND a.subject = 'order:' || o.order_no AND a.action = v.action AND v.t IS NOT NULL`);
}
