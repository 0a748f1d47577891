import { assertNever } from '../assert-never.ts';
import { BP_PER_WHOLE, clamp } from '../money/fen.ts';
import { mulDivRound, type Rounding } from '../money/rounding.ts';
import type { CompiledRule } from './compile.ts';
import type { DerivedFacts } from './derive.ts';
import type { OrderFacts } from './facts.ts';
import type { FeeLine, RefundOutcome } from './schema.ts';

export interface QuoteFee {
  readonly id: string;
  readonly kind: FeeLine['kind'];
  readonly labelZh: string;
  readonly labelEn: string;
  readonly amountFen: number;
}

/**
 * What the rule's outcome refunds before fees, never more than `available` (paid − refunded).
 * `rounding` is the policy's rule, applied once, to the pro-rata share.
 */
export function grossFor(
  outcome: Exclude<RefundOutcome, 'none'>,
  facts: OrderFacts,
  d: DerivedFacts,
  available: number,
  rounding: Rounding,
): number {
  switch (outcome) {
    case 'full':
      return available;
    case 'undelivered_share': {
      const share = mulDivRound(facts.paidFen, d.orderedUnits - d.arrivedUnits, d.orderedUnits, rounding);
      // The facts do not say what earlier refunds covered; counting them against the undelivered
      // share first means the same missing units are never paid out twice.
      return Math.min(Math.max(0, share - facts.refundedFen), available);
    }
    case 'charged_fees':
      return Math.min(facts.feesWithheldFen ?? 0, available);
    default:
      return assertNever(outcome, 'refund outcome');
  }
}

export interface FeeResult {
  readonly lines: readonly QuoteFee[];
  readonly totalFen: number;
  /** Fees the rule names were reduced or dropped because part of a virtual order never arrived. */
  readonly undeliveredWaived: boolean;
}

const NO_FEES: FeeResult = Object.freeze({ lines: Object.freeze([]), totalFen: 0, undeliveredWaived: false });

/**
 * Fee lines on a gross refund. For virtual goods a fee is charged only on the delivered share
 * (seed: "虚拟商品未发货却扣手续费" is unreasonable), folded into one division so rounding happens
 * once per line. The total never exceeds the gross, so the refund is never negative.
 */
export function feesFor(
  compiled: CompiledRule,
  d: DerivedFacts,
  grossFen: number,
  rounding: Rounding,
): FeeResult {
  const fees = compiled.fees;
  if (fees.length === 0 || grossFen === 0) return NO_FEES;
  let num = 1;
  let den = 1;
  let waived = false;
  if (d.virtual) {
    if (!d.delivered || compiled.rule.outcome.refund === 'undelivered_share') {
      return { lines: NO_FEES.lines, totalFen: 0, undeliveredWaived: true };
    }
    if (d.arrivedUnits < d.orderedUnits) {
      num = d.arrivedUnits;
      den = d.orderedUnits;
      waived = true;
    }
  }
  const lines: QuoteFee[] = [];
  let total = 0;
  for (const fee of fees) {
    const raw = mulDivRound(grossFen, fee.rateBp * num, BP_PER_WHOLE * den, rounding);
    const amount = Math.min(clamp(raw, fee.minFen, fee.maxFen), grossFen - total);
    total += amount;
    lines.push({ id: fee.id, kind: fee.kind, labelZh: fee.labelZh, labelEn: fee.labelEn, amountFen: amount });
  }
  return { lines, totalFen: total, undeliveredWaived: waived };
}
