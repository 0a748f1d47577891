import {
  endOfLocalDay,
  isWeekend,
  type LocalDay,
  localDayOf,
  monthOf,
  parseIsoDate,
  yearOf,
} from './local-day.ts';
import type { CalendarConfig } from './schema.ts';

/** A calendar compiled for lookups: sets of local days. Build it once with `compileCalendar`. */
export interface BusinessCalendar {
  readonly kind: 'compiled-calendar';
  readonly holidays: ReadonlySet<LocalDay>;
  readonly makeupWorkdays: ReadonlySet<LocalDay>;
  /** Years whose holidays were entered; elsewhere only weekends are known. */
  readonly years: ReadonlySet<number>;
}

export type CalendarInput = CalendarConfig | BusinessCalendar;

/** Longest span we walk; a larger n is a caller bug (an SLA is days, not decades). */
const MAX_BUSINESS_DAYS = 3660;

/** Expects a config that passed CalendarConfigSchema; an invalid date is a bug here. */
export function compileCalendar(config: CalendarConfig): BusinessCalendar {
  const holidays = toDaySet(config.holidays);
  const makeupWorkdays = toDaySet(config.makeupWorkdays);
  const years = new Set(config.years ?? [...holidays, ...makeupWorkdays].map(yearOf));
  return { kind: 'compiled-calendar', holidays, makeupWorkdays, years };
}

function toDaySet(dates: readonly string[]): Set<LocalDay> {
  const set = new Set<LocalDay>();
  for (const date of dates) {
    const day = parseIsoDate(date);
    if (day === null)
      throw new RangeError(`invalid calendar date ${date}; validate with CalendarConfigSchema`);
    set.add(day);
  }
  return set;
}

// Configs are memoised by identity so callers may pass the admin's data object directly without
// recompiling it on every call. The result depends only on the (immutable) config, so this stays pure.
const compiled = new WeakMap<CalendarConfig, BusinessCalendar>();

export function toBusinessCalendar(cal: CalendarInput): BusinessCalendar {
  if ('kind' in cal && cal.kind === 'compiled-calendar') return cal;
  const config = cal as CalendarConfig;
  let hit = compiled.get(config);
  if (hit === undefined) {
    hit = compileCalendar(config);
    compiled.set(config, hit);
  }
  return hit;
}

export function isBusinessLocalDay(cal: BusinessCalendar, day: LocalDay): boolean {
  if (cal.makeupWorkdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  return !isWeekend(day);
}

/** Whether the Shanghai calendar day containing `date` is a working day. */
export function isBusinessDay(cal: CalendarInput, date: Date): boolean {
  return isBusinessLocalDay(toBusinessCalendar(cal), localDayOf(date));
}

/**
 * The day counting starts from. A submission on a business day counts from that day; one made on
 * a weekend or holiday is treated as if made on the next business day (nobody is at work to see it
 * earlier), so a Saturday submission and a Monday morning submission get the same deadline.
 */
function startDay(cal: BusinessCalendar, from: Date): LocalDay {
  let day = localDayOf(from);
  while (!isBusinessLocalDay(cal, day)) day += 1;
  return day;
}

function assertDays(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_BUSINESS_DAYS) {
    throw new RangeError(`business days must be an integer in 0..${MAX_BUSINESS_DAYS}, got ${String(n)}`);
  }
}

/**
 * Deadline = 23:59:59.999 Asia/Shanghai of the n-th business day after the (start) day of `from`.
 * The day of submission itself is day 0, so a Monday 09:00 submission with n = 1 is due at the end
 * of Tuesday — a late-night submission does not lose a day. n = 0 gives the end of the start day.
 */
export function addBusinessDays(cal: CalendarInput, from: Date, n: number): Date {
  assertDays(n);
  const c = toBusinessCalendar(cal);
  let day = startDay(c, from);
  for (let left = n; left > 0; ) {
    day += 1;
    if (isBusinessLocalDay(c, day)) left -= 1;
  }
  return endOfLocalDay(day);
}

/**
 * Business days after the start day of `from`, up to and including the day of `to`; 0 when `to`
 * is not later. The inverse of addBusinessDays: businessDaysBetween(cal, t, addBusinessDays(cal, t, n)) === n.
 */
export function businessDaysBetween(cal: CalendarInput, from: Date, to: Date): number {
  const c = toBusinessCalendar(cal);
  const start = startDay(c, from);
  const end = localDayOf(to);
  let count = 0;
  for (let day = start + 1; day <= end; day += 1) {
    if (isBusinessLocalDay(c, day)) count += 1;
  }
  return count;
}

/**
 * The years between `from` and `to` (Shanghai dates, both included) whose holidays are not in the
 * calendar: a deadline counted across them may fall on a holiday nobody has entered yet.
 */
export function yearsWithoutHolidays(cal: CalendarInput, from: Date, to: Date): number[] {
  const c = toBusinessCalendar(cal);
  const out: number[] = [];
  for (let y = yearOf(localDayOf(from)); y <= yearOf(localDayOf(to)); y += 1) {
    if (!c.years.has(y)) out.push(y);
  }
  return out;
}

/**
 * Years an admin must enter now: this year if it is missing, and from 1 November next year too
 * (the State Council's notice for it is out by then, and deadlines start to reach into it).
 */
export function missingCalendarYears(cal: CalendarInput, now: Date): number[] {
  const c = toBusinessCalendar(cal);
  const today = localDayOf(now);
  const year = yearOf(today);
  const wanted = monthOf(today) >= 11 ? [year, year + 1] : [year];
  return wanted.filter((y) => !c.years.has(y));
}
