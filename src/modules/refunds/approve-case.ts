import type { CaseActor } from '../../core/refunds/case-machine.ts';
import { decisionAmounts } from '../../core/refunds/requote.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { takeBackKeys } from '../orders/take-back-keys.ts';
import { requestReturn, returnTermsOfApproval } from '../returns/request-return.ts';
import { applyTransition, checkTransition, type TransitionInput } from './apply-transition.ts';
import type { CaseEventJson } from './case-view.ts';
import type { CaseRow, DecisionFacts } from './find-case.ts';
import { handOverToPayout } from './payout-handover.ts';
import { requoteCase } from './requote-case.ts';
import type { refundCase } from './schema.ts';

export type Approval = {
  event: 'approve' | 'merchant_agree' | 'express_approve';
  as: CaseActor;
  /** Null for the system (an express approval). */
  actor: Actor | null;
  expectedVersion?: number;
  /** Less than the quote, for a partial approval; absent: the quote's amount. */
  amountFen?: number;
  /** The amount the decider saw quoted on today's facts; absent: the one the case was submitted with. */
  quotedFen?: number;
  note?: string;
  set?: Partial<typeof refundCase.$inferInsert>;
  ip: string;
  now: Date;
  /** The order, its keys and the policy in force, when read with the case (findCaseToDecide). */
  facts?: DecisionFacts;
  /** Collects the timeline rows the approval writes (see TransitionInput). */
  written?: CaseEventJson[];
};

/**
 * Approves on today's facts, in the caller's transaction: the quote is re-run (a key revealed, a
 * delivery, a policy change since submission) and the decision must have been taken on it — a
 * decider who saw another amount gets REFUND.QUOTE_CHANGED with both and why, never a silent payout of
 * the old one. The keys the approved parts cover are taken back at once (the buyer can no longer see
 * them), and the case goes to payout — or, for goods the policy wants back, waits for them first.
 */
export async function approveOnTodaysFacts(
  tx: Db,
  jobs: JobQueue,
  c: CaseRow,
  a: Approval,
): Promise<CaseRow> {
  checkTransition(c, a);
  const { quote: q, change, keys } = await requoteCase(tx, c, a.now, a.facts);
  const why = { beforeFen: c.amountFen, reasons: change.reasons, ruleId: q.ruleId };
  if (!q.eligible) throw new AppError('REFUND.NO_LONGER_ELIGIBLE', why);
  const { amountFen: allowed, feeFen } = decisionAmounts(q, c.feeWaivedFen > 0);
  const seen = a.quotedFen ?? c.amountFen;
  if (seen !== allowed || (a.quotedFen === undefined && change.changed))
    throw new AppError('REFUND.QUOTE_CHANGED', { ...why, nowFen: allowed });
  const amount = a.amountFen ?? allowed;
  if (amount > allowed) throw new AppError('REFUND.AMOUNT_EXCEEDS_ALLOWED', { maxFen: allowed });
  const partOk = (kind: string) => q.parts.some((p) => p.kind === kind && p.eligible);
  const taken = keys.filter((k) => partOk(k.revealed ? 'keys_revealed' : 'keys_unrevealed'));
  // 退货寄回: physical goods the policy wants back wait for them before payout (see returns/).
  const returnTerms = await returnTermsOfApproval(tx, c, a.facts?.order.productKind);
  const approval: TransitionInput = {
    event: a.event,
    as: a.as,
    actor: a.actor,
    expectedVersion: a.expectedVersion,
    reason: a.note,
    data: {
      approvedFen: amount,
      cardKeys: taken.length,
      ...(change.changed ? { requote: { ...why, nowFen: allowed, policyVersion: q.policyVersion } } : {}),
    },
    set: {
      ...a.set,
      approvedFen: amount,
      amountFen: allowed,
      feeFen,
      ...(returnTerms ? { returnPostageBy: returnTerms.postagePaidBy } : {}),
      ...(change.changed ? { quote: { ...q, slaDeadline: q.slaDeadline?.toISOString() ?? null } } : {}),
    },
    ip: a.ip,
    now: a.now,
    written: a.written,
  };
  const moved = returnTerms
    ? await applyTransition(tx, c, approval)
    : await handOverToPayout(tx, jobs, c, approval);
  await takeBackKeys(tx, { orderId: c.orderId, caseId: c.id, refundNo: c.refundNo, keys: taken, now: a.now });
  return returnTerms ? requestReturn(tx, jobs, moved, returnTerms, a.now, a.written) : moved;
}
