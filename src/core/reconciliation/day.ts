import {
  formatIsoDate,
  type LocalDay,
  localDayOf,
  parseIsoDate,
  startOfLocalDay,
} from '../calendar/local-day.ts';

/** The instants a reconciliation day covers: [from, to), midnight to midnight in Beijing time. */
export type DayWindow = { from: Date; to: Date };

export type ReconDay =
  | { ok: true; day: string; window: DayWindow }
  | { ok: false; reason: 'malformed' | 'future' };

/**
 * A day that may be reconciled: a real calendar date (YYYY-MM-DD, Beijing time) that has begun. Today
 * is allowed — its run covers the payouts so far; a later run of the same day sees the rest.
 */
export function parseReconDay(text: string, now: Date): ReconDay {
  const day = parseIsoDate(text);
  if (day === null) return { ok: false, reason: 'malformed' };
  if (day > localDayOf(now)) return { ok: false, reason: 'future' };
  return { ok: true, day: formatIsoDate(day), window: windowOf(day) };
}

export function windowOf(day: LocalDay): DayWindow {
  return { from: startOfLocalDay(day), to: startOfLocalDay(day + 1) };
}

/** The Beijing day before `now`'s: what the nightly run reconciles. */
export function previousDay(now: Date): string {
  return formatIsoDate(localDayOf(now) - 1);
}

/** `now`'s own day in Beijing time. */
export function currentDay(now: Date): string {
  return formatIsoDate(localDayOf(now));
}
