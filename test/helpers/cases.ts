import type { Actor } from '../../src/modules/auth/actor.ts';
import type { Context } from '../../src/modules/context.ts';
import { payOrder } from '../../src/modules/orders/pay-order.ts';
import { placeOrder } from '../../src/modules/orders/place-order.ts';
import { approveRefund } from '../../src/modules/refunds/decide-refund.ts';
import { submitRefund } from '../../src/modules/refunds/submit-refund.ts';

// Refund cases through the use-cases the routes call, without vitest (the payouts bench uses them too).

/** Users as the use-cases see them (what a session would resolve to), by username. */
export async function actorsByName(ctx: Context, usernames: string[]): Promise<Map<string, Actor>> {
  const { rows } = await ctx.pool.query<{
    id: string;
    username: string;
    role: Actor['role'];
    merchant_id: string | null;
  }>('SELECT id, username, role, merchant_id FROM app_user WHERE username = ANY($1)', [usernames]);
  return new Map(
    rows.map((r) => [
      r.username,
      {
        userId: Number(r.id),
        role: r.role,
        merchantId: r.merchant_id === null ? null : Number(r.merchant_id),
        username: r.username,
        displayName: r.username,
        via: 'session' as const,
      },
    ]),
  );
}

/**
 * What submittedCase does through HTTP, through the use-cases the routes call (placeOrder, payOrder,
 * submitRefund): the same transactions without the HTTP layer, for tests that need hundreds of cases.
 */
export async function openCase(
  ctx: Context,
  buyer: Actor,
  productId: number,
  channel: 'balance' | 'alipay' | 'wechatpay',
): Promise<{ orderNo: string; refundNo: string; version: number }> {
  const common = { db: ctx.db, buyer, ip: '127.0.0.1' };
  const orderNo = await placeOrder({
    ...common,
    productId,
    quantity: 1,
    now: ctx.now(),
    expireMinutes: ctx.config.orders.expireMinutes,
  });
  await payOrder({ ...common, jobs: ctx.jobs, channels: ctx.channels, orderNo, channel, now: ctx.now() });
  const { refundNo } = await submitRefund({
    ...common,
    jobs: ctx.jobs,
    orderNo,
    type: 'not_as_described',
    description: `订单号${orderNo}今天10点购买，卡密面值与描述不符`,
    merchantHours: ctx.config.refunds.merchantResponseHours,
    now: ctx.now(),
  });
  const { rows } = await ctx.pool.query('SELECT version FROM refund_case WHERE refund_no = $1', [refundNo]);
  return { orderNo, refundNo, version: rows[0].version };
}

/** A supervisor approves in full (the route's use-case): case → 退款中, payout attempt and job written. */
export function approveCase(
  ctx: Context,
  supervisor: Actor,
  refundNo: string,
  version: number,
): ReturnType<typeof approveRefund> {
  return approveRefund({
    db: ctx.db,
    jobs: ctx.jobs,
    reviewer: supervisor,
    refundNo,
    expectedVersion: version,
    ip: '127.0.0.1',
    now: ctx.now(),
  });
}
