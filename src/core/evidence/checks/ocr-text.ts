/**
 * What OCR text says, read without knowing the order: digit runs that may be order numbers, amounts in
 * yuan (as fen), dates and times, card-key-like strings and the words that matter. Compared with the
 * case's order later (judge.ts), so one reading serves the upload hint and every reviewer.
 */
export const KEY_WORDS = [
  '发货成功',
  '充值成功',
  '充值失败',
  '到账',
  '余额',
  '退款',
  '支付成功',
  '交易成功',
  '未到账',
  '失败',
] as const;

export type OcrFacts = {
  /** Runs of 8–24 digits (spaces inside removed), longest first. */
  numbers: string[];
  /** Amounts shown with ¥/￥/元, in fen. */
  amountsFen: number[];
  /** Date-times found, as `YYYY-MM-DD HH:mm` (Shanghai time, as written on the screen). */
  times: string[];
  cardKeys: string[];
  keyWords: string[];
};

const MAX = 20;
const uniq = <T>(xs: T[]) => [...new Set(xs)].slice(0, MAX);

/** OCR often reads these letters for digits inside a number. */
const DIGIT_LIKE: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  I: '1',
  l: '1',
  '|': '1',
  S: '5',
  B: '8',
  Z: '2',
};

function toFen(yuan: string): number | null {
  const m = /^(\d{1,8})(?:[.,](\d{1,2}))?$/.exec(yuan);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

const pad = (s: string) => s.padStart(2, '0');

export function readOcrText(raw: string): OcrFacts {
  // Tesseract puts spaces between Chinese characters and sometimes inside numbers.
  const lines = raw.split(/\n+/).map((l) => l.replace(/[ \t\u3000]+/g, ''));
  const text = lines.join('\n');
  const numbers: string[] = [];
  for (const line of lines) {
    const fixed = line.replace(/(?<=\d)[OoDIl|SBZ](?=\d)/g, (c) => DIGIT_LIKE[c] ?? c);
    for (const m of fixed.matchAll(/\d{8,24}/g)) numbers.push(m[0]);
  }
  const amountsFen: number[] = [];
  // With a currency sign, with 元 after it, after a label, or a bill's signed amount on a line of its own
  // — a bare 2026.12 is a date, not money. OCR often reads ¥ as Y, as
  // 半 or not at all: after a label any one character may stand for it.
  const money =
    /[¥￥][-+]?(\d{1,8}(?:[.,]\d{1,2})?)|(\d{1,8}(?:[.,]\d{1,2})?)元|(?:金额|实付|付款|支付|合计|总计|总价|支出|收入|价格)[:：]?[^\d\n]?(\d{1,8}(?:[.,]\d{1,2})?)|^[-+](\d{1,8}[.,]\d{2})$|(?<![A-Za-z0-9])Y(\d{1,8}[.,]\d{2})/gm;
  for (const m of text.matchAll(money)) {
    const fen = toFen((m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5])!);
    if (fen !== null && fen > 0) amountsFen.push(fen);
  }
  const times: string[] = [];
  for (const m of text.matchAll(/(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(\d{1,2})[:：](\d{2})/g))
    times.push(`${m[1]}-${pad(m[2]!)}-${pad(m[3]!)} ${pad(m[4]!)}:${m[5]}`);
  const cardKeys: string[] = [];
  for (const m of text.matchAll(/\b[A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6}){2,}\b/g))
    if (/[A-Z]/.test(m[0]) && /\d/.test(m[0])) cardKeys.push(m[0]);
  const keyWords = KEY_WORDS.filter((w) => text.includes(w));
  return {
    numbers: uniq(numbers).sort((a, b) => b.length - a.length),
    amountsFen: uniq(amountsFen),
    times: uniq(times),
    cardKeys: uniq(cardKeys),
    keyWords: [...keyWords],
  };
}

export type OrderNoMatch = { kind: 'exact' | 'near' | 'none'; found: string | null };

/**
 * The order number against the digit runs: exact; near — one digit off (same length), or a contiguous
 * part of at least 10 digits (partly cropped or cut by a line break); none.
 */
export function matchOrderNo(orderNo: string, numbers: readonly string[]): OrderNoMatch {
  if (numbers.some((n) => n.includes(orderNo))) return { kind: 'exact', found: orderNo };
  for (const n of numbers) {
    for (let i = 0; i + orderNo.length <= n.length; i++) {
      const w = n.slice(i, i + orderNo.length);
      let diff = 0;
      for (let j = 0; j < w.length && diff < 2; j++) if (w[j] !== orderNo[j]) diff++;
      if (diff === 1) return { kind: 'near', found: w };
    }
  }
  const part = numbers.find((n) => n.length >= 10 && n.length < orderNo.length && orderNo.includes(n));
  if (part) return { kind: 'near', found: part };
  return { kind: 'none', found: null };
}

/**
 * How alike two OCR readings are (Jaccard of character pairs, spaces ignored), 0–1; null when either
 * has too little text to say. A re-encoded copy reads nearly the same; the same page layout with other
 * text (another order, another status) does not.
 */
export function textSimilarity(a: string, b: string): number | null {
  const pairs = (s: string) => {
    const t = s.replace(/\s+/g, '');
    const out = new Set<string>();
    for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
    return out;
  };
  const [x, y] = [pairs(a), pairs(b)];
  if (x.size < 8 || y.size < 8) return null;
  let common = 0;
  for (const p of x) if (y.has(p)) common++;
  return common / (x.size + y.size - common);
}

/** Below this similarity two readings are different content, whatever their pictures' hashes say. */
export const SAME_TEXT = 0.75;

/** Words that say a screen shows success, and words that say it shows failure (failure wins). */
const SUCCESS_WORDS = ['发货成功', '充值成功', '支付成功', '交易成功', '到账'];
const FAILURE_WORDS = ['充值失败', '未到账', '失败'];

function outcomeOf(text: string): 'success' | 'failure' | null {
  if (FAILURE_WORDS.some((w) => text.includes(w))) return 'failure';
  if (SUCCESS_WORDS.some((w) => text.includes(w))) return 'success';
  return null;
}

/** Shortest digit run taken as an order number when two readings share it (phone numbers have 11). */
const SHARED_RUN = 12;

/**
 * Whether two images whose perceptual hashes are close still show different things by their text.
 * - Both readings carry an order-number-like run (10+ digits) and none is shared: other orders.
 * - They share a run of 12+ digits: the same order's screen, so a copy unless one says success and
 *   the other failure. Text similarity is not used then: OCR of a re-encoded copy can drop or misread
 *   a header or an amount, and the shared order number says more than the rest of the reading.
 * - Otherwise: text that reads differently (Jaccard of character pairs under SAME_TEXT).
 */
export function differentContent(
  a: { numbers: readonly string[]; text: string } | null,
  b: { numbers: readonly string[]; text: string } | null,
): boolean {
  if (!a || !b) return false;
  const long = (xs: readonly string[]) => xs.filter((n) => n.length >= 10);
  const [x, y] = [long(a.numbers), long(b.numbers)];
  const overlap = (n: string, m: string) => n.includes(m) || m.includes(n);
  if (x.length && y.length && !x.some((n) => y.some((m) => overlap(n, m)))) return true;
  const shared = x.some((n) => y.some((m) => overlap(n, m) && Math.min(n.length, m.length) >= SHARED_RUN));
  if (shared) {
    const [p, q] = [outcomeOf(a.text), outcomeOf(b.text)];
    return p !== null && q !== null && p !== q;
  }
  const sim = textSimilarity(a.text, b.text);
  return sim !== null && sim < SAME_TEXT;
}
