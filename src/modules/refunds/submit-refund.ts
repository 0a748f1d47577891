import { and, eq, inArray, sql } from 'drizzle-orm';
import { formatOrderNo } from '../../core/orders/order-no.ts';
import { factsToJson, quote, type RefundRequest, type RefundType } from '../../core/policy/index.ts';
import { casePriority } from '../../core/refunds/case-actions.ts';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { checkDescription } from '../../core/refunds/description.ts';
import { writeAudit } from '../../platform/audit.ts';
import { isUniqueViolation } from '../../platform/db/pg-errors.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { findVisibleOrder } from '../orders/find-order.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { chooseKeys, readOrderFacts } from '../policy/order-facts.ts';
import { notifyCase } from './apply-transition.ts';
import { attachCaseEvidence } from './case-evidence.ts';
import { addCaseEvent } from './events.ts';
import { refundCase, refundNoSeq } from './schema.ts';

export type SubmitResult = { refundNo: string; missing: string[] };

export type SubmitInput = {
  db: Db;
  jobs: JobQueue;
  buyer: Actor;
  orderNo: string;
  type: RefundType;
  description: string;
  requestedFen?: number;
  /** The card keys the refund covers (ids of keys the buyer still holds); absent: all of them. */
  cardKeyIds?: number[];
  evidenceIds?: string[];
  /** A fee dispute opened from a refunded case: that case. */
  feeDisputeOf?: number;
  /** Hours the merchant has to agree or object. */
  merchantHours: number;
  ip: string;
  now: Date;
};

/**
 * Opens a refund case on the buyer's order. Under the order's row lock: the description must say
 * what happened; no other case may be open on the order (also a partial unique index, for races);
 * the policy in force must allow it. The quoted amount is reserved on the case, so cases plus
 * refunds can never promise more than was paid. The keys it covers are recorded on it (the ones the
 * buyer chose, or all still held), which locks the unrevealed ones until the case ends. What the
 * engine read is kept for the what-if simulation. The refund number comes back at once.
 */
export async function submitRefund(input: SubmitInput): Promise<SubmitResult> {
  try {
    return await inTransaction(input.db, (tx) => openCase(tx, input, null));
  } catch (err) {
    // Two tabs racing past the check: the partial unique index lets one case through.
    if (isUniqueViolation(err)) throw new AppError('REFUND.CASE_OPEN');
    throw err;
  }
}

/** The case a resubmission continues (after a rejection). */
export type PreviousCase = { id: number; resubmitCount: number };

/** Opens the case in the caller's transaction (submit, or resubmit after a rejection). */
export async function openCase(
  tx: Db,
  input: SubmitInput,
  previous: PreviousCase | null,
): Promise<SubmitResult> {
  const { buyer, now } = input;
  const order = await findVisibleOrder(tx, input.orderNo, buyer, { forUpdate: true });
  if (order.buyerId !== buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
  const check = checkDescription(input.description, order.orderNo);
  if (check.vague) throw new AppError('REFUND.DESCRIPTION_VAGUE', { missing: check.missing });
  const [open] = await tx
    .select({ refundNo: refundCase.refundNo })
    .from(refundCase)
    .where(and(eq(refundCase.orderId, order.id), inArray(refundCase.state, [...OPEN_STATES])));
  if (open) throw new AppError('REFUND.CASE_OPEN', { refundNo: open.refundNo });
  const policy = await currentPolicy(tx);
  const { facts, keys } = await readOrderFacts(tx, order);
  // A fee dispute is about the order's fees, not its goods: it covers (and locks) no key.
  const feeDispute = input.type === 'fee_dispute';
  const chosen = feeDispute ? { ids: [], selection: undefined } : chooseKeys(keys, input.cardKeyIds);
  const request: RefundRequest = {
    type: input.type,
    ...(input.requestedFen === undefined ? {} : { requestedFen: input.requestedFen }),
    ...(chosen.selection === undefined ? {} : { keys: chosen.selection }),
  };
  const q = quote(policy.compiled, facts, request, now);
  if (!q.eligible || !q.slaDeadline) {
    throw new AppError('REFUND.NOT_ELIGIBLE', { ruleId: q.ruleId, reasons: q.reasons, hint: q.hint ?? null });
  }
  const seq = Number(
    (await tx.execute<{ seq: number }>(sql`SELECT nextval(${refundNoSeq.seqName}) AS seq`)).rows[0]!.seq,
  );
  const refundNo = `R${formatOrderNo(now, seq)}`;
  const merchantDeadline = new Date(now.getTime() + input.merchantHours * 3_600_000);
  const [row] = await tx
    .insert(refundCase)
    .values({
      refundNo,
      orderId: order.id,
      buyerId: order.buyerId,
      merchantId: order.merchantId,
      type: input.type,
      description: input.description.trim(),
      requestedFen: input.requestedFen ?? null,
      amountFen: q.amountFen,
      feeFen: q.fees.reduce((s, f) => s + f.amountFen, 0),
      policyVersion: policy.version,
      quote: { ...q, slaDeadline: q.slaDeadline.toISOString() },
      quoteInput: { facts: factsToJson(facts), request },
      cardKeyIds: chosen.ids,
      slaDeadline: q.slaDeadline,
      merchantDeadline,
      // The rule says a supervisor reviews a fee dispute: it goes to their queue from the start.
      ...(feeDispute
        ? { escalated: true, escalatedAt: now, priority: casePriority({ escalated: true, urgeCount: 0 }) }
        : {}),
      previousCaseId: previous?.id ?? null,
      feeDisputeOf: input.feeDisputeOf ?? null,
      resubmitCount: previous ? previous.resubmitCount + 1 : 0,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const c = row!;
  const evidence = await attachCaseEvidence(tx, c, buyer, input.evidenceIds);
  await addCaseEvent(tx, {
    caseId: c.id,
    kind: previous ? 'resubmit' : 'submit',
    fromState: null,
    toState: 'submitted',
    actorId: buyer.userId,
    actorRole: buyer.role,
    data: {
      type: input.type,
      amountFen: q.amountFen,
      ruleId: q.ruleId,
      policyVersion: policy.version,
      evidence,
    },
    at: now,
  });
  await writeAudit(tx, {
    actorId: buyer.userId,
    actorRole: buyer.role,
    ip: input.ip,
    action: previous ? 'refund.resubmit' : 'refund.submit',
    subject: `refund:${refundNo}`,
  });
  await notifyCase(tx, c, 'submit', null, now);
  // The SLA deadline and the merchant's window are stored on the row and found by the minute sweep
  // (partial indexes), which keeps submission cheap; rarer deadlines get a job of their own.
  return { refundNo, missing: check.missing };
}
