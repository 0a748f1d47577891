import { eq } from 'drizzle-orm';
import {
  appealRefusal,
  MAX_REOPENS,
  UNDECIDED_STATES,
  urgeRefusal,
} from '../../core/refunds/case-actions.ts';
import { isUniqueViolation } from '../../platform/db/pg-errors.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { shopOrder } from '../orders/schema.ts';
import { currentPolicy, policyAt } from '../policy/current-policy.ts';
import { applyTransition, recordAction } from './apply-transition.ts';
import { attachCaseEvidence } from './case-evidence.ts';
import { caseFacts, freshDeadline } from './case-facts.ts';
import { scheduleCaseTimer } from './case-timers.ts';
import { resumedDeadline } from './decide-refund.ts';
import { findOwnCase } from './find-case.ts';
import { openCase } from './submit-refund.ts';

type BuyerInput = { db: Db; buyer: Actor; refundNo: string; ip: string; now: Date };

/**
 * 催办: once the SLA deadline has passed, at most once per business day. Raises the case's priority
 * and tells whoever holds it (or the supervisors); a late case is escalated if the timer has not
 * done it yet.
 */
export async function urgeRefund(input: BuyerInput): Promise<void> {
  const { buyer, now } = input;
  await inTransaction(input.db, async (tx) => {
    const c = await findOwnCase(tx, input.refundNo, buyer);
    // The calendar the case's deadline was computed with (as the case page uses).
    const { calendar } = ((await policyAt(tx, c.policyVersion)) ?? (await currentPolicy(tx))).compiled;
    const refusal = urgeRefusal(calendar, caseFacts(c, false), now);
    if (refusal) throw new AppError(refusal.code, { canUrgeAt: refusal.at?.toISOString() ?? null });
    const urged = await recordAction(tx, c, {
      kind: 'urge',
      actor: buyer,
      set: { urgedAt: now, urgeCount: c.urgeCount + 1 },
      ip: input.ip,
      now,
    });
    if (!urged.escalated)
      await recordAction(tx, urged, {
        kind: 'escalate',
        actor: null,
        reason: '审核超时，买家已催办',
        set: { escalated: true, escalatedAt: now },
        ip: null,
        now,
      });
  });
}

/** 申诉: a rejected case goes to a supervisor (never the reviewer who rejected), with new evidence. */
export async function appealRefund(
  input: BuyerInput & { jobs: JobQueue; text: string; evidenceIds?: string[] },
): Promise<void> {
  const { buyer, now } = input;
  await inTransaction(input.db, async (tx) => {
    const c = await findOwnCase(tx, input.refundNo, buyer);
    const refusal = c.state === 'rejected' ? appealRefusal(c, now) : null;
    if (refusal) throw new AppError(refusal);
    const { calendar } = (await currentPolicy(tx)).compiled;
    const slaDeadline = freshDeadline(calendar, c, now);
    const evidence = await attachCaseEvidence(tx, c, buyer, input.evidenceIds);
    await applyTransition(tx, c, {
      event: 'appeal',
      as: 'buyer',
      actor: buyer,
      reason: input.text,
      data: { evidence, slaDeadline: slaDeadline.toISOString() },
      set: {
        appealCount: c.appealCount + 1,
        appealDeadline: null,
        slaDeadline,
        assigneeId: null,
        claimExpiresAt: null,
        escalated: false,
        urgedAt: null,
        urgeCount: 0,
      },
      ip: input.ip,
      now,
    });
    await scheduleCaseTimer(tx, input.jobs, c.id, slaDeadline, now);
  });
}

/** A case closed for an unanswered information request can be reopened once, with the answer. */
export async function reopenRefund(
  input: BuyerInput & { jobs: JobQueue; text: string; evidenceIds?: string[] },
): Promise<void> {
  const { buyer, now } = input;
  try {
    await inTransaction(input.db, async (tx) => {
      const c = await findOwnCase(tx, input.refundNo, buyer);
      if (c.state === 'closed' && c.reopenCount >= MAX_REOPENS) throw new AppError('REFUND.REOPEN_LIMIT');
      const slaDeadline = resumedDeadline(c, now);
      const evidence = await attachCaseEvidence(tx, c, buyer, input.evidenceIds);
      await applyTransition(tx, c, {
        event: 'reopen',
        as: 'buyer',
        actor: buyer,
        reason: input.text,
        data: { evidence, slaDeadline: slaDeadline.toISOString() },
        set: { reopenCount: c.reopenCount + 1, slaDeadline, slaPausedAt: null, infoDeadline: null },
        ip: input.ip,
        now,
      });
      await scheduleCaseTimer(tx, input.jobs, c.id, slaDeadline, now);
    });
  } catch (err) {
    // Another case was opened on the order meanwhile: one open case per order.
    if (isUniqueViolation(err)) throw new AppError('REFUND.CASE_OPEN');
    throw err;
  }
}

/**
 * 手续费争议: the buyer says the fee is wrong. Before the decision a supervisor decides on the case
 * (and may waive the fee). After the refund, when the fee was kept, it opens a fee-dispute case on the
 * order — the policy quotes the fee kept, a supervisor decides, and a waiver pays it back through the
 * usual payout path — linked both ways with this one.
 */
export async function disputeFee(
  input: BuyerInput & { jobs: JobQueue; text: string; merchantHours: number },
): Promise<void> {
  try {
    await inTransaction(input.db, async (tx) => {
      const c = await findOwnCase(tx, input.refundNo, input.buyer);
      const after = c.state === 'refunded';
      if (!after && !UNDECIDED_STATES.includes(c.state))
        throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: c.state });
      if (c.feeFen <= 0 || c.feeDisputed) throw new AppError('REFUND.NO_FEE');
      const next = after
        ? await openCase(
            tx,
            {
              ...input,
              orderNo: await orderNoOf(tx, c.orderId),
              type: 'fee_dispute',
              description: input.text,
              feeDisputeOf: { id: c.id, refundNo: c.refundNo },
            },
            null,
          )
        : null;
      await recordAction(tx, c, {
        kind: after ? 'fee_dispute_filed' : 'dispute_fee',
        actor: input.buyer,
        reason: input.text,
        data: { feeFen: c.feeFen, ...(next ? { next: next.refundNo } : {}) },
        set: { feeDisputed: true },
        ip: input.ip,
        now: input.now,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('REFUND.CASE_OPEN');
    throw err;
  }
}

async function orderNoOf(tx: Db, orderId: number): Promise<string> {
  const [o] = await tx
    .select({ orderNo: shopOrder.orderNo })
    .from(shopOrder)
    .where(eq(shopOrder.id, orderId));
  return o!.orderNo;
}
