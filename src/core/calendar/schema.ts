import { z } from 'zod';
import { type Validated, validateWith } from '../validation.ts';
import { isWeekend, parseIsoDate } from './local-day.ts';

export const IsoDateSchema = z
  .string()
  .refine((s) => parseIsoDate(s) !== null, { message: 'must be a real date written YYYY-MM-DD' });

/**
 * Public holidays and 调休 makeup working days, as admins edit them. Weekends are implied; a makeup
 * day must fall on a weekend (a weekday is already a working day, so listing it is a mistake), and
 * no date may be both a holiday and a working day.
 */
export const CalendarConfigSchema = z
  .strictObject({
    holidays: z.array(IsoDateSchema),
    makeupWorkdays: z.array(IsoDateSchema),
  })
  .superRefine((cal, ctx) => {
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
