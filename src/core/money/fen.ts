import { mulDivRound, type Rounding } from './rounding.ts';

/**
 * An amount of money in fen (分, 1/100 yuan): a non-negative safe integer. Floats never carry money
 * in Kameng; a fractional fen can only appear inside a division, and is rounded there, once.
 */
export type Fen = number;

/** 10000 basis points = 100%. Rates are integers so a percentage never becomes a float. */
export const BP_PER_WHOLE = 10_000;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Throws on anything that is not a fen amount: reaching here with one is a bug, not user input. */
export function assertFen(value: unknown, label = 'amount'): asserts value is Fen {
  if (!isFen(value)) {
    throw new RangeError(`${label} must be a non-negative safe integer of fen, got ${String(value)}`);
  }
}

function assertCount(value: number, label: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${label} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/**
 * totalFen * numerator / denominator, rounded once. The share can never exceed the total because
 * numerator <= denominator is required — a share "larger than everything" is a caller bug.
 */
export function prorate(totalFen: Fen, numerator: number, denominator: number, rounding: Rounding): Fen {
  assertFen(totalFen, 'totalFen');
  assertCount(numerator, 'numerator');
  assertCount(denominator, 'denominator');
  if (denominator === 0) throw new RangeError('denominator must be positive');
  if (numerator > denominator) throw new RangeError('numerator must not exceed denominator');
  return mulDivRound(totalFen, numerator, denominator, rounding);
}

/** amountFen * rateBp / 10000, rounded once. 500 bp of 10000 fen is 500 fen. */
export function applyRateBp(amountFen: Fen, rateBp: number, rounding: Rounding): Fen {
  assertFen(amountFen, 'amountFen');
  assertCount(rateBp, 'rateBp');
  if (rateBp > BP_PER_WHOLE) throw new RangeError('rateBp must not exceed 10000');
  return mulDivRound(amountFen, rateBp, BP_PER_WHOLE, rounding);
}

/** Bounds a computed fee by a fee line's minimum and optional maximum. */
export function clamp(valueFen: Fen, minFen: Fen, maxFen?: Fen): Fen {
  if (valueFen < minFen) return minFen;
  if (maxFen !== undefined && valueFen > maxFen) return maxFen;
  return valueFen;
}

/** '20.00' for 2000 fen; integer arithmetic so 0.1 + 0.2 never shows up on a receipt. */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a fen amount: ${String(fen)}`);
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs - yuan * 100;
  return `${fen < 0 ? '-' : ''}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** '5%' for 500 bp, '0.6%' for 60 bp — for labels, never for arithmetic. */
export function formatRateBp(rateBp: number): string {
  assertCount(rateBp, 'rateBp');
  const whole = Math.floor(rateBp / 100);
  const frac = rateBp - whole * 100;
  if (frac === 0) return `${whole}%`;
  const digits = frac < 10 ? `0${frac}` : `${frac}`;
  return `${whole}.${digits.endsWith('0') ? digits.slice(0, 1) : digits}%`;
}
