import { eq } from 'drizzle-orm';
import { addBusinessDays, type BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import type { CaseFacts } from '../../core/refunds/case-actions.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { CaseRow } from './find-case.ts';
import { refundCase } from './schema.ts';

/** The case as the pure action rules see it. */
export function caseFacts(c: CaseRow, hasNext: boolean): CaseFacts {
  return { ...c, hasNext };
}

/** Whether a later case continues this one (it was resubmitted). */
export async function nextCaseNo(tx: Db, caseId: number): Promise<string | null> {
  const [row] = await tx
    .select({ refundNo: refundCase.refundNo })
    .from(refundCase)
    .where(eq(refundCase.previousCaseId, caseId))
    .limit(1);
  return row?.refundNo ?? null;
}

/** A fresh review deadline for a case coming back (appeal): the policy's review days from now. */
export function freshDeadline(cal: BusinessCalendar, c: CaseRow, now: Date): Date {
  const days = (c.quote as { reviewDays?: { maxDays?: number } | null }).reviewDays?.maxDays ?? 3;
  return addBusinessDays(cal, now, days);
}
