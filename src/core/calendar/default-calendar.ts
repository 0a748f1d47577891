import type { CalendarConfig } from './schema.ts';

function span(first: string, lastDay: number): string[] {
  const prefix = first.slice(0, 8);
  const out: string[] = [];
  for (let d = Number(first.slice(8)); d <= lastDay; d += 1) out.push(`${prefix}${d < 10 ? '0' : ''}${d}`);
  return out;
}

/**
 * China's 2026 public holidays and 调休 makeup working days, as we understand the State Council
 * General Office notice for 2026. Verify against the State Council notice before relying on it;
 * admins edit this data in the policy, so a correction needs no release.
 */
export const DEFAULT_CALENDAR_2026: CalendarConfig = Object.freeze({
  years: Object.freeze([2026]) as number[],
  holidays: Object.freeze([
    ...span('2026-01-01', 3), // 元旦 New Year
    ...span('2026-02-15', 23), // 春节 Spring Festival
    ...span('2026-04-04', 6), // 清明节 Qingming
    ...span('2026-05-01', 5), // 劳动节 Labour Day
    ...span('2026-06-19', 21), // 端午节 Dragon Boat
    ...span('2026-09-25', 27), // 中秋节 Mid-Autumn
    ...span('2026-10-01', 7), // 国庆节 National Day
  ]) as string[],
  makeupWorkdays: Object.freeze([
    '2026-01-04', // Sun, after 元旦
    '2026-02-14', // Sat, before 春节
    '2026-02-28', // Sat, after 春节
    '2026-05-09', // Sat, after 劳动节
    '2026-09-20', // Sun, before 国庆节
    '2026-10-10', // Sat, after 国庆节
  ]) as string[],
});
