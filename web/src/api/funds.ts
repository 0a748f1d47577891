import { request } from './client.ts';

/** The merchant's three accounts (`merchant:N:<account>`). */
export type FundsAccount = 'balance' | 'deposit' | 'receivable';

/** An order whose money is still in escrow; it settles `freezeDays` after it completes. */
export interface PendingSettlement {
  orderNo: string;
  productName: string;
  escrowFen: number;
  completedAt: string | null;
  /** completedAt + freezeDays; null while the order is not completed. */
  settlesAt: string | null;
  /** An open refund case that holds the settlement until it ends. */
  openRefundNo: string | null;
}

export interface FundsEntry {
  txnId: number;
  kind: string;
  ref: string;
  memo: string;
  account: FundsAccount;
  amountFen: number;
  at: string;
}

export interface MerchantFunds {
  balanceFen: number;
  depositFen: number;
  /** What the merchant owes the platform for refunds the guarantee fund advanced (先行垫付). */
  receivableFen: number;
  /** Money held for the merchant's orders not yet settled. */
  frozenFen: number;
  freezeDays: number;
  /** Up to 50 unsettled orders. */
  pending: PendingSettlement[];
  /** The newest 50 postings on the merchant's accounts. */
  entries: FundsEntry[];
}

export function getMerchantFunds(): Promise<MerchantFunds> {
  return request('GET', '/api/merchant/funds');
}

/**
 * Withdraws from the available balance; refused with LEDGER.INSUFFICIENT_FUNDS (more than the
 * balance) or FUNDS.RECEIVABLE_OUTSTANDING (an advance still owed).
 */
export function withdrawFunds(amountFen: number): Promise<{ balanceFen: number }> {
  return request('POST', '/api/merchant/withdrawals', { amountFen });
}
