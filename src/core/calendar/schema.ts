import { z } from 'zod';
import { type Validated, validateWith } from '../validation.ts';
import { isWeekend, parseIsoDate } from './local-day.ts';

export const IsoDateSchema = z
  .string()
  .refine((s) => parseIsoDate(s) !== null, { message: 'must be a real date written YYYY-MM-DD' });

/**
 * Public holidays and 调休 makeup working days, as admins edit them. Weekends are implied; a makeup
 * day must fall on a weekend (a weekday is already a working day, so listing it is a mistake), and
 * no date may be both a holiday and a working day. `years` are the years whose holidays have been
 * entered (the State Council publishes each year's in the autumn before); a deadline that runs into
 * any other year is computed with weekends only and flagged. Absent, the years that have a date listed.
 */
export const CalendarConfigSchema = z
  .strictObject({
    years: z.array(z.number().int().min(2000).max(2100)).optional(),
    holidays: z.array(IsoDateSchema),
    makeupWorkdays: z.array(IsoDateSchema),
  })
  .superRefine((cal, ctx) => {
    if (cal.years !== undefined) {
      const years = new Set(cal.years);
      for (const [key, dates] of [
        ['holidays', cal.holidays],
        ['makeupWorkdays', cal.makeupWorkdays],
      ] as const) {
        dates.forEach((date, i) => {
          if (parseIsoDate(date) !== null && !years.has(Number(date.slice(0, 4))))
            ctx.addIssue({
              code: 'custom',
              path: [key, i],
              message: `${date} is in a year not listed in years`,
            });
        });
      }
    }
    const holidays = new Set(cal.holidays);
    cal.makeupWorkdays.forEach((date, i) => {
      if (holidays.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', i],
          message: `${date} is listed both as a holiday and as a makeup working day`,
        });
        return;
      }
      const day = parseIsoDate(date);
      if (day !== null && !isWeekend(day)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', i],
          message: `${date} is a weekday; only a Saturday or Sunday can be a makeup working day`,
        });
      }
    });
  });

export type CalendarConfig = z.output<typeof CalendarConfigSchema>;

/** Validates an admin's calendar; issues carry paths such as `holidays[3]`. */
export function parseCalendarConfig(input: unknown): Validated<CalendarConfig> {
  return validateWith(CalendarConfigSchema, input);
}
