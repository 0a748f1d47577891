import {
  ADVANCES,
  ESCROW,
  FUNDING,
  GUARANTEE,
  merchantBalance,
  merchantDeposit,
  merchantReceivable,
} from './accounts.ts';
import { merchantMemo, yuanMemo } from './memo.ts';
import type { LedgerTxn } from './txn.ts';
import { transfer } from './txn.ts';

/**
 * What an order still holds in escrow: what was paid, less what was refunded and the fees the
 * platform kept — nothing once it has been settled to the merchant.
 */
export function orderEscrowFen(o: {
  paidFen: number;
  refundedFen: number;
  feesKeptFen: number;
  settled: boolean;
}) {
  return o.settled ? 0 : Math.max(0, o.paidFen - o.refundedFen - o.feesKeptFen);
}

/** When a completed order's money may go to the merchant: after the freeze period (冻结期). */
export function settlesAt(completedAt: Date, freezeDays: number): Date {
  return new Date(completedAt.getTime() + freezeDays * 86_400_000);
}

/** Settlement (结算): what the order has left in escrow moves to the merchant's balance. */
export function settlementTxn(input: {
  orderNo: string;
  merchantId: number;
  amountFen: number;
  merchantName?: string | null;
}): LedgerTxn {
  return {
    kind: 'settlement',
    ref: `order:${input.orderNo}`,
    memo: `订单 ${input.orderNo} 结算 ${yuanMemo(input.amountFen)} 给${merchantMemo(input.merchantId, input.merchantName)}`,
    postings: transfer(ESCROW, merchantBalance(input.merchantId), input.amountFen),
  };
}

/**
 * Recovering an advance (追偿): money the guarantee fund paid out for the merchant comes back to it
 * from the merchant's deposit or balance, and the receivable shrinks by as much. Takes what is there,
 * up to what is owed; null when there is nothing to take.
 */
export function recoveryTxn(input: {
  ref: string;
  merchantId: number;
  from: 'deposit' | 'balance';
  owedFen: number;
  availableFen: number;
  merchantName?: string | null;
}): LedgerTxn | null {
  const take = Math.min(input.owedFen, input.availableFen);
  if (take <= 0) return null;
  const source =
    input.from === 'deposit' ? merchantDeposit(input.merchantId) : merchantBalance(input.merchantId);
  return {
    kind: 'recovery',
    ref: input.ref,
    memo: `从${merchantMemo(input.merchantId, input.merchantName)}的${input.from === 'deposit' ? '保证金' : '余额'}追回保障金垫付 ${yuanMemo(take)}`,
    postings: [
      ...transfer(source, GUARANTEE, take),
      ...transfer(merchantReceivable(input.merchantId), ADVANCES, take),
    ],
  };
}

/** A merchant's deposit (保证金) received, or money put into the guarantee fund, from outside. */
export function fundingTxn(input: {
  ref: string;
  to: string;
  amountFen: number;
  kind: 'deposit' | 'funding';
  memo: string;
}): LedgerTxn {
  return {
    kind: input.kind,
    ref: input.ref,
    memo: input.memo,
    postings: transfer(FUNDING, input.to, input.amountFen),
  };
}

/** A merchant withdraws from its balance to its bank account (out of the platform). */
export function withdrawalTxn(input: {
  ref: string;
  merchantId: number;
  amountFen: number;
  merchantName?: string | null;
}): LedgerTxn {
  return {
    kind: 'withdrawal',
    ref: input.ref,
    memo: `${merchantMemo(input.merchantId, input.merchantName)}提现 ${yuanMemo(input.amountFen)}`,
    postings: transfer(merchantBalance(input.merchantId), FUNDING, input.amountFen),
  };
}
