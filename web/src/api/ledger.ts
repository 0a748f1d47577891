import { queryString, request } from './client.ts';

/** What a ledger transaction records (the server's TXN_KINDS). */
export const txnKinds = [
  'payment',
  'settlement',
  'fee',
  'refund',
  'advance',
  'recovery',
  'deposit',
  'funding',
  'withdrawal',
  'reversal',
  'compensation',
] as const;
export type TxnKind = (typeof txnKinds)[number];

export interface LedgerAccount {
  /** `platform:escrow`, `merchant:4:deposit`, `channel:alipay:clearing`… */
  path: string;
  balanceFen: number;
  mayGoNegative: boolean;
  /** A shop's name, or a buyer's name and username; null for the platform's and channels' accounts. */
  holder: string | null;
}

export interface LedgerEntry {
  postingId: number;
  txnId: number;
  kind: string;
  ref: string;
  memo: string;
  /** Signed: + into the account, − out of it. */
  amountFen: number;
  at: string;
}

export interface Posting {
  account: string;
  amountFen: number;
}

export interface LedgerTxn {
  id: number;
  kind: string;
  ref: string;
  memo: string;
  /** The transaction this one undoes, when it is a reversal. */
  reversesId: number | null;
  /** Its reversal, once reversed (at most once). */
  reversedById: number | null;
  at: string;
  postings: Posting[];
}

export interface NewTxn {
  kind: TxnKind;
  memo: string;
  reversesId?: number;
  postings: Posting[];
}

/** Every account with its balance; `totalFen` is 0 when the books balance. */
export function listLedgerAccounts(): Promise<{ items: LedgerAccount[]; totalFen: number }> {
  return request('GET', '/api/admin/ledger/accounts');
}

/** One account's postings, newest first, a page at a time. */
export function listLedgerEntries(
  account: string,
  cursor?: number,
): Promise<{
  account: { path: string; balanceFen: number };
  items: LedgerEntry[];
  nextCursor: number | null;
}> {
  return request('GET', `/api/admin/ledger/entries${queryString({ account, cursor, limit: 50 })}`);
}

export function getLedgerTxn(id: number): Promise<LedgerTxn> {
  return request('GET', `/api/admin/ledger/txns/${id}`);
}

/** A manual entry; the server refuses it (LEDGER.UNBALANCED) unless the postings sum to zero. */
export function postLedgerTxn(txn: NewTxn): Promise<LedgerTxn> {
  return request('POST', '/api/admin/ledger/txns', txn);
}

/** The entry that undoes `original`: the same accounts with every amount negated. */
export function reversalOf(original: LedgerTxn, memo: string): NewTxn {
  return {
    kind: 'reversal',
    memo,
    reversesId: original.id,
    postings: original.postings.map((p) => ({ account: p.account, amountFen: -p.amountFen })),
  };
}
