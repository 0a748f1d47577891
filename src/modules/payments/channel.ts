import { randomUUID } from 'node:crypto';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { type Channel, wallet } from '../orders/schema.ts';

/**
 * The payment-channel port: take a buyer's money for one order. Narrow on purpose — the money issue
 * replaces the simulator with real Alipay / WeChat Pay adapters (and adds refunds, queries and
 * notifications) behind the same shape. Adapters never touch order rows; the use-case does.
 */
export type ChargeInput = { tx: Db; channel: Channel; orderNo: string; buyerId: number; amountFen: number };
export type ChargeResult = { channelTradeNo: string };

export interface PaymentChannel {
  charge(input: ChargeInput): Promise<ChargeResult>;
}

/** 余额: debits the buyer's balance inside the order's transaction; refuses to go below zero. */
const balance: PaymentChannel = {
  async charge({ tx, buyerId, amountFen }) {
    const debited = await tx
      .update(wallet)
      .set({ balanceFen: sql`${wallet.balanceFen} - ${amountFen}` })
      .where(and(eq(wallet.userId, buyerId), gte(wallet.balanceFen, amountFen)))
      .returning({ balanceFen: wallet.balanceFen });
    if (debited.length === 0) throw new AppError('ORDER.INSUFFICIENT_BALANCE');
    return { channelTradeNo: `BAL-${randomUUID()}` };
  },
};

/**
 * Local stand-in for Alipay / WeChat Pay in the demo storefront: the buyer "pays" and the gateway
 * confirms at once with its own trade number. Replaced by the real protocol adapters in the money issue.
 */
function simulator(prefix: string): PaymentChannel {
  return { charge: async () => ({ channelTradeNo: `${prefix}${Date.now()}${randomUUID().slice(0, 8)}` }) };
}

export const defaultChannels: Record<Channel, PaymentChannel> = {
  balance,
  alipay: simulator('SIMALI'),
  wechatpay: simulator('SIMWX'),
};
