import { request } from './client.ts';

export function getWallet(): Promise<{ balanceFen: number }> {
  return request('GET', '/api/wallet');
}

/** One movement of the buyer's balance, from the ledger, with the memo a buyer reads. */
export interface WalletEntry {
  postingId: number;
  at: string;
  kind: string;
  amountFen: number;
  balanceAfterFen: number;
  memoZh: string;
  memoEn: string;
  refundNo: string | null;
  orderNo: string | null;
}

export interface WalletPage {
  balanceFen: number;
  items: WalletEntry[];
  nextCursor: string | null;
  withdrawal: { allowed: boolean; reasonZh: string; reasonEn: string };
}

/** 我的余额: the balance and its movements, newest first. */
export function getMyWallet(cursor?: string): Promise<WalletPage> {
  return request('GET', `/api/me/wallet${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
}
