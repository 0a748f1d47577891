import { addBusinessDays } from '../calendar/business-calendar.ts';
import { isFen } from '../money/fen.ts';
import { type FeeResult, feesFor, grossFor, type QuoteFee } from './amounts.ts';
import {
  bucketIndex,
  type CompiledPolicy,
  type CompiledRule,
  type PolicyInput,
  toCompiledPolicy,
} from './compile.ts';
import { conditionsHold, deriveFacts, factsAreUsable } from './derive.ts';
import type { OrderFacts, RefundRequest } from './facts.ts';
import type { DayRange, EvidenceRequirement } from './schema.ts';
import { type Reason, requestCappedReason, requestPartialReason, SYSTEM_REASONS } from './system-reasons.ts';
import { goodsClassOf } from './vocabulary.ts';

export interface Quote {
  readonly eligible: boolean;
  readonly policyVersion: number | null;
  /** The rule that decided, or an engine reason id such as ORDER-UNPAID. */
  readonly ruleId: string;
  /** What the buyer receives: grossFen minus the fee lines. 0 when not eligible. */
  readonly amountFen: number;
  readonly grossFen: number;
  readonly fees: readonly QuoteFee[];
  readonly requiredEvidence: readonly EvidenceRequirement[];
  /** Review deadline (审核时限), end of a business day in Asia/Shanghai; null when not eligible. */
  readonly slaDeadline: Date | null;
  readonly reviewDays: DayRange | null;
  /** Business days from approval to the money arriving, by payment channel; null when not eligible. */
  readonly arrivalEstimate: DayRange | null;
  /** The deciding rule first, then any adjustments (fees waived, request capped …). */
  readonly reasons: readonly Reason[];
  /** What would make a refused request eligible. */
  readonly hint?: { readonly zh: string; readonly en: string };
}

const EMPTY: readonly never[] = Object.freeze([]);

function refusal(
  p: CompiledPolicy,
  ruleId: string,
  reasons: readonly Reason[],
  hint?: { readonly zh: string; readonly en: string },
): Quote {
  const q = {
    eligible: false,
    policyVersion: p.version,
    ruleId,
    amountFen: 0,
    grossFen: 0,
    fees: EMPTY,
    requiredEvidence: EMPTY,
    slaDeadline: null,
    reviewDays: null,
    arrivalEstimate: null,
    reasons,
  };
  return hint === undefined ? q : { ...q, hint };
}

function firstMatch(p: CompiledPolicy, facts: OrderFacts, request: RefundRequest, now: Date) {
  const index = bucketIndex(facts.productKind, request.type);
  if (index < 0) return null;
  const derived = deriveFacts(facts, now);
  for (const candidate of p.buckets[index] ?? EMPTY) {
    if (conditionsHold(candidate.rule.when, derived)) return { candidate, derived };
  }
  return { candidate: null, derived };
}

/**
 * Eligibility, amount, fee lines, evidence, deadlines and reasons for a refund request, under one
 * policy, at `now`. Pure and total: bad data gives an INPUT-INVALID refusal, never an exception.
 * The amount never exceeds paidFen − refundedFen and is never negative.
 */
export function quote(policy: PolicyInput, facts: OrderFacts, request: RefundRequest, now: Date): Quote {
  const p = toCompiledPolicy(policy);
  const requested = request.requestedFen;
  if (!factsAreUsable(facts, now) || (requested !== undefined && (!isFen(requested) || requested === 0))) {
    return refusal(p, 'INPUT-INVALID', [SYSTEM_REASONS['INPUT-INVALID']]);
  }
  // An order that was never paid has nothing to refund; 'cancelled' alone does not say whether it was.
  if (facts.paidAt === null || facts.paidFen === 0 || facts.status === 'pending_payment') {
    return refusal(p, 'ORDER-UNPAID', [SYSTEM_REASONS['ORDER-UNPAID']]);
  }
  const available = facts.paidFen - facts.refundedFen;
  if (available <= 0) return refusal(p, 'ORDER-FULLY-REFUNDED', [SYSTEM_REASONS['ORDER-FULLY-REFUNDED']]);

  const match = firstMatch(p, facts, request, now);
  if (match === null) return refusal(p, 'INPUT-INVALID', [SYSTEM_REASONS['INPUT-INVALID']]);
  const { candidate, derived } = match;
  if (candidate === null) return refusal(p, 'NO-RULE', [SYSTEM_REASONS['NO-RULE']]);
  const rule = candidate.rule;
  const outcome = rule.outcome.refund;
  if (outcome === 'none') return refusal(p, rule.id, [candidate.reason], candidate.hint);

  const gross = grossFor(outcome, facts, derived, available, p.rounding);
  const fees = feesFor(candidate, derived, gross, p.rounding);
  return priced(p, facts, candidate, gross, fees, requested, now);
}

function priced(
  p: CompiledPolicy,
  facts: OrderFacts,
  candidate: CompiledRule,
  ruleGross: number,
  fees: FeeResult,
  requested: number | undefined,
  now: Date,
): Quote {
  const allowed = ruleGross - fees.totalFen;
  const reasons: Reason[] = [candidate.reason];
  if (fees.undeliveredWaived) reasons.push(SYSTEM_REASONS['FEES-UNDELIVERED-WAIVED']);
  if (allowed <= 0) {
    reasons.push(SYSTEM_REASONS['NOTHING-TO-REFUND']);
    return refusal(p, candidate.rule.id, reasons);
  }
  let amount = allowed;
  if (requested !== undefined && requested > allowed) {
    reasons.push(requestCappedReason(requested, allowed));
  } else if (requested !== undefined && requested < allowed) {
    // The buyer takes less; the fee lines stay as the rule sets them, so the quote still shows
    // exactly what the platform withholds.
    amount = requested;
    reasons.push(requestPartialReason(requested, allowed));
  }
  const cls = goodsClassOf(facts.productKind);
  const reviewDays = p.doc.sla[cls];
  return {
    eligible: true,
    policyVersion: p.version,
    ruleId: candidate.rule.id,
    amountFen: amount,
    grossFen: amount + fees.totalFen,
    fees: fees.lines,
    requiredEvidence: candidate.rule.evidence,
    slaDeadline: addBusinessDays(p.calendar, now, reviewDays.maxDays),
    reviewDays,
    arrivalEstimate: p.doc.arrival[facts.channel],
    reasons,
  };
}
