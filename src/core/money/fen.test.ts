import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRateBp, assertFen, clamp, formatRateBp, formatYuan, isFen, prorate } from './fen.ts';
import { ROUNDING_MODES, type Rounding } from './rounding.ts';

const rounding = fc.constantFrom<Rounding>(...ROUNDING_MODES);
const fen = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

describe('assertFen / isFen', () => {
  it('accepts non-negative safe integers', () => {
    expect(isFen(0)).toBe(true);
    expect(isFen(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(() => assertFen(2000)).not.toThrow();
  });
  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '100', null])('rejects %s', (v) => {
    expect(isFen(v)).toBe(false);
    expect(() => assertFen(v, 'paidFen')).toThrow(/paidFen/);
  });
});

describe('prorate', () => {
  it('refunds the undelivered 20 of a 50 yuan top-up as 2000 fen', () => {
    expect(prorate(5000, 20, 50, 'half_up')).toBe(2000);
  });
  it('applies each rounding rule to a third', () => {
    expect(prorate(100, 1, 3, 'floor')).toBe(33);
    expect(prorate(100, 1, 3, 'ceil')).toBe(34);
    expect(prorate(100, 1, 3, 'half_up')).toBe(33);
    expect(prorate(200, 1, 3, 'half_up')).toBe(67);
  });
  it('breaks exact halves by the rule', () => {
    expect(prorate(5, 1, 2, 'half_up')).toBe(3);
    expect(prorate(5, 1, 2, 'half_even')).toBe(2);
    expect(prorate(7, 1, 2, 'half_even')).toBe(4);
    expect(prorate(5, 1, 2, 'floor')).toBe(2);
    expect(prorate(5, 1, 2, 'ceil')).toBe(3);
  });
  it('stays exact when the product passes 2^53', () => {
    expect(prorate(Number.MAX_SAFE_INTEGER, 2, 3, 'floor')).toBe(6004799503160660);
    expect(prorate(Number.MAX_SAFE_INTEGER, 999_999, 1_000_000, 'floor')).toBe(9007190247541736);
  });
  it('throws on caller bugs', () => {
    expect(() => prorate(100, 4, 3, 'floor')).toThrow(RangeError);
    expect(() => prorate(100, 1, 0, 'floor')).toThrow(RangeError);
    expect(() => prorate(-1, 1, 2, 'floor')).toThrow(RangeError);
    expect(() => prorate(100, 0.5, 2, 'floor')).toThrow(RangeError);
  });
  it('never exceeds the total and is never negative', () => {
    fc.assert(
      fc.property(fen, fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), rounding, (total, den, k, r) => {
        const num = k % (den + 1);
        const share = prorate(total, num, den, r);
        expect(Number.isSafeInteger(share)).toBe(true);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(total);
      }),
    );
  });
  it('is exact for divisible inputs under every rounding rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.nat(),
        rounding,
        (unit, den, k, r) => {
          const num = k % (den + 1);
          expect(prorate(unit * den, num, den, r)).toBe(unit * num);
        },
      ),
    );
  });
  it('differs from the exact quotient by less than one fen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 1e4 }),
        fc.nat(),
        rounding,
        (t, d, k, r) => {
          const n = k % (d + 1);
          expect(Math.abs(prorate(t, n, d, r) * d - t * n)).toBeLessThan(d);
        },
      ),
    );
  });
  it('keeps floor <= half_even, half_up <= ceil', () => {
    fc.assert(
      fc.property(fen, fc.integer({ min: 1, max: 1e6 }), fc.nat(), (t, d, k) => {
        const n = k % (d + 1);
        const f = prorate(t, n, d, 'floor');
        const c = prorate(t, n, d, 'ceil');
        expect(c - f).toBeLessThanOrEqual(1);
        for (const m of ['half_up', 'half_even'] as const) {
          const v = prorate(t, n, d, m);
          expect(v >= f && v <= c).toBe(true);
        }
      }),
    );
  });
});

describe('applyRateBp and clamp', () => {
  it('takes 5% of 100 yuan as 500 fen', () => {
    expect(applyRateBp(10_000, 500, 'half_up')).toBe(500);
  });
  it('rounds once', () => {
    expect(applyRateBp(999, 500, 'half_up')).toBe(50); // 49.95
    expect(applyRateBp(999, 500, 'floor')).toBe(49);
    expect(applyRateBp(10, 2500, 'half_even')).toBe(2); // 2.5 -> 2
  });
  it('rejects rates outside 0..10000', () => {
    expect(() => applyRateBp(100, 10_001, 'floor')).toThrow(RangeError);
    expect(() => applyRateBp(100, -1, 'floor')).toThrow(RangeError);
  });
  it('never exceeds the amount', () => {
    fc.assert(
      fc.property(fen, fc.integer({ min: 0, max: 10_000 }), rounding, (a, bp, r) => {
        const fee = applyRateBp(a, bp, r);
        expect(fee >= 0 && fee <= a).toBe(true);
      }),
    );
  });
  it('clamps to min and optional max', () => {
    expect(clamp(50, 100)).toBe(100);
    expect(clamp(500, 100, 300)).toBe(300);
    expect(clamp(200, 100, 300)).toBe(200);
    expect(clamp(10 ** 12, 0)).toBe(10 ** 12);
  });
});

describe('formatYuan and formatRateBp', () => {
  it.each([
    [2000, '20.00'],
    [0, '0.00'],
    [5, '0.05'],
    [9500, '95.00'],
    [123456789, '1234567.89'],
    [-2050, '-20.50'],
  ])('%i fen -> %s', (f, s) => {
    expect(formatYuan(f)).toBe(s);
  });
  it('round-trips through integer parsing', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (f) => {
        expect(Math.round(Number(formatYuan(f)) * 100)).toBe(f);
      }),
    );
  });
  it.each([
    [500, '5%'],
    [60, '0.6%'],
    [5, '0.05%'],
    [250, '2.5%'],
    [10_000, '100%'],
    [0, '0%'],
  ])('%i bp -> %s', (bp, s) => {
    expect(formatRateBp(bp)).toBe(s);
  });
});
