import { addBusinessDays, yearsWithoutHolidays } from '../calendar/business-calendar.ts';
import { isFen } from '../money/fen.ts';
import { feesFor, grossFor, type QuoteFee } from './amounts.ts';
import { bucketIndex, type CompiledPolicy, type PolicyInput, toCompiledPolicy } from './compile.ts';
import { conditionsHold, deriveFacts, factsAreUsable } from './derive.ts';
import type { OrderFacts, RefundRequest } from './facts.ts';
import type { DayRange, EvidenceRequirement } from './schema.ts';
import { type Reason, requestCappedReason, requestPartialReason, SYSTEM_REASONS } from './system-reasons.ts';
import { type PartKind, partLabel, type SplitResult, splitOrder, type UnitPart } from './units.ts';
import { goodsClassOf, type RefundType } from './vocabulary.ts';

export interface QuotePart {
  readonly kind: PartKind;
  readonly units: number;
  /** The share of the payment these units stand for. */
  readonly worthFen: number;
  readonly eligible: boolean;
  readonly ruleId: string;
  /** What these units give back after their fee lines; 0 when not eligible. */
  readonly amountFen: number;
  readonly grossFen: number;
  readonly fees: readonly QuoteFee[];
  readonly reasons: readonly Reason[];
  readonly hint?: { readonly zh: string; readonly en: string };
}

export interface Quote {
  readonly eligible: boolean;
  readonly policyVersion: number | null;
  /** The rule that decided (the first eligible part's), or an engine reason id such as ORDER-UNPAID. */
  readonly ruleId: string;
  /** What the buyer receives: grossFen minus the fee lines. 0 when not eligible. */
  readonly amountFen: number;
  readonly grossFen: number;
  readonly fees: readonly QuoteFee[];
  readonly requiredEvidence: readonly EvidenceRequirement[];
  /** Review deadline (审核时限), end of a business day in Asia/Shanghai; null when not eligible. */
  readonly slaDeadline: Date | null;
  /** Years the review deadline runs into whose holidays are not in the calendar (it may be off). */
  readonly calendarGapYears: readonly number[];
  readonly reviewDays: DayRange | null;
  /** Business days from approval to the money arriving, by payment channel; null when not eligible. */
  readonly arrivalEstimate: DayRange | null;
  /** The deciding rule first, then any adjustments (fees waived, request capped …). */
  readonly reasons: readonly Reason[];
  /** What would make a refused request eligible. */
  readonly hint?: { readonly zh: string; readonly en: string };
  /** The order's units as quoted: per key for card keys, one part otherwise. Empty on a refusal
   * decided before any rule (unpaid, fully refunded, bad input). */
  readonly parts: readonly QuotePart[];
}

const EMPTY: readonly never[] = Object.freeze([]);
type Hint = { readonly zh: string; readonly en: string };

function refusal(
  p: CompiledPolicy,
  ruleId: string,
  reasons: readonly Reason[],
  hint?: Hint,
  parts: readonly QuotePart[] = EMPTY,
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
    calendarGapYears: EMPTY,
    reviewDays: null,
    arrivalEstimate: null,
    reasons,
    parts,
  };
  return hint === undefined ? q : { ...q, hint };
}

function firstMatch(p: CompiledPolicy, facts: OrderFacts, type: RefundType, now: Date) {
  const index = bucketIndex(facts.productKind, type);
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
 * The amount never exceeds paidFen − refundedFen − feesWithheldFen (a fee dispute: paidFen −
 * refundedFen, since what it gives back is the fee kept) and is never negative. A card-key order is
 * quoted key by key (see units.ts); the parts' amounts add up.
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
  const feeDispute = request.type === 'fee_dispute';
  const kept = facts.feesWithheldFen ?? 0;
  const available = facts.paidFen - facts.refundedFen - (feeDispute ? 0 : kept);
  if (available <= 0) return refusal(p, 'ORDER-FULLY-REFUNDED', [SYSTEM_REASONS['ORDER-FULLY-REFUNDED']]);

  // A fee dispute is about the order's fees as a whole, never about some of its units.
  const split: SplitResult = feeDispute
    ? { ok: true, parts: [{ kind: 'order', units: facts.delivery.orderedUnits, facts }] }
    : splitOrder(facts, request, p.rounding);
  if (!split.ok) {
    return split.why === 'empty'
      ? refusal(p, 'NO-ITEMS', [SYSTEM_REASONS['NO-ITEMS']])
      : refusal(p, 'INPUT-INVALID', [SYSTEM_REASONS['INPUT-INVALID']]);
  }
  const priced: PricedPart[] = [];
  for (const unit of split.parts) {
    const q = quotePart(p, unit, request.type, now);
    if (q === null) return refusal(p, 'INPUT-INVALID', [SYSTEM_REASONS['INPUT-INVALID']]);
    priced.push(q);
  }
  return combine(p, facts, priced, available, requested, now);
}

type PricedPart = { readonly part: QuotePart; readonly evidence: readonly EvidenceRequirement[] };

/** One part under the first rule whose conditions hold for it; null on data no rule can read. */
function quotePart(p: CompiledPolicy, unit: UnitPart, type: RefundType, now: Date): PricedPart | null {
  const match = firstMatch(p, unit.facts, type, now);
  if (match === null) return null;
  const base = { kind: unit.kind, units: unit.units, worthFen: unit.facts.paidFen };
  const refused = (ruleId: string, reasons: readonly Reason[], hint?: Hint): PricedPart => ({
    part: {
      ...base,
      eligible: false,
      ruleId,
      amountFen: 0,
      grossFen: 0,
      fees: EMPTY,
      reasons,
      ...(hint === undefined ? {} : { hint }),
    },
    evidence: EMPTY,
  });
  const { candidate, derived } = match;
  if (candidate === null) return refused('NO-RULE', [SYSTEM_REASONS['NO-RULE']]);
  const outcome = candidate.rule.outcome.refund;
  if (outcome === 'none') return refused(candidate.rule.id, [candidate.reason], candidate.hint);
  const unitAvailable = unit.facts.paidFen - unit.facts.refundedFen;
  const gross = grossFor(outcome, unit.facts, derived, unitAvailable, p.rounding);
  const fees = feesFor(candidate, derived, gross, p.rounding);
  const reasons: Reason[] = [candidate.reason];
  if (fees.undeliveredWaived) reasons.push(SYSTEM_REASONS['FEES-UNDELIVERED-WAIVED']);
  const amount = gross - fees.totalFen;
  if (amount <= 0) return refused(candidate.rule.id, [...reasons, SYSTEM_REASONS['NOTHING-TO-REFUND']]);
  return {
    part: {
      ...base,
      eligible: true,
      ruleId: candidate.rule.id,
      amountFen: amount,
      grossFen: gross,
      fees: fees.lines,
      reasons,
    },
    evidence: candidate.rule.evidence,
  };
}

/** A part's reasons, named by the part when a quote has several. */
function labelled(parts: readonly QuotePart[]): Reason[] {
  if (parts.length === 1) return [...parts[0]!.reasons];
  return parts.flatMap((part) => {
    const label = partLabel(part.kind, part.units);
    return part.reasons.map((r) => ({
      ruleId: r.ruleId,
      textZh: `【${label.zh}】${r.textZh}`,
      textEn: `[${label.en}] ${r.textEn}`,
    }));
  });
}

/** Fee lines of several parts, one line per fee id. */
function mergeFees(parts: readonly QuotePart[]): QuoteFee[] {
  const byId = new Map<string, QuoteFee>();
  for (const part of parts) {
    for (const fee of part.fees) {
      const seen = byId.get(fee.id);
      byId.set(fee.id, seen ? { ...seen, amountFen: seen.amountFen + fee.amountFen } : fee);
    }
  }
  return [...byId.values()];
}

/** Evidence the eligible parts ask for, one entry per kind (the larger minimum). */
function mergeEvidence(lists: readonly (readonly EvidenceRequirement[])[]): EvidenceRequirement[] {
  const byKind = new Map<string, EvidenceRequirement>();
  for (const list of lists) {
    for (const e of list) {
      const seen = byKind.get(e.kind);
      if (!seen || e.min > seen.min) byKind.set(e.kind, e);
    }
  }
  return [...byKind.values()];
}

function combine(
  p: CompiledPolicy,
  facts: OrderFacts,
  priced: readonly PricedPart[],
  available: number,
  requested: number | undefined,
  now: Date,
): Quote {
  // Eligible parts first, so the first reason is the deciding rule's, as for a one-part quote.
  const parts = [...priced.map((x) => x.part)].sort((a, b) => Number(b.eligible) - Number(a.eligible));
  const eligible = parts.filter((x) => x.eligible);
  const reasons = labelled(parts);
  if (eligible.length === 0) {
    const hint = parts.find((x) => x.hint !== undefined)?.hint;
    return refusal(p, parts[0]!.ruleId, reasons, hint, parts);
  }
  const fees = mergeFees(eligible);
  const feeTotal = fees.reduce((sum, f) => sum + f.amountFen, 0);
  // The parts never add up to more than is left, by construction; the cap says so in code too.
  const allowed = Math.min(
    eligible.reduce((sum, x) => sum + x.amountFen, 0),
    available - feeTotal,
  );
  if (allowed <= 0) return refusal(p, eligible[0]!.ruleId, [...reasons, SYSTEM_REASONS['NOTHING-TO-REFUND']]);
  let amount = allowed;
  if (requested !== undefined && requested > allowed) {
    reasons.push(requestCappedReason(requested, allowed));
  } else if (requested !== undefined && requested < allowed) {
    // The buyer takes less; the fee lines stay as the rules set them, so the quote still shows
    // exactly what the platform withholds.
    amount = requested;
    reasons.push(requestPartialReason(requested, allowed));
  }
  const reviewDays = p.doc.sla[goodsClassOf(facts.productKind)];
  const slaDeadline = addBusinessDays(p.calendar, now, reviewDays.maxDays);
  return {
    eligible: true,
    policyVersion: p.version,
    ruleId: eligible[0]!.ruleId,
    amountFen: amount,
    grossFen: amount + feeTotal,
    fees,
    requiredEvidence: mergeEvidence(priced.filter((x) => x.part.eligible).map((x) => x.evidence)),
    slaDeadline,
    calendarGapYears: yearsWithoutHolidays(p.calendar, now, slaDeadline),
    reviewDays,
    arrivalEstimate: p.doc.arrival[facts.channel],
    reasons,
    parts,
  };
}
