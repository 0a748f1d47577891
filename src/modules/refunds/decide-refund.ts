import { and, desc, eq } from 'drizzle-orm';
import { addBusinessDays } from '../../core/calendar/business-calendar.ts';
import { MAX_APPEALS } from '../../core/refunds/case-actions.ts';
import { REJECT_REASONS, type RejectReasonCode } from '../../core/refunds/reject-reasons.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { countOutcome } from '../risk/assess.ts';
import { applyTransition } from './apply-transition.ts';
import { approveOnTodaysFacts } from './approve-case.ts';
import { attachCaseEvidence } from './case-evidence.ts';
import { scheduleCaseTimer } from './case-timers.ts';
import type { CaseContextJson, CaseEventJson } from './case-view.ts';
import { type CaseRow, findCaseToDecide, findOwnCase, findVisibleCase } from './find-case.ts';
import { reviewerRole } from './reviewer.ts';
import { refundCaseEvent } from './schema.ts';

type Decision = { db: Db; reviewer: Actor; refundNo: string; expectedVersion: number; ip: string; now: Date };

/**
 * Asks the buyer for more information (待补充资料); the reason is shown to the buyer. The SLA clock
 * pauses until the answer; unanswered by the information deadline, the case closes (a timer).
 */
export async function requestInfo(
  input: Decision & { reason: string; jobs: JobQueue; infoDays: number },
): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.reviewer, { forUpdate: true });
    const as = reviewerRole(input.reviewer, c, input.now);
    const { calendar } = (await currentPolicy(tx)).compiled;
    const infoDeadline = addBusinessDays(calendar, input.now, input.infoDays);
    await applyTransition(tx, c, {
      event: 'request_info',
      as,
      actor: input.reviewer,
      expectedVersion: input.expectedVersion,
      reason: input.reason,
      data: { infoDeadline: infoDeadline.toISOString() },
      set: { slaPausedAt: input.now, infoDeadline },
      ip: input.ip,
      now: input.now,
    });
    await scheduleCaseTimer(tx, input.jobs, c.id, infoDeadline, input.now);
  });
}

/** The SLA deadline moved on by the time the clock was paused (waiting for the buyer). */
export function resumedDeadline(c: CaseRow, now: Date): Date {
  if (!c.slaPausedAt) return c.slaDeadline;
  return new Date(c.slaDeadline.getTime() + Math.max(0, now.getTime() - c.slaPausedAt.getTime()));
}

/**
 * Approves in full or in part — never above what the policy allows on today's facts (the quote is
 * re-run; see approveOnTodaysFacts) — and hands over to payout in the same transaction.
 */
export async function approveRefund(
  input: Decision & { jobs: JobQueue; amountFen?: number; quotedFen?: number; note?: string },
): Promise<{ c: CaseRow; context: CaseContextJson }> {
  return inTransaction(input.db, async (tx) => {
    const { c, facts, context } = await findCaseToDecide(tx, input.refundNo, input.reviewer, { page: true });
    const written: CaseEventJson[] = [];
    const moved = await approveOnTodaysFacts(tx, input.jobs, c, {
      written,
      facts,
      event: 'approve',
      as: reviewerRole(input.reviewer, c, input.now),
      actor: input.reviewer,
      expectedVersion: input.expectedVersion,
      amountFen: input.amountFen,
      quotedFen: input.quotedFen,
      note: input.note,
      ip: input.ip,
      now: input.now,
    });
    // The case as approved, for the answer: its page as read under the lock (`page: true` reads it)
    // plus the timeline rows the approval wrote.
    return { c: moved, context: { ...context!, events: [...context!.events, ...written] } };
  });
}

/** Rejects with a reason code from the list and the agent's own words; the buyer sees both. */
export async function rejectRefund(
  input: Decision & { reasonCode: RejectReasonCode; text: string },
): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.reviewer, { forUpdate: true });
    const as = reviewerRole(input.reviewer, c, input.now);
    // 风控 rejections come only out of a risk review, and only from a person.
    const forRisk = input.reasonCode === 'RISK';
    if (forRisk && c.state !== 'risk_hold') throw new AppError('RISK.NOT_HELD', { state: c.state });
    const label = REJECT_REASONS[input.reasonCode];
    // 申诉期限: a first rejection may be appealed for the policy's days (the order stays unsettled).
    const policy = await currentPolicy(tx);
    const appealDeadline =
      c.appealCount < MAX_APPEALS
        ? addBusinessDays(policy.compiled.calendar, input.now, policy.document.appealWithinDays)
        : null;
    await applyTransition(tx, c, {
      event: 'reject',
      as,
      actor: input.reviewer,
      expectedVersion: input.expectedVersion,
      reason: `${label.zh}。${input.text}`,
      data: { reasonCode: input.reasonCode },
      set: { rejectReasonCode: input.reasonCode, rejectedBy: input.reviewer.userId, appealDeadline },
      ip: input.ip,
      now: input.now,
    });
    if (forRisk) await countOutcome(tx, c.id, 'reject');
  });
}

/** Whether the open information request was made during a risk review (its answer goes back there). */
async function askedDuringRiskReview(tx: Db, caseId: number): Promise<boolean> {
  const [last] = await tx
    .select({ from: refundCaseEvent.fromState })
    .from(refundCaseEvent)
    .where(and(eq(refundCaseEvent.caseId, caseId), eq(refundCaseEvent.kind, 'request_info')))
    .orderBy(desc(refundCaseEvent.id))
    .limit(1);
  return last?.from === 'risk_hold';
}

/**
 * The buyer answers an information request, with text and perhaps new evidence; the case goes back
 * to review and the SLA deadline moves on by the time the clock was paused.
 */
export async function supplementRefund(input: {
  db: Db;
  jobs: JobQueue;
  buyer: Actor;
  refundNo: string;
  text: string;
  evidenceIds?: string[];
  ip: string;
  now: Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findOwnCase(tx, input.refundNo, input.buyer);
    const slaDeadline = resumedDeadline(c, input.now);
    const evidence = await attachCaseEvidence(tx, c, input.buyer, input.evidenceIds);
    await applyTransition(tx, c, {
      event: (await askedDuringRiskReview(tx, c.id)) ? 'supplement_risk' : 'supplement',
      as: 'buyer',
      actor: input.buyer,
      reason: input.text,
      data: { slaDeadline: slaDeadline.toISOString(), evidence },
      set: { slaDeadline, slaPausedAt: null, infoDeadline: null },
      ip: input.ip,
      now: input.now,
    });
    await scheduleCaseTimer(tx, input.jobs, c.id, slaDeadline, input.now);
  });
}
