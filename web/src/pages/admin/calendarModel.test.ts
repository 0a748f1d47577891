import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addHolidays,
  dateRanges,
  datesBetween,
  issueDate,
  isWeekend,
  setYearEntered,
  yearChoices,
  yearsNotEntered,
} from './calendarModel.ts';

const calendar = { years: [2026], holidays: ['2026-10-01', '2026-10-02'], makeupWorkdays: ['2026-10-10'] };

describe('holiday calendar editing', () => {
  it('groups dates into consecutive ranges, across a month and a year end', () => {
    const ranges = dateRanges(['2027-01-01', '2026-12-31', '2027-02-28', '2027-03-01', '2027-03-03']);
    expect(ranges.map(({ from, to }) => [from, to])).toEqual([
      ['2026-12-31', '2027-01-01'],
      ['2027-02-28', '2027-03-01'],
      ['2027-03-03', '2027-03-03'],
    ]);
  });

  it('ranges give back every date once, in order', () => {
    const day = fc
      .integer({ min: 0, max: 800 })
      .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(day, { maxLength: 60 }), (dates) => {
        const back = dateRanges(dates).flatMap((range) => range.dates);
        expect(back).toEqual([...new Set(dates)].sort());
        for (const range of dateRanges(dates))
          expect(datesBetween(range.from, range.to)).toEqual(range.dates);
      }),
    );
  });

  it('knows weekends (2027-01-02 is a Saturday, 2027-01-04 a Monday)', () => {
    expect(isWeekend('2027-01-02')).toBe(true);
    expect(isWeekend('2027-01-03')).toBe(true);
    expect(isWeekend('2027-01-04')).toBe(false);
  });

  it('a day made a holiday stops being a makeup working day', () => {
    const next = addHolidays(calendar, '2026-10-09', '2026-10-11');
    expect(next.holidays).toEqual(['2026-10-01', '2026-10-02', '2026-10-09', '2026-10-10', '2026-10-11']);
    expect(next.makeupWorkdays).toEqual([]);
  });

  it('flags a year with dates that is not marked entered', () => {
    const next = addHolidays(calendar, '2027-01-01', '2027-01-03');
    expect(yearsNotEntered(next)).toEqual([2027]);
    expect(yearsNotEntered(setYearEntered(next, 2027, true))).toEqual([]);
    expect(setYearEntered(next, 2027, true).years).toEqual([2026, 2027]);
  });

  it('offers the entered and the missing years, or the next one', () => {
    expect(yearChoices(calendar, [2027])).toEqual([2026, 2027]);
    expect(yearChoices({ ...calendar, years: [2026, 2027] }, [])).toEqual([2026, 2027, 2028]);
  });

  it('finds the date an issue path names', () => {
    expect(issueDate(calendar, 'calendar.makeupWorkdays[0]')).toEqual({
      field: 'makeupWorkdays',
      date: '2026-10-10',
    });
    expect(issueDate(calendar, 'holidays[1]')).toEqual({ field: 'holidays', date: '2026-10-02' });
    expect(issueDate(calendar, 'calendar.years')).toBeNull();
  });
});
