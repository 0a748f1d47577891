import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDaysBetween,
  compileCalendar,
  isBusinessDay,
  toBusinessCalendar,
} from './business-calendar.ts';
import { DEFAULT_CALENDAR_2026 } from './default-calendar.ts';
import { DAY_MS, localDayOf, parseIsoDate, SHANGHAI_OFFSET_MS, weekdayOf } from './local-day.ts';
import { CalendarConfigSchema, parseCalendarConfig } from './schema.ts';

const cal = compileCalendar(DEFAULT_CALENDAR_2026);
/** An instant written as Shanghai wall-clock time. */
const sh = (local: string): Date => new Date(`${local}+08:00`);
const endOf = (date: string): string => sh(`${date}T23:59:59.999`).toISOString();

describe('isBusinessDay', () => {
  it.each([
    ['2026-01-05T10:00', true, 'Monday'],
    ['2026-01-10T10:00', false, 'Saturday'],
    ['2026-01-11T10:00', false, 'Sunday'],
    ['2026-01-01T10:00', false, '元旦'],
    ['2026-01-04T10:00', true, 'makeup Sunday after 元旦'],
    ['2026-02-14T10:00', true, 'makeup Saturday before 春节'],
    ['2026-02-16T10:00', false, '春节 Monday'],
    ['2026-02-23T10:00', false, 'last day of 春节'],
    ['2026-02-24T10:00', true, 'first day back'],
    ['2026-10-07T10:00', false, '国庆'],
    ['2026-10-10T10:00', true, 'makeup Saturday after 国庆'],
  ])('%s is %s (%s)', (local, expected) => {
    expect(isBusinessDay(cal, sh(local))).toBe(expected);
  });
  it('uses the Shanghai day, not the UTC day', () => {
    // 2026-01-10 00:30 in Shanghai is still Friday in UTC.
    const saturdayLocal = sh('2026-01-10T00:30');
    expect(saturdayLocal.getUTCDay()).toBe(5);
    expect(isBusinessDay(cal, saturdayLocal)).toBe(false);
    expect(isBusinessDay(cal, sh('2026-01-09T23:59:59.999'))).toBe(true);
  });
  it('accepts the raw config as well as a compiled calendar', () => {
    expect(isBusinessDay(DEFAULT_CALENDAR_2026, sh('2026-01-01T12:00'))).toBe(false);
    expect(toBusinessCalendar(DEFAULT_CALENDAR_2026)).toBe(toBusinessCalendar(DEFAULT_CALENDAR_2026));
  });
  it('treats every weekday as working with an empty calendar', () => {
    const empty = { holidays: [], makeupWorkdays: [] };
    expect(isBusinessDay(empty, sh('2026-01-01T12:00'))).toBe(true);
    expect(isBusinessDay(empty, sh('2026-01-03T12:00'))).toBe(false);
  });
});

describe('addBusinessDays', () => {
  it.each([
    ['2026-01-05T09:00', 1, '2026-01-06', 'Monday + 1'],
    ['2026-01-05T09:00', 0, '2026-01-05', 'n = 0 is the end of the same business day'],
    ['2026-01-09T23:59', 1, '2026-01-12', 'late Friday night skips the weekend'],
    ['2026-01-10T00:30', 1, '2026-01-13', 'just after midnight Saturday counts from Monday'],
    ['2026-01-10T15:00', 0, '2026-01-12', 'weekend submission with n = 0 is due Monday'],
    ['2026-01-07T18:00', 3, '2026-01-12', 'Wednesday + 3 crosses a weekend'],
    ['2025-12-31T20:00', 1, '2026-01-04', '元旦 then the makeup Sunday'],
    ['2026-02-13T10:00', 1, '2026-02-14', 'makeup Saturday counts as a working day'],
    ['2026-02-13T10:00', 3, '2026-02-25', 'over the whole 春节 span'],
    ['2026-02-18T10:00', 1, '2026-02-25', 'submitted during 春节 counts from the first day back'],
    ['2026-02-27T10:00', 1, '2026-02-28', 'Friday + 1 lands on makeup Saturday'],
    ['2026-09-30T22:00', 5, '2026-10-13', '国庆 with the makeup Saturday 10-10'],
  ])('%s + %i → end of %s (%s)', (local, n, due) => {
    expect(addBusinessDays(cal, sh(local), n).toISOString()).toBe(endOf(due));
  });
  it('ends at 23:59:59.999 Shanghai time', () => {
    expect(addBusinessDays(cal, sh('2026-01-05T09:00'), 1).toISOString()).toBe('2026-01-06T15:59:59.999Z');
  });
  it('rejects a negative or fractional count as a bug', () => {
    expect(() => addBusinessDays(cal, sh('2026-01-05T09:00'), -1)).toThrow(RangeError);
    expect(() => addBusinessDays(cal, sh('2026-01-05T09:00'), 1.5)).toThrow(RangeError);
  });
});

describe('businessDaysBetween', () => {
  it('counts working days after the start day up to the end day', () => {
    expect(businessDaysBetween(cal, sh('2026-01-05T09:00'), sh('2026-01-09T09:00'))).toBe(4);
    expect(businessDaysBetween(cal, sh('2026-01-09T09:00'), sh('2026-01-12T01:00'))).toBe(1);
    expect(businessDaysBetween(cal, sh('2026-02-13T09:00'), sh('2026-02-25T09:00'))).toBe(3);
    expect(businessDaysBetween(cal, sh('2026-01-09T09:00'), sh('2026-01-05T09:00'))).toBe(0);
  });
});

describe('calendar properties', () => {
  const instant = fc
    .integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2026, 11, 31) })
    .map((ms) => new Date(ms));
  const n = fc.integer({ min: 0, max: 40 });

  it('always gives the end of a business day, after the submission', () => {
    fc.assert(
      fc.property(instant, n, (from, k) => {
        const due = addBusinessDays(cal, from, k);
        expect((due.getTime() + SHANGHAI_OFFSET_MS + 1) % DAY_MS).toBe(0);
        expect(isBusinessDay(cal, due)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(from.getTime());
      }),
    );
  });
  it('is strictly increasing in n and the inverse of businessDaysBetween', () => {
    fc.assert(
      fc.property(instant, n, (from, k) => {
        const due = addBusinessDays(cal, from, k);
        expect(addBusinessDays(cal, from, k + 1).getTime()).toBeGreaterThan(due.getTime());
        expect(businessDaysBetween(cal, from, due)).toBe(k);
      }),
    );
  });
  it('never gives a later submission an earlier deadline', () => {
    fc.assert(
      fc.property(instant, instant, n, (a, b, k) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addBusinessDays(cal, late, k).getTime()).toBeGreaterThanOrEqual(
          addBusinessDays(cal, early, k).getTime(),
        );
      }),
    );
  });
});

describe('CalendarConfigSchema', () => {
  const issues = (input: unknown) => {
    const r = CalendarConfigSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  it('accepts the default 2026 calendar, with makeup days all on weekends', () => {
    expect(CalendarConfigSchema.safeParse(DEFAULT_CALENDAR_2026).success).toBe(true);
    for (const d of DEFAULT_CALENDAR_2026.makeupWorkdays) {
      expect([0, 6]).toContain(weekdayOf(parseIsoDate(d)!));
    }
    expect(DEFAULT_CALENDAR_2026.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });
  it.each([
    ['2026-02-30', 'holidays.3'],
    ['2026-13-01', 'holidays.3'],
    ['not-a-date', 'holidays.3'],
    ['2026-1-05', 'holidays.3'],
  ])('rejects holiday %s at %s', (bad, path) => {
    expect(issues({ holidays: ['2026-01-01', '2026-01-02', '2026-01-03', bad], makeupWorkdays: [] })).toEqual(
      [path],
    );
  });
  it('rejects a date that is both a holiday and a makeup day', () => {
    expect(issues({ holidays: ['2026-02-14'], makeupWorkdays: ['2026-01-04', '2026-02-14'] })).toEqual([
      'makeupWorkdays.1',
    ]);
  });
  it('rejects a weekday listed as a makeup day', () => {
    expect(issues({ holidays: [], makeupWorkdays: ['2026-01-05'] })).toEqual(['makeupWorkdays.0']);
  });
  it('reports admin-readable paths through parseCalendarConfig', () => {
    const r = parseCalendarConfig({
      holidays: ['2026-01-01', '2026-01-02', '2026-01-03', '2026-02-30'],
      makeupWorkdays: [],
    });
    expect(r.ok ? [] : r.issues).toEqual([
      {
        path: 'holidays[3]',
        message: 'must be a real date written YYYY-MM-DD',
        messageZh: '必须是真实存在的日期，格式 YYYY-MM-DD',
      },
    ]);
    expect(parseCalendarConfig(DEFAULT_CALENDAR_2026).ok).toBe(true);
  });
  it('rejects unknown keys', () => {
    expect(issues({ holidays: [], makeupWorkdays: [], workdays: [] })).toEqual(['']);
  });
  it('parses leap days correctly', () => {
    expect(parseIsoDate('2028-02-29')).not.toBeNull();
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(localDayOf(sh('2026-01-01T00:00'))).toBe(parseIsoDate('2026-01-01'));
  });
});
