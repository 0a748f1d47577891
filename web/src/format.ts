/** Integer fen as "¥12.34", without floating-point arithmetic on the amount. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}¥${yuan}.${String(cents).padStart(2, '0')}`;
}

/**
 * A time in Beijing time, whatever the browser's zone; '—' when absent. Every time the app shows is
 * Beijing time: review deadlines are business days in Asia/Shanghai (UTC+8, no daylight saving), so
 * "end of the day" must read 23:59 everywhere, and a timeline beside them in the browser's own zone
 * showed one moment as two times.
 */
export function formatBeijingTime(iso: string | null | undefined): string {
  return iso
    ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
    : '—';
}

/** A time as every page shows it: Beijing time (`formatBeijingTime`). */
export const formatTime = formatBeijingTime;

/**
 * "12.34" → 1234: a non-negative decimal with up to two places as an integer count of hundredths
 * (yuan → fen, percent → basis points), by string and integer maths so 0.29 never becomes 28.
 * null when the text is not such a number.
 */
export function parseHundredths(text: string): number | null {
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

/** Basis points as a percentage: 500 → "5%", 1250 → "12.5%", 5 → "0.05%". */
export function formatRateBp(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  const cents = abs % 100;
  const fraction = cents ? `.${String(cents).padStart(2, '0').replace(/0$/, '')}` : '';
  return `${sign}${Math.trunc(abs / 100)}${fraction}%`;
}

/** Hundredths as the decimal text an input shows: 1234 → "12.34", 500 → "5". */
export function hundredthsText(value: number): string {
  return formatRateBp(value).slice(0, -1);
}

/** A range of days as "1–3", or "3" when both ends are equal. */
export function formatDayRange(range: { minDays: number; maxDays: number }): string {
  return range.minDays === range.maxDays ? String(range.maxDays) : `${range.minDays}–${range.maxDays}`;
}
