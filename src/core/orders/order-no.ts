/**
 * Order numbers a person can read out on the phone: 14 digits, no letters to confuse (O/0, l/1).
 * `YYMMDD` (Asia/Shanghai date of the order) + a 7-digit sequence + a Luhn check digit, so a misheard
 * or mistyped digit is caught before any lookup. Shown grouped as `YYMMDD 1234567 8`.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function formatOrderNo(at: Date, sequence: number): string {
  const d = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const yymmdd =
    String(d.getUTCFullYear() % 100).padStart(2, '0') +
    String(d.getUTCMonth() + 1).padStart(2, '0') +
    String(d.getUTCDate()).padStart(2, '0');
  const body = yymmdd + String(((sequence % 10_000_000) + 10_000_000) % 10_000_000).padStart(7, '0');
  return body + luhnDigit(body);
}

export function isOrderNo(s: string): boolean {
  return /^\d{14}$/.test(s) && luhnDigit(s.slice(0, 13)) === s[13];
}

/** Luhn check digit for a string of digits. */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return String((10 - (sum % 10)) % 10);
}
