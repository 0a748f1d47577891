import type { BusinessCalendar } from '../../api/calendar.ts';

/**
 * The holidays page's editing, as pure functions of the calendar (dates are 'YYYY-MM-DD' calendar
 * days, so they are handled as UTC dates: no time zone can shift them).
 */

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function yearOfDate(date: string): number {
  return Number(date.slice(0, 4));
}

/** Saturday or Sunday: the only days a 调休 makeup working day can be. */
export function isWeekend(date: string): boolean {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Every date from `from` to `to`, both included (none when `to` is before `from`). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = dayNumber(from); day <= dayNumber(to); day += 1) out.push(dateOf(day));
  return out;
}

export interface DateRange {
  from: string;
  to: string;
  dates: string[];
}

/** Dates grouped into runs of consecutive days (a holiday is entered and read as 10-01 to 10-07). */
export function dateRanges(dates: string[]): DateRange[] {
  const ranges: DateRange[] = [];
  for (const date of [...new Set(dates)].sort()) {
    const last = ranges.at(-1);
    if (last && dayNumber(date) === dayNumber(last.to) + 1) {
      last.to = date;
      last.dates.push(date);
    } else {
      ranges.push({ from: date, to: date, dates: [date] });
    }
  }
  return ranges;
}

export const inYear = (dates: string[], year: number) => dates.filter((date) => yearOfDate(date) === year);

const sortedUnique = (dates: string[]) => [...new Set(dates)].sort();

/** Adds a holiday range; a day that becomes a holiday is no longer a makeup working day. */
export function addHolidays(calendar: BusinessCalendar, from: string, to: string): BusinessCalendar {
  const added = new Set(datesBetween(from, to));
  return {
    ...calendar,
    holidays: sortedUnique([...calendar.holidays, ...added]),
    makeupWorkdays: calendar.makeupWorkdays.filter((date) => !added.has(date)),
  };
}

export function addMakeupDay(calendar: BusinessCalendar, date: string): BusinessCalendar {
  return { ...calendar, makeupWorkdays: sortedUnique([...calendar.makeupWorkdays, date]) };
}

export function removeDates(
  calendar: BusinessCalendar,
  field: 'holidays' | 'makeupWorkdays',
  dates: string[],
): BusinessCalendar {
  const removed = new Set(dates);
  return { ...calendar, [field]: calendar[field].filter((date) => !removed.has(date)) };
}

/** Marks a year as entered (its holidays complete) or not. */
export function setYearEntered(calendar: BusinessCalendar, year: number, entered: boolean): BusinessCalendar {
  const years = calendar.years.filter((y) => y !== year);
  return { ...calendar, years: (entered ? [...years, year] : years).sort((a, b) => a - b) };
}

/** Years that have dates but are not marked entered: the server refuses such a calendar. */
export function yearsNotEntered(calendar: BusinessCalendar): number[] {
  const entered = new Set(calendar.years);
  const dated = [...calendar.holidays, ...calendar.makeupWorkdays].map(yearOfDate);
  return [...new Set(dated)].filter((year) => !entered.has(year)).sort((a, b) => a - b);
}

export function sameCalendar(a: BusinessCalendar, b: BusinessCalendar): boolean {
  const key = (c: BusinessCalendar) =>
    JSON.stringify([[...c.years].sort(), sortedUnique(c.holidays), sortedUnique(c.makeupWorkdays)]);
  return key(a) === key(b);
}

/** The years to choose from: those entered and those missing, or else the one after the last entered. */
export function yearChoices(calendar: BusinessCalendar, missingYears: number[]): number[] {
  const years = new Set([...calendar.years, ...missingYears]);
  if (missingYears.length === 0 && calendar.years.length > 0) years.add(Math.max(...calendar.years) + 1);
  return [...years].sort((a, b) => a - b);
}

/**
 * The date a `POLICY.INVALID` issue is about, from its path (`calendar.makeupWorkdays[3]`) in the
 * calendar that was sent; null when the path names no date.
 */
export function issueDate(
  calendar: BusinessCalendar,
  path: string,
): { field: 'holidays' | 'makeupWorkdays'; date: string } | null {
  const match = /(?:^|\.)(holidays|makeupWorkdays)\[(\d+)\]$/.exec(path);
  if (!match) return null;
  const field = match[1] as 'holidays' | 'makeupWorkdays';
  const date = calendar[field][Number(match[2])];
  return date === undefined ? null : { field, date };
}
