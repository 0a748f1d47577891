export {
  addBusinessDays,
  type BusinessCalendar,
  businessDaysBetween,
  type CalendarInput,
  compileCalendar,
  isBusinessDay,
  isBusinessLocalDay,
  missingCalendarYears,
  toBusinessCalendar,
  yearsWithoutHolidays,
} from './business-calendar.ts';
export { DEFAULT_CALENDAR_2026 } from './default-calendar.ts';
export {
  DAY_MS,
  endOfLocalDay,
  formatIsoDate,
  type LocalDay,
  localDayOf,
  monthOf,
  parseIsoDate,
  SHANGHAI_OFFSET_MS,
  startOfLocalDay,
  weekdayOf,
  yearOf,
} from './local-day.ts';
export { type CalendarConfig, CalendarConfigSchema, IsoDateSchema, parseCalendarConfig } from './schema.ts';
