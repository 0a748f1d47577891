import { sql } from 'drizzle-orm';
import type { Actor } from '../modules/auth/actor.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import type { Context } from '../modules/context.ts';
import { payOrder } from '../modules/orders/pay-order.ts';
import { placeOrder } from '../modules/orders/place-order.ts';
import { revealCardKey } from '../modules/orders/reveal-card-key.ts';
import { submitRefund } from '../modules/refunds/submit-refund.ts';
import { recordSignIn } from '../modules/risk/device.ts';
import { inTransaction } from '../platform/db/pool.ts';

/**
 * A small abuse ring for the demo (风控演示): four fresh accounts that sign in from one browser on one
 * network and pay from one Alipay account, each buying a two-key Q币 order, revealing one key and
 * claiming the order "not received". Every claim is held for a person, and the reviewer's risk panel
 * links all four — through the real use-cases, live (the payments go through the simulator). Skipped
 * against real gateways (no simulated payer to share). Idempotent.
 */
export const RING = ['ring01', 'ring02', 'ring03', 'ring04'] as const;
const DEVICE = 'demoRingBrowser0000001';
const IP = '203.0.113.45';
const PRODUCT = '腾讯Q币 30 元卡密';

export async function seedAbuseRing(ctx: Context, opts: { password: string }): Promise<number> {
  const demoBuyer = ctx.demoBuyer;
  if (!demoBuyer) return 0;
  const existing = await ctx.db.execute(sql`SELECT 1 FROM app_user WHERE username = ${RING[0]}`);
  if (existing.rows.length) return 0;
  const hash = await hashPassword(opts.password);
  const now = ctx.now();
  const actors: Actor[] = await inTransaction(ctx.db, async (tx) => {
    const out: Actor[] = [];
    for (const [i, username] of RING.entries()) {
      const displayName = `小号${String.fromCharCode(65 + i)}`;
      const res = await tx.execute<{ id: number }>(sql`
        INSERT INTO app_user (username, display_name, role, password_hash)
        VALUES (${username}, ${displayName}, 'buyer', ${hash}) RETURNING id`);
      const userId = Number(res.rows[0]!.id);
      await recordSignIn(tx, { id: userId, role: 'buyer' }, { device: DEVICE, ip: IP }, now);
      out.push({ userId, role: 'buyer', merchantId: null, username, displayName, via: 'session' });
    }
    return out;
  });
  await demoBuyer.payAs(
    actors.map((a) => a.userId),
    'ring-demo',
  );
  const [product] = (
    await ctx.db.execute<{ id: number }>(
      sql`SELECT id FROM product WHERE name = ${PRODUCT} AND active LIMIT 1`,
    )
  ).rows;
  if (!product) return 0;
  let held = 0;
  for (const buyer of actors) {
    const common = { db: ctx.db, buyer, ip: IP, now: ctx.now() };
    const orderNo = await placeOrder({
      ...common,
      productId: Number(product.id),
      quantity: 2,
      expireMinutes: ctx.config.orders.expireMinutes,
    });
    await payOrder({ ...common, jobs: ctx.jobs, channels: ctx.channels, orderNo, channel: 'alipay' });
    const keys = await ctx.db.execute<{ id: number }>(sql`
      SELECT k.id FROM card_key k JOIN shop_order o ON o.id = k.order_id WHERE o.order_no = ${orderNo} ORDER BY k.id`);
    await revealCardKey({
      ...common,
      box: ctx.box,
      orderNo,
      keyId: Number(keys.rows[0]!.id),
      action: 'reveal',
      userAgent: 'Mozilla/5.0 (demo)',
    });
    await submitRefund({
      ...common,
      jobs: ctx.jobs,
      orderNo,
      type: 'not_received',
      description: `订单号${orderNo}，刚刚购买，一直没收到卡密，请退款`,
      merchantHours: ctx.config.refunds.merchantResponseHours,
      device: DEVICE,
    });
    held += 1;
  }
  return held;
}
