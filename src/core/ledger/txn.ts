import { isAccountPath } from './accounts.ts';

/** One line of a ledger transaction: a signed amount on one account (+ in, − out). */
export type Posting = { account: string; amountFen: number };

/** What one ledger transaction records: a payment, a settlement, a refund, an advance, a recovery… */
export const TXN_KINDS = [
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
  /**
   * Paid from the guarantee fund (先行赔付): to a buyer on a complaint's outcome, or to a merchant for a
   * wrong express refund (极速退款); and a return's postage the merchant owes the buyer (退货运费补偿).
   */
  'compensation',
] as const;
export type TxnKind = (typeof TXN_KINDS)[number];

export type LedgerTxn = {
  kind: TxnKind;
  /** What it is about, e.g. `order:26112500000012` or `payout:P…`. */
  ref: string;
  memo: string;
  postings: Posting[];
};

/** Money moving from one account to another: the two postings of a transfer. */
export function transfer(from: string, to: string, amountFen: number): Posting[] {
  return [
    { account: from, amountFen: -amountFen },
    { account: to, amountFen },
  ];
}

/**
 * Postings with the same account merged and zero lines dropped, so a transaction names each account
 * once (a refund taking from escrow twice shows one line).
 */
export function compact(postings: Posting[]): Posting[] {
  const sums = new Map<string, number>();
  for (const p of postings) sums.set(p.account, (sums.get(p.account) ?? 0) + p.amountFen);
  return [...sums].filter(([, v]) => v !== 0).map(([account, amountFen]) => ({ account, amountFen }));
}

export type TxnProblem =
  | { code: 'EMPTY' }
  | { code: 'NOT_INTEGER'; account: string }
  | { code: 'UNKNOWN_ACCOUNT'; account: string }
  | { code: 'UNBALANCED'; sumFen: number };

/** Why a transaction may not be written (an empty list means it may). */
export function checkTxn(txn: Pick<LedgerTxn, 'postings'>): TxnProblem[] {
  const problems: TxnProblem[] = [];
  if (txn.postings.length < 2) problems.push({ code: 'EMPTY' });
  let sum = 0;
  for (const p of txn.postings) {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0)
      problems.push({ code: 'NOT_INTEGER', account: p.account });
    if (!isAccountPath(p.account)) problems.push({ code: 'UNKNOWN_ACCOUNT', account: p.account });
    sum += p.amountFen;
  }
  if (sum !== 0) problems.push({ code: 'UNBALANCED', sumFen: sum });
  return problems;
}

/** Whether `postings` exactly undo `original`'s (same accounts, opposite amounts, nothing else). */
export function undoes(original: Posting[], postings: Posting[]): boolean {
  return (
    compact([...original, ...postings]).length === 0 && compact(postings).length === compact(original).length
  );
}

/** The transaction that undoes another (corrections reverse; nothing is edited). */
export function reversal(original: LedgerTxn, ref: string, memo: string): LedgerTxn {
  return {
    kind: 'reversal',
    ref,
    memo,
    postings: original.postings.map((p) => ({ account: p.account, amountFen: -p.amountFen })),
  };
}
