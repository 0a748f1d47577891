import {
  ADVANCES,
  buyerBalance,
  type Channel,
  ESCROW,
  FEE_INCOME,
  GUARANTEE,
  merchantBalance,
  merchantReceivable,
  refundDestination,
} from './accounts.ts';
import { channelName, merchantMemo, refundOfRef, yuanMemo } from './memo.ts';
import { compact, type LedgerTxn, transfer } from './txn.ts';

/** （退款单 R…）or（订单 …）from a transaction's ref, for its memo. */
function of(ref: string): string {
  const refund = refundOfRef(ref);
  if (refund) return `（退款单 ${refund}）`;
  const order = /^order:(\d+)$/.exec(ref)?.[1];
  return order ? `（订单 ${order}）` : '';
}

/** 退款 ¥95.00 原路退回支付宝（退款单 R…），平台手续费 ¥5.00；商户余额承担 …；保障金垫付 … */
function refundMemo(
  ref: string,
  channel: Channel,
  refundFen: number,
  feeFen: number,
  fromMerchantFen: number,
  advancedFen: number,
): string {
  const parts = [`退款 ${yuanMemo(refundFen)} 原路退回${channelName(channel)}${of(ref)}`];
  if (feeFen > 0) parts.push(`平台手续费 ${yuanMemo(feeFen)}`);
  if (fromMerchantFen > 0) parts.push(`商户余额承担 ${yuanMemo(fromMerchantFen)}`);
  if (advancedFen > 0) parts.push(`保障金先行垫付 ${yuanMemo(advancedFen)}`);
  return parts.join('，');
}

export type RefundSources = {
  /** What of this order's payment is still held in escrow. */
  escrowFen: number;
  merchantBalanceFen: number;
  guaranteeFen: number;
};

export type RefundPlan =
  | { ok: true; txn: LedgerTxn; fromEscrowFen: number; fromMerchantFen: number; advancedFen: number }
  | { ok: false; reason: 'INSUFFICIENT_FUNDS'; shortFen: number };

/**
 * How a refund is paid (DOMAIN.md "Money"): back the way the money came; taken from what the order
 * still has in escrow, then from the merchant's balance; what both lack the platform advances from
 * the guarantee fund (先行垫付), booking a receivable against the merchant. The fee the policy kept
 * leaves escrow as fee income in the same transaction. One balanced transaction, or a refusal when
 * even the guarantee fund is short (then a person handles it).
 */
export function planRefund(input: {
  ref: string;
  channel: Channel;
  buyerId: number;
  merchantId: number;
  refundFen: number;
  feeFen: number;
  sources: RefundSources;
}): RefundPlan {
  const { refundFen, feeFen, sources } = input;
  const fromEscrowForFee = Math.min(feeFen, sources.escrowFen);
  const escrowLeft = sources.escrowFen - fromEscrowForFee;
  const fromEscrowFen = Math.min(refundFen, escrowLeft);
  const fromMerchantFen = Math.min(refundFen - fromEscrowFen, sources.merchantBalanceFen);
  const advancedFen = refundFen - fromEscrowFen - fromMerchantFen;
  if (advancedFen > sources.guaranteeFen)
    return { ok: false, reason: 'INSUFFICIENT_FUNDS', shortFen: advancedFen - sources.guaranteeFen };
  const to = refundDestination(input.channel, input.buyerId);
  const postings = [
    ...(fromEscrowForFee > 0 ? transfer(ESCROW, FEE_INCOME, fromEscrowForFee) : []),
    ...(fromEscrowFen > 0 ? transfer(ESCROW, to, fromEscrowFen) : []),
    ...(fromMerchantFen > 0 ? transfer(merchantBalance(input.merchantId), to, fromMerchantFen) : []),
    ...(advancedFen > 0
      ? [
          ...transfer(GUARANTEE, to, advancedFen),
          ...transfer(ADVANCES, merchantReceivable(input.merchantId), advancedFen),
        ]
      : []),
  ];
  return {
    ok: true,
    txn: {
      kind: 'refund',
      ref: input.ref,
      memo: refundMemo(input.ref, input.channel, refundFen, feeFen, fromMerchantFen, advancedFen),
      postings: compact(postings),
    },
    fromEscrowFen,
    fromMerchantFen,
    advancedFen,
  };
}

/**
 * A fee given back after a fee dispute (手续费争议): the platform kept it as fee income, so it comes back
 * from there — neither escrow nor the merchant paid it. Refused when fee income cannot cover it.
 */
export function planFeeRefund(input: {
  ref: string;
  channel: Channel;
  buyerId: number;
  amountFen: number;
  feeIncomeFen: number;
}): RefundPlan {
  if (input.amountFen > input.feeIncomeFen)
    return { ok: false, reason: 'INSUFFICIENT_FUNDS', shortFen: input.amountFen - input.feeIncomeFen };
  return {
    ok: true,
    txn: {
      kind: 'refund',
      ref: input.ref,
      memo: `退还手续费 ${yuanMemo(input.amountFen)}，退回${channelName(input.channel)}${of(input.ref)}`,
      postings: transfer(FEE_INCOME, refundDestination(input.channel, input.buyerId), input.amountFen),
    },
    fromEscrowFen: 0,
    fromMerchantFen: 0,
    advancedFen: 0,
  };
}

/**
 * 退货运费补偿: the return postage the policy makes the merchant pay (a quality problem, ADR 0015), to the
 * buyer's balance — the courier was paid outside the platform, so there is no channel to send it back
 * to. From the merchant's balance; what that lacks the guarantee fund advances against a receivable on
 * the merchant, exactly as for a refund. Refused when even the guarantee fund is short.
 */
export function planReturnPostage(input: {
  refundNo: string;
  buyerId: number;
  merchantId: number;
  merchantName?: string | null;
  amountFen: number;
  merchantBalanceFen: number;
  guaranteeFen: number;
}): RefundPlan {
  const fromMerchantFen = Math.min(input.amountFen, Math.max(0, input.merchantBalanceFen));
  const advancedFen = input.amountFen - fromMerchantFen;
  if (advancedFen > input.guaranteeFen)
    return { ok: false, reason: 'INSUFFICIENT_FUNDS', shortFen: advancedFen - input.guaranteeFen };
  const to = buyerBalance(input.buyerId);
  const memo = [
    `退货运费补偿 ${yuanMemo(input.amountFen)} 至买家余额（退款单 ${input.refundNo}），由${merchantMemo(input.merchantId, input.merchantName)}承担`,
    ...(advancedFen > 0 ? [`保障金先行垫付 ${yuanMemo(advancedFen)}`] : []),
  ].join('，');
  return {
    ok: true,
    txn: {
      kind: 'compensation',
      ref: `return-postage:${input.refundNo}`,
      memo,
      postings: compact([
        ...(fromMerchantFen > 0 ? transfer(merchantBalance(input.merchantId), to, fromMerchantFen) : []),
        ...(advancedFen > 0
          ? [
              ...transfer(GUARANTEE, to, advancedFen),
              ...transfer(ADVANCES, merchantReceivable(input.merchantId), advancedFen),
            ]
          : []),
      ]),
    },
    fromEscrowFen: 0,
    fromMerchantFen,
    advancedFen,
  };
}

/** A payment: the buyer's money enters escrow from the channel (or the buyer's balance). */
export function paymentTxn(input: {
  ref: string;
  channel: Channel;
  buyerId: number;
  amountFen: number;
}): LedgerTxn {
  return {
    kind: 'payment',
    ref: input.ref,
    memo: `${channelName(input.channel)}支付 ${yuanMemo(input.amountFen)}，进入托管${of(input.ref)}`,
    postings: transfer(refundDestination(input.channel, input.buyerId), ESCROW, input.amountFen),
  };
}
