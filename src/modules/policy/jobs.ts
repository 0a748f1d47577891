import type { Logger } from '../../platform/logger.ts';
import type { Context } from '../context.ts';
import { calendarWarnings } from './admin-calendar.ts';

export const CALENDAR_CHECK_JOB = 'calendar.check';

/** Logs what admins must act on about the business calendar (next year's holidays, from 1 November). */
export async function logCalendarWarnings(ctx: Pick<Context, 'db' | 'now'>, log: Logger): Promise<void> {
  for (const w of await calendarWarnings(ctx.db, ctx.now())) log.warn({ code: w.code, years: w.years }, w.en);
}

export function defineCalendarJobs(ctx: Context, log: Logger): void {
  // Every morning, so the warning is in the logs each day until someone enters the holidays.
  ctx.jobs.define(CALENDAR_CHECK_JOB, () => logCalendarWarnings(ctx, log), { cron: '0 9 * * *' });
}
