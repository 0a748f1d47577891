import { eq, sql } from 'drizzle-orm';
import { type CalendarConfig, missingCalendarYears, parseCalendarConfig } from '../../core/calendar/index.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { type AdminInput, lockPublishing, publishDocument } from './admin-policy.ts';
import { currentPolicy } from './current-policy.ts';
import { policyDraft } from './schema.ts';

export type CalendarWarning = { code: 'CALENDAR.MISSING_YEAR'; years: number[]; zh: string; en: string };

/** The business calendar in force (part of the refund policy) and the years an admin must still enter. */
export async function getCalendar(db: Db, now: Date) {
  const p = await currentPolicy(db);
  const calendar = p.document.calendar;
  return {
    version: p.version,
    calendar: { ...calendar, years: [...p.compiled.calendar.years].sort() },
    missingYears: missingCalendarYears(p.compiled.calendar, now),
  };
}

/**
 * What admins must be told now: from 1 November, next year's holidays if they are missing (and this
 * year's, always). Deadlines into a year without them count weekends only and are flagged.
 */
export async function calendarWarnings(db: Db, now: Date): Promise<CalendarWarning[]> {
  const { missingYears } = await getCalendar(db, now);
  if (missingYears.length === 0) return [];
  const years = missingYears.join('、');
  return [
    {
      code: 'CALENDAR.MISSING_YEAR',
      years: missingYears,
      zh: `${years} 年的法定节假日尚未录入：跨入该年的审核时限只按周末计算，可能不准确。请在「节假日」页面录入。`,
      en: `Public holidays for ${missingYears.join(', ')} are not entered: deadlines into that year count weekends only and may be wrong. Enter them on the Holidays page.`,
    },
  ];
}

/**
 * Publishes the policy in force with this calendar as the next version (audited), so cases keep the
 * calendar they were decided under. A draft being edited gets the same calendar, so publishing it
 * later does not bring the old one back.
 */
export async function publishCalendar(
  input: AdminInput & { calendar: unknown; note: string },
): Promise<number> {
  const parsed = parseCalendarConfig(input.calendar);
  if (!parsed.ok) throw new AppError('POLICY.INVALID', { issues: parsed.issues.map(inCalendar) });
  const calendar: CalendarConfig = {
    ...parsed.value,
    holidays: [...new Set(parsed.value.holidays)].sort(),
    makeupWorkdays: [...new Set(parsed.value.makeupWorkdays)].sort(),
  };
  return inTransaction(input.db, async (tx) => {
    // The policy in force read under the publishers' lock: a version published meanwhile is built on,
    // not overwritten with the older document plus this calendar.
    await lockPublishing(tx);
    const current = await currentPolicy(tx);
    const version = await publishDocument(
      tx,
      input,
      { ...current.document, calendar },
      input.note,
      'policy.calendar',
      current.version,
    );
    await tx
      .update(policyDraft)
      .set({
        document: sql`jsonb_set(${policyDraft.document}, '{calendar}', ${JSON.stringify(calendar)}::jsonb)`,
      })
      .where(eq(policyDraft.id, 1));
    return version;
  });
}

const inCalendar = (i: { path: string; message: string }) => ({ ...i, path: `calendar.${i.path}` });
