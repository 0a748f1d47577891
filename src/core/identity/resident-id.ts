/**
 * The 18-digit resident identity number (居民身份证号码, GB 11643-1999): a six-digit region code, the
 * birth date YYYYMMDD, a three-digit sequence and a check character (ISO 7064 MOD 11-2: 0–9 or X).
 * The 15-digit numbers of first-generation cards stopped being valid in 2013 and are refused by name.
 */

export type ResidentIdProblem =
  /** Not 17 digits followed by a digit or X. */
  | 'id_format'
  /** A 15-digit first-generation number. */
  | 'id_old_format'
  /** The first two digits are no province of GB/T 2260 (so the six cannot be a region code). */
  | 'id_region'
  /** Positions 7–14 are not a date, or one before 1900 or after today. */
  | 'id_birth_date'
  /** The last character does not match the check computed from the first 17 digits. */
  | 'id_checksum';

export type ResidentId = { number: string; region: string; birthDate: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * The provinces of GB/T 2260 that open a region code (the first digit is 1–8): 11 北京 … 65 新疆, 71 台湾,
 * 81 香港, 82 澳门, 83 (台湾居民居住证). Counties change, provinces hardly ever: a typo in the first
 * two digits is caught here, a county that no longer exists is not (it may be on an old, valid card).
 */
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

/** The check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Whether YYYYMMDD names a day that exists (the Gregorian calendar's month lengths and leap years). */
export function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** The day it is in China (UTC+8, no daylight saving) at `now`, as YYYYMMDD. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Checks a resident ID number as typed (surrounding spaces and a lowercase x are forgiven). `now` bounds
 * the birth date: a number cannot belong to someone born tomorrow.
 */
export function parseResidentId(
  input: string,
  now: Date,
): { ok: true; id: ResidentId } | { ok: false; problem: ResidentIdProblem } {
  const value = input.trim().toUpperCase();
  if (/^\d{15}$/.test(value)) return { ok: false, problem: 'id_old_format' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'id_format' };
  const region = value.slice(0, 6);
  if (!PROVINCES.has(region.slice(0, 2))) return { ok: false, problem: 'id_region' };
  const birthDate = value.slice(6, 14);
  if (!isCalendarDate(birthDate) || birthDate < '19000101' || birthDate > chinaDate(now))
    return { ok: false, problem: 'id_birth_date' };
  if (residentIdCheckChar(value) !== value[17]) return { ok: false, problem: 'id_checksum' };
  return { ok: true, id: { number: value, region, birthDate } };
}
