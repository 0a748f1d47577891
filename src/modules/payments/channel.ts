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
export type ChargeResult = {
  channelTradeNo: string;
  /**
   * The account the money came from at the channel (支付宝 buyer_user_id, 微信 openid), for risk
   * control's "many buyers behind one payer"; null for balance (the buyer's own wallet) or when the
   * channel did not say.
   */
  payerAccount: string | null;
};

export interface PaymentChannel {
  charge(input: ChargeInput): Promise<ChargeResult>;
}

/**
 * The buyer's side of a payment the storefront cannot do alone: an Alipay payment code for barcode
 * pay, scanning a WeChat Pay native QR code. The simulator plays it in the demo, each Kameng buyer from
 * an Alipay / WeChat account of their own unless set to share one; against real gateways there is none
 * (the buyer pays in their own app) and those channels are unavailable here.
 */
export interface DemoBuyer {
  /** A one-time 付款码 of the Alipay account Kameng buyer `buyerId` pays from. */
  alipayAuthCode(buyerId: number): Promise<string>;
  /** Kameng buyer `buyerId` scans the QR code and pays from their WeChat. */
  scanWechatCode(codeUrl: string, buyerId: number): Promise<void>;
  /**
   * From now on these buyers pay from one shared account, `persona` (an abuse ring, for the demo seed
   * and tests); null: each from their own again.
   */
  payAs(buyerIds: readonly number[], persona: string | null): Promise<void>;
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
    return { channelTradeNo: `BAL-${randomUUID()}`, payerAccount: null };
  },
};
