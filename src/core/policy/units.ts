import { assertNever } from '../assert-never.ts';
import { mulDivRound, type Rounding } from '../money/rounding.ts';
import type { OrderFacts, RefundRequest } from './facts.ts';

/**
 * The parts an order is quoted in. A card-key order (or a membership delivered as keys) is quoted
 * per key: the keys the buyer still holds and never revealed can be taken back and resold, the
 * revealed ones follow the "used" rules, and units never issued are undelivered — one revealed key
 * must not block the refund of the others. Every other order is one part.
 */
export const PART_KINDS = ['order', 'keys_unrevealed', 'keys_revealed', 'not_issued'] as const;
export type PartKind = (typeof PART_KINDS)[number];

export interface UnitPart {
  readonly kind: PartKind;
  readonly units: number;
  /** The facts the rules read for this part alone: its share of the payment and of what is consumed. */
  readonly facts: OrderFacts;
}

export type SplitResult =
  | { readonly ok: true; readonly parts: readonly UnitPart[] }
  | { readonly ok: false; readonly why: 'invalid' | 'empty' };

/** Whether the order is quoted key by key. */
export function isKeyed(f: OrderFacts): boolean {
  return (f.productKind === 'card_key' || f.productKind === 'membership') && f.delivery.keysIssued > 0;
}

/**
 * Splits the order into parts, each with its share of what was paid (shares add up to paidFen;
 * rounding by the policy's rule, once per boundary) and its share of the money already consumed.
 * Consumed = refunded + fees kept; what the keys taken back by earlier refunds were worth is set
 * against it first, the rest (refunds that covered no key) is taken from the covered parts in the
 * order units never issued, unrevealed keys, revealed keys — so no unit is paid for twice.
 */
export function splitOrder(f: OrderFacts, request: RefundRequest, rounding: Rounding): SplitResult {
  const kept = f.feesWithheldFen ?? 0;
  if (!isKeyed(f)) {
    return {
      ok: true,
      parts: [
        {
          kind: 'order',
          units: f.delivery.orderedUnits,
          facts: { ...f, refundedFen: f.refundedFen + kept },
        },
      ],
    };
  }
  const d = f.delivery;
  const refundedKeys = Math.min(d.keysRefunded ?? 0, d.keysIssued);
  const held = d.keysIssued - refundedKeys;
  const revealed = Math.min(d.keysRevealed, held);
  const unrevealed = held - revealed;
  const total = Math.max(d.orderedUnits, d.keysIssued);
  const notIssued = total - d.keysIssued;
  const chosen = request.keys ?? { unrevealed, revealed };
  if (
    !wholeCount(chosen.unrevealed) ||
    !wholeCount(chosen.revealed) ||
    chosen.unrevealed > unrevealed ||
    chosen.revealed > revealed
  ) {
    return { ok: false, why: 'invalid' };
  }
  // Unit positions: refunded keys, then revealed, unrevealed, never issued. A part's worth is the
  // share of its span, so the parts' worths add up to exactly what was paid.
  const boundary = (units: number) => mulDivRound(f.paidFen, units, total, rounding);
  const worth = (from: number, count: number) => boundary(from + count) - boundary(from);
  let extra = Math.max(0, f.refundedFen + kept - boundary(refundedKeys));
  const spans: { kind: PartKind; from: number; count: number }[] = [
    { kind: 'not_issued', from: refundedKeys + held, count: notIssued },
    { kind: 'keys_unrevealed', from: refundedKeys + revealed, count: chosen.unrevealed },
    { kind: 'keys_revealed', from: refundedKeys, count: chosen.revealed },
  ];
  const parts: UnitPart[] = [];
  for (const span of spans) {
    if (span.count === 0) continue;
    const paid = worth(span.from, span.count);
    const consumed = Math.min(extra, paid);
    extra -= consumed;
    parts.push({
      kind: span.kind,
      units: span.count,
      facts: partFacts(f, span.kind, span.count, paid, consumed),
    });
  }
  return parts.length === 0 ? { ok: false, why: 'empty' } : { ok: true, parts };
}

function partFacts(f: OrderFacts, kind: PartKind, units: number, paid: number, consumed: number): OrderFacts {
  const keys = kind === 'not_issued' ? 0 : units;
  return {
    ...f,
    paidFen: paid,
    refundedFen: consumed,
    feesWithheldFen: 0,
    quantity: units,
    delivery: {
      ...f.delivery,
      keysIssued: keys,
      keysRevealed: kind === 'keys_revealed' ? units : 0,
      keysRefunded: 0,
      orderedUnits: units,
      arrivedUnits: keys,
    },
  };
}

const wholeCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** What a part is called where a quote lists several. */
export function partLabel(kind: PartKind, units: number): { zh: string; en: string } {
  switch (kind) {
    case 'keys_unrevealed':
      return { zh: `${units} 张未提取的卡密`, en: `${units} unrevealed key${units === 1 ? '' : 's'}` };
    case 'keys_revealed':
      return { zh: `${units} 张已提取的卡密`, en: `${units} revealed key${units === 1 ? '' : 's'}` };
    case 'not_issued':
      return { zh: `${units} 件未发放`, en: `${units} unit${units === 1 ? '' : 's'} never issued` };
    case 'order':
      return { zh: '整单', en: 'the order' };
    default:
      return assertNever(kind, 'part kind');
  }
}
