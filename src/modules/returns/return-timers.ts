import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { applyTransition, recordAction } from '../refunds/apply-transition.ts';
import type { CaseRow } from '../refunds/find-case.ts';
import { handOverToPayout } from '../refunds/payout-handover.ts';

/**
 * 退货寄回's stored deadlines, fired like the other case timers (refunds/sweep-timers.ts): the reminder
 * before the buyer's ship-by time, the ship-by time itself (the case closes), and the merchant's
 * confirm-by time (the goods count as received and the refund is paid).
 */
export const RETURN_TIMER_KINDS = ['return_remind', 'return_ship', 'return_confirm'] as const;
export type ReturnTimerKind = (typeof RETURN_TIMER_KINDS)[number];

/** Due cases of one kind, through the partial indexes of migration 0027. */
export function dueReturnsQuery(kind: ReturnTimerKind, now: Date, limit: number) {
  const at = now.toISOString();
  if (kind === 'return_remind')
    return sql`SELECT id FROM refund_case WHERE state = 'awaiting_return' AND return_remind_at IS NOT NULL
      AND return_remind_at <= ${at}::timestamptz ORDER BY return_remind_at LIMIT ${limit}`;
  if (kind === 'return_ship')
    return sql`SELECT id FROM refund_case WHERE state = 'awaiting_return'
      AND return_deadline <= ${at}::timestamptz ORDER BY return_deadline LIMIT ${limit}`;
  return sql`SELECT id FROM refund_case WHERE state = 'return_shipped'
      AND return_confirm_deadline <= ${at}::timestamptz ORDER BY return_confirm_deadline LIMIT ${limit}`;
}

/** What is due on the case now (re-checked under its row lock by the caller). */
export function dueReturnKinds(c: CaseRow, now: Date): ReturnTimerKind[] {
  if (c.state === 'awaiting_return') {
    // Past the deadline the reminder is moot: the case closes.
    if (c.returnDeadline && c.returnDeadline <= now) return ['return_ship'];
    if (c.returnRemindAt && c.returnRemindAt <= now) return ['return_remind'];
  }
  if (c.state === 'return_shipped' && c.returnConfirmDeadline && c.returnConfirmDeadline <= now)
    return ['return_confirm'];
  return [];
}

export async function fireReturnTimer(
  tx: Db,
  jobs: JobQueue,
  c: CaseRow,
  kind: ReturnTimerKind,
  now: Date,
): Promise<CaseRow> {
  const base = { actor: null, ip: null, now };
  switch (kind) {
    case 'return_remind':
      return recordAction(tx, c, { ...base, kind: 'return_reminder', set: { returnRemindAt: null } });
    case 'return_ship':
      return applyTransition(tx, c, {
        ...base,
        event: 'close_unshipped',
        as: 'system',
        set: { returnRemindAt: null },
      });
    case 'return_confirm': {
      // Silence counts as receipt (Taobao: 超时未处理，系统自动退款): the approval stands, paid out.
      return handOverToPayout(tx, jobs, c, {
        ...base,
        event: 'return_confirm_lapsed',
        as: 'system',
        set: { returnReceivedAt: now },
      });
    }
  }
}
