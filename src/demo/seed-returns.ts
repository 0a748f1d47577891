import { and, eq, isNull } from 'drizzle-orm';
import type { Carrier } from '../core/returns/carriers.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { merchant, type ReturnAddress } from '../modules/auth/schema.ts';
import type { Context } from '../modules/context.ts';
import { confirmReceipt, shipOrder } from '../modules/orders/change-order.ts';
import { payOrder } from '../modules/orders/pay-order.ts';
import { placeOrder } from '../modules/orders/place-order.ts';
import { claimRefund } from '../modules/refunds/claim-refund.ts';
import { approveRefund } from '../modules/refunds/decide-refund.ts';
import { submitRefund } from '../modules/refunds/submit-refund.ts';
import { confirmReturn } from '../modules/returns/confirm-return.ts';
import { shipReturn } from '../modules/returns/ship-return.ts';
import type { Db } from '../platform/db/pool.ts';

/** The demo shops' return addresses (退货地址), by shop name; a shop not listed gets a generic one. */
const DEMO_RETURN_ADDRESSES: Record<string, ReturnAddress> = {
  星辰数码: {
    name: '星辰数码售后部',
    phone: '021-55550123',
    address: '上海市浦东新区张江路 88 号 3 楼 售后收件处',
  },
  优品数码: {
    name: '优品数码退货仓',
    phone: '0755-66660188',
    address: '广东省深圳市南山区科技园南路 16 号 B 座 1 楼',
  },
};

/** Gives every shop without a return address one (demo and seed only; a real shop sets its own). */
export async function seedReturnAddresses(db: Db): Promise<void> {
  const shops = await db
    .select({ id: merchant.id, name: merchant.name })
    .from(merchant)
    .where(isNull(merchant.returnAddress));
  for (const s of shops) {
    const address = DEMO_RETURN_ADDRESSES[s.name] ?? {
      name: `${s.name}售后部`,
      phone: '400-800-1234',
      address: '浙江省杭州市余杭区文一西路 969 号 售后中心',
    };
    await db
      .update(merchant)
      .set({ returnAddress: address })
      .where(and(eq(merchant.id, s.id), isNull(merchant.returnAddress)));
  }
}

/** How far a demo return goes: waiting for the goods, shipped back, or received and paid out. */
export type DemoReturnStage = 'awaiting_return' | 'return_shipped' | 'received';

/**
 * One physical order of `productId` bought, shipped, received and returned by `buyer` up to `stage`,
 * through the same use-cases the routes call (so states, deadlines, timeline, messages and payout are
 * real). For the demo seed: `buyer` owning a case in every state. Returns the numbers.
 */
export async function seedReturnCase(
  ctx: Context,
  input: {
    buyer: Actor;
    merchant: Actor;
    agent: Actor;
    productId: number;
    stage: DemoReturnStage;
    type?: 'no_reason_7d' | 'quality_issue';
    shippingAddress?: string;
    carrier?: Carrier;
    trackingNo?: string;
    /** The buyer's evidence (already stored) to submit the case with. */
    evidenceIds?: string[];
    now?: Date;
  },
): Promise<{ orderNo: string; refundNo: string }> {
  const now = input.now ?? ctx.now();
  const common = { db: ctx.db, ip: '127.0.0.1', now };
  const orderNo = await placeOrder({
    ...common,
    buyer: input.buyer,
    productId: input.productId,
    quantity: 1,
    shippingAddress: input.shippingAddress ?? '北京市海淀区中关村大街 27 号 张小明 13800138000',
    expireMinutes: ctx.config.orders.expireMinutes,
  });
  await payOrder({
    ...common,
    jobs: ctx.jobs,
    channels: ctx.channels,
    buyer: input.buyer,
    orderNo,
    channel: 'balance',
  });
  await shipOrder({
    ...common,
    actor: input.merchant,
    orderNo,
    carrier: '顺丰速运',
    trackingNo: 'SF1402003004005',
  });
  await confirmReceipt({ ...common, actor: input.buyer, orderNo });
  const type = input.type ?? 'no_reason_7d';
  const { refundNo } = await submitRefund({
    ...common,
    jobs: ctx.jobs,
    buyer: input.buyer,
    orderNo,
    type,
    description:
      type === 'quality_issue'
        ? `订单号${orderNo}，收到后发现鼠标左键失灵，按下无反应，已拍照`
        : `订单号${orderNo}，收到后尺寸与预期不符，未拆封，申请七天无理由退货`,
    evidenceIds: input.evidenceIds,
    merchantHours: ctx.config.refunds.merchantResponseHours,
  });
  const { version } = await claimRefund({ ...common, agent: input.agent, refundNo });
  await approveRefund({
    ...common,
    jobs: ctx.jobs,
    reviewer: input.agent,
    refundNo,
    expectedVersion: version,
  });
  if (input.stage === 'awaiting_return') return { orderNo, refundNo };
  await shipReturn({
    ...common,
    jobs: ctx.jobs,
    buyer: input.buyer,
    refundNo,
    carrier: input.carrier ?? 'sf',
    trackingNo: input.trackingNo ?? 'SF1234567890123',
    postageFen: type === 'quality_issue' ? 1_200 : undefined,
  });
  if (input.stage === 'return_shipped') return { orderNo, refundNo };
  await confirmReturn({ ...common, jobs: ctx.jobs, merchant: input.merchant, refundNo });
  return { orderNo, refundNo };
}
