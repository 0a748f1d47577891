import { randomUUID } from 'node:crypto';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { type Channel, wallet } from '../orders/schema.ts';

/**
 * The payment-channel port: take a buyer's money for one order. Adapters never touch order rows;
 * the use-case does. Alipay and WeChat Pay charge through their official SDKs (alipay/, wechatpay/);
 * refunds go through the RefundGateway port (refund-port.ts).
 */
export type ChargeInput = { tx: Db; channel: Channel; orderNo: string; buyerId: number; amountFen: number };
export type ChargeResult = { channelTradeNo: string };

export interface PaymentChannel {
  charge(input: ChargeInput): Promise<ChargeResult>;
}

/**
 * The buyer's side of a payment the storefront cannot do alone: an Alipay payment code for barcode
 * pay, scanning a WeChat Pay native QR code. The simulator plays it in the demo; against real
 * gateways there is none (the buyer pays in their own app) and those channels are unavailable here.
 */
export interface DemoBuyer {
  alipayAuthCode(): string;
  scanWechatCode(codeUrl: string): Promise<void>;
}

/** 余额: debits the buyer's balance inside the order's transaction; refuses to go below zero. */
export const balanceChannel: PaymentChannel = {
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
