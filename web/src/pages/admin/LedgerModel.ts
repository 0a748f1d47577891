import { parseHundredths } from '../../format.ts';

/** How the books page groups accounts: by the first segment of the path. */
export const accountGroups = ['platform', 'channel', 'merchant', 'buyer'] as const;
export type AccountGroup = (typeof accountGroups)[number];

// The server's account paths (src/core/ledger/accounts.ts); a manual entry naming anything else is
// refused there too, this only says so before the round trip.
const ACCOUNT_PATH =
  /^(platform:(escrow|guarantee|fee_income|funding|advances)|buyer:[1-9]\d{0,15}:balance|merchant:[1-9]\d{0,15}:(balance|deposit|receivable)|channel:(alipay|wechatpay):clearing)$/;

export function isAccountPath(path: string): boolean {
  return ACCOUNT_PATH.test(path);
}

export function accountGroup(path: string): AccountGroup | null {
  const head = path.split(':')[0];
  return accountGroups.find((group) => group === head) ?? null;
}

/** An account path read apart: which kind of account, and whose. */
export type AccountParts =
  | { group: 'platform'; account: string }
  | { group: 'channel'; channel: string }
  | { group: 'merchant'; id: string; account: string }
  | { group: 'buyer'; id: string };

export function accountParts(path: string): AccountParts | null {
  const [head, second, third] = path.split(':');
  if (head === 'platform' && second) return { group: 'platform', account: second };
  if (head === 'channel' && second) return { group: 'channel', channel: second };
  if (head === 'merchant' && second && third) return { group: 'merchant', id: second, account: third };
  if (head === 'buyer' && second) return { group: 'buyer', id: second };
  return null;
}

/**
 * "-12.5" → -1250: a signed yuan amount with up to two decimals as integer fen, by string maths (see
 * parseHundredths); null when the text is not such an amount.
 */
export function parseSignedFen(text: string): number | null {
  const match = /^([+-]?)\s*(.*)$/.exec(text.trim());
  const fen = parseHundredths(match?.[2] ?? '');
  if (fen === null) return null;
  return match?.[1] === '-' ? -fen : fen;
}

export function sumFen(amounts: number[]): number {
  return amounts.reduce((sum, amount) => sum + amount, 0);
}

/** One line of the manual-entry form as typed. */
export interface DraftLine {
  key: number;
  account: string;
  amount: string;
}

export type LineProblem = 'account' | 'amount';

/** What is wrong with a typed line: an unknown account, or an amount that is not a non-zero sum of fen. */
export function lineProblems(line: DraftLine): LineProblem[] {
  const problems: LineProblem[] = [];
  if (!isAccountPath(line.account.trim())) problems.push('account');
  const fen = parseSignedFen(line.amount);
  if (fen === null || fen === 0) problems.push('amount');
  return problems;
}

/**
 * The typed lines as postings with their sum, and whether they can be booked: at least two lines,
 * every one valid, summing to zero (the server checks again).
 */
export function draftPostings(lines: DraftLine[]): {
  postings: { account: string; amountFen: number }[];
  sumFen: number;
  valid: boolean;
  balanced: boolean;
} {
  const postings = lines.map((line) => ({
    account: line.account.trim(),
    amountFen: parseSignedFen(line.amount) ?? 0,
  }));
  const total = sumFen(postings.map((p) => p.amountFen));
  const valid = lines.length >= 2 && lines.every((line) => lineProblems(line).length === 0);
  return { postings, sumFen: total, valid, balanced: total === 0 };
}

const platformOrder = ['escrow', 'guarantee', 'fee_income', 'advances', 'funding'];
const holderOrder = ['balance', 'deposit', 'receivable'];

/** The platform's accounts in the order money flows through them; merchants and buyers by number. */
export function compareAccountPaths(a: string, b: string): number {
  const pa = accountParts(a);
  const pb = accountParts(b);
  if (pa?.group === 'platform' && pb?.group === 'platform')
    return platformOrder.indexOf(pa.account) - platformOrder.indexOf(pb.account);
  if ((pa?.group === 'merchant' || pa?.group === 'buyer') && pa.group === pb?.group) {
    const byId = Number(pa.id) - Number(pb.id);
    if (byId !== 0) return byId;
    if (pa.group === 'merchant' && pb.group === 'merchant')
      return holderOrder.indexOf(pa.account) - holderOrder.indexOf(pb.account);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
