import { assertNever } from '../assert-never.ts';

/** How a quotient that is not a whole number of fen becomes one. Set once in the policy. */
export const ROUNDING_MODES = ['half_up', 'floor', 'ceil', 'half_even'] as const;
export type Rounding = (typeof ROUNDING_MODES)[number];

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * round(numerator / denominator) for a non-negative safe-integer numerator and a positive
 * safe-integer denominator, exactly. Float division alone can be off by one near 2^53, so the
 * remainder is recomputed and the quotient corrected.
 */
export function divRound(numerator: number, denominator: number, rounding: Rounding): number {
  let q = Math.floor(numerator / denominator);
  let r = numerator - q * denominator;
  if (r < 0) {
    q -= 1;
    r += denominator;
  } else if (r >= denominator) {
    q += 1;
    r -= denominator;
  }
  return q + roundUpStep(r, denominator, q % 2 === 1, rounding);
}

/** Whether to add one to the truncated quotient, given remainder r of divisor d. */
function roundUpStep(r: number, d: number, qIsOdd: boolean, rounding: Rounding): 0 | 1 {
  if (r === 0) return 0;
  switch (rounding) {
    case 'floor':
      return 0;
    case 'ceil':
      return 1;
    case 'half_up':
      // r >= d / 2 without a fractional intermediate
      return r >= d - r ? 1 : 0;
    case 'half_even':
      if (r > d - r) return 1;
      if (r < d - r) return 0;
      return qIsOdd ? 1 : 0;
    default:
      return assertNever(rounding, 'rounding');
  }
}

/**
 * round(a * b / d) with one rounding. a, b >= 0 and d > 0 are safe integers. The product usually fits
 * in a double exactly; when it does not (amounts near 2^53), BigInt keeps the result exact rather
 * than silently losing fen.
 */
export function mulDivRound(a: number, b: number, d: number, rounding: Rounding): number {
  const product = a * b;
  if (product <= MAX) return divRound(product, d, rounding);
  const n = BigInt(a) * BigInt(b);
  const bd = BigInt(d);
  const q = n / bd;
  const r = n - q * bd;
  const step = roundUpStepBig(r, bd, q % 2n === 1n, rounding);
  return Number(q + step);
}

function roundUpStepBig(r: bigint, d: bigint, qIsOdd: boolean, rounding: Rounding): bigint {
  if (r === 0n) return 0n;
  switch (rounding) {
    case 'floor':
      return 0n;
    case 'ceil':
      return 1n;
    case 'half_up':
      return r >= d - r ? 1n : 0n;
    case 'half_even':
      if (r > d - r) return 1n;
      if (r < d - r) return 0n;
      return qIsOdd ? 1n : 0n;
    default:
      return assertNever(rounding, 'rounding');
  }
}
