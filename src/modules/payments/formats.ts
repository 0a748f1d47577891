import { formatYuan } from '../../core/money/index.ts';

/**
 * The channels' wire formats for money and time. Kameng keeps integer fen; Alipay speaks yuan strings
 * with two decimals ("12.34"), WeChat Pay speaks integer fen. No float ever carries an amount here.
 */

/** 1234 → "12.34". Refuses anything that is not a non-negative safe integer of fen. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a fen amount: ${String(fen)}`);
  return formatYuan(fen);
}

const YUAN = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/** "12.34" → 1234, "12.3" → 1230, "12" → 1200; anything else (signs, exponents, 3 decimals) → null. */
export function yuanToFen(yuan: string): number | null {
  const m = YUAN.exec(yuan.trim());
  if (!m) return null;
  const cents = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(cents);
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Alipay's timestamps: "yyyy-MM-dd HH:mm:ss" in Beijing time (UTC+8, no daylight saving). */
export function formatChinaTime(at: Date): string {
  const t = new Date(at.getTime() + CHINA_OFFSET_MS);
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`
  );
}

const CHINA_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/** "2024-05-01 12:00:00" or "2024-05-01 12:00:00.320" (Beijing time) → Date; null when malformed. */
export function parseChinaTime(text: string): Date | null {
  const m = CHINA_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const millis = ms ? Number(ms.padEnd(3, '0')) : 0;
  const at = new Date(utc + millis - CHINA_OFFSET_MS);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** WeChat Pay's timestamps: RFC 3339 with the +08:00 offset ("2024-05-01T12:00:00+08:00"). */
export function formatRfc3339China(at: Date): string {
  return `${formatChinaTime(at).replace(' ', 'T')}+08:00`;
}
