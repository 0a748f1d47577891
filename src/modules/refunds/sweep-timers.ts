import { sql } from 'drizzle-orm';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Context } from '../context.ts';
import {
  dueReturnKinds,
  dueReturnsQuery,
  fireReturnTimer,
  RETURN_TIMER_KINDS,
  type ReturnTimerKind,
} from '../returns/return-timers.ts';
import { applyTransition, recordAction } from './apply-transition.ts';
import { CASE_TIMER_JOB, TIMER_SWEEP_JOB } from './case-timers.ts';
import type { CaseRow } from './find-case.ts';
import { refundCase } from './schema.ts';

/** return_*: 退货寄回's reminder, ship-by and confirm-by deadlines (see returns/return-timers.ts). */
export type TimerKind = 'sla' | 'info' | 'merchant' | ReturnTimerKind;

/**
 * Due cases of one kind, through the partial index that holds only candidates (refund_case_sla_due_idx,
 * refund_case_info_due_idx, refund_case_merchant_due_idx): the sweep reads due rows, not open ones.
 */
export function dueCasesQuery(kind: TimerKind, now: Date, limit: number) {
  const at = now.toISOString();
  if (kind === 'sla')
    return sql`SELECT id FROM refund_case WHERE NOT escalated AND state IN ('submitted','risk_hold','appealed')
      AND sla_deadline <= ${at}::timestamptz ORDER BY sla_deadline LIMIT ${limit}`;
  if (kind === 'info')
    return sql`SELECT id FROM refund_case WHERE state = 'info_requested'
      AND info_deadline <= ${at}::timestamptz ORDER BY info_deadline LIMIT ${limit}`;
  if (kind !== 'merchant') return dueReturnsQuery(kind, now, limit);
  return sql`SELECT id FROM refund_case WHERE merchant_response IS NULL AND state = 'submitted'
      AND merchant_deadline <= ${at}::timestamptz ORDER BY merchant_deadline LIMIT ${limit}`;
}

/** What is due on the case now (each re-checked under the row lock, so nothing fires twice). */
function dueKinds(c: CaseRow, now: Date): TimerKind[] {
  const due: TimerKind[] = [];
  if (
    c.state === 'submitted' &&
    c.merchantResponse === null &&
    c.merchantDeadline &&
    c.merchantDeadline <= now
  )
    due.push('merchant');
  if (!c.escalated && ['submitted', 'risk_hold', 'appealed'].includes(c.state) && c.slaDeadline <= now)
    due.push('sla');
  if (c.state === 'info_requested' && c.infoDeadline && c.infoDeadline <= now) due.push('info');
  due.push(...dueReturnKinds(c, now));
  return due;
}

async function fire(tx: Db, jobs: JobQueue, c: CaseRow, kind: TimerKind, now: Date): Promise<CaseRow> {
  const base = { actor: null, ip: null, now };
  if (kind !== 'sla' && kind !== 'info' && kind !== 'merchant')
    return fireReturnTimer(tx, jobs, c, kind, now);
  if (kind === 'merchant')
    return recordAction(tx, c, { ...base, kind: 'merchant_lapsed', set: { merchantResponse: 'lapsed' } });
  if (kind === 'sla')
    return recordAction(tx, c, {
      ...base,
      kind: 'escalate',
      reason: '超过审核时限，自动升级',
      set: { escalated: true, escalatedAt: now, assigneeId: null, claimExpiresAt: null },
    });
  return applyTransition(tx, c, { ...base, event: 'close_unanswered', as: 'system' });
}

/**
 * Fires whatever is due on one case, in one transaction under its row lock. A case another worker
 * holds is skipped (SKIP LOCKED) — that worker fires it; a second run finds nothing due. So a timer
 * fires once, whether its own job, the sweep, or both after a restart get there.
 */
export async function fireDueTimers(db: Db, jobs: JobQueue, caseId: number, now: Date): Promise<TimerKind[]> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .execute<{ id: number }>(sql`SELECT id FROM refund_case WHERE id = ${caseId} FOR UPDATE SKIP LOCKED`)
      .then((r) => r.rows);
    if (!row) return [];
    const [c] = await tx.select().from(refundCase).where(sql`id = ${caseId}`);
    let current = c!;
    const fired = dueKinds(current, now);
    for (const kind of fired) current = await fire(tx, jobs, current, kind, now);
    return fired;
  });
}

/** The safety net behind the per-deadline jobs: everything due now, in batches. */
export async function sweepTimers(
  db: Db,
  jobs: JobQueue,
  now: Date,
  limit = 200,
): Promise<Record<TimerKind, number>> {
  const counts: Record<TimerKind, number> = {
    sla: 0,
    info: 0,
    merchant: 0,
    return_remind: 0,
    return_ship: 0,
    return_confirm: 0,
  };
  for (const kind of ['merchant', 'sla', 'info', ...RETURN_TIMER_KINDS] as const) {
    const ids = (await db.execute<{ id: number }>(dueCasesQuery(kind, now, limit))).rows.map((r) =>
      Number(r.id),
    );
    for (const id of ids) for (const k of await fireDueTimers(db, jobs, id, now)) counts[k] += 1;
  }
  return counts;
}

export function defineRefundTimers(ctx: Context): void {
  ctx.jobs.define<{ caseId: number }>(CASE_TIMER_JOB, async ({ caseId }) => {
    await fireDueTimers(ctx.db, ctx.jobs, caseId, ctx.now());
  });
  ctx.jobs.define(
    TIMER_SWEEP_JOB,
    async () => {
      await sweepTimers(ctx.db, ctx.jobs, ctx.now());
    },
    { cron: '* * * * *' },
  );
}
