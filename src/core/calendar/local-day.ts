/**
 * Asia/Shanghai has been UTC+8 all year since 1991 (no DST), so a fixed offset is exact and no time
 * zone library is needed. A "local day" is an integer: days since 1970-01-01 in Shanghai.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

export type LocalDay = number;

export function localDayOf(instant: Date): LocalDay {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The last millisecond of the local day: 23:59:59.999 Asia/Shanghai. */
export function endOfLocalDay(day: LocalDay): Date {
  return new Date((day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

/** The first millisecond of the local day: 00:00:00.000 Asia/Shanghai. */
export function startOfLocalDay(day: LocalDay): Date {
  return new Date(day * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
export function weekdayOf(day: LocalDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: LocalDay): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * 'YYYY-MM-DD' → local day, or null for anything that is not a real calendar date. Date.UTC rolls
 * '2026-02-30' over to March, so the parts are compared after the round trip.
 */
export function parseIsoDate(text: string): LocalDay | null {
  const m = ISO_DATE.exec(text);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return null;
  }
  return ms / DAY_MS;
}

export function formatIsoDate(day: LocalDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar year of a local day. */
export function yearOf(day: LocalDay): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** The month (1–12) of a local day. */
export function monthOf(day: LocalDay): number {
  return new Date(day * DAY_MS).getUTCMonth() + 1;
}
