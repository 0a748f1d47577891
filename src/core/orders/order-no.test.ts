import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOrderNo, isOrderNo, luhnDigit } from './order-no.ts';

describe('order numbers', () => {
  it('start with the Shanghai date, then the sequence, then a check digit', () => {
    // 2026-11-24 17:00 UTC is already the 25th in Shanghai.
    const no = formatOrderNo(new Date('2026-11-24T17:00:00Z'), 42);
    expect(no).toHaveLength(14);
    expect(no.slice(0, 13)).toBe('2611250000042');
    expect(isOrderNo(no)).toBe(true);
  });

  it('matches the Luhn check digit of a known number', () => {
    expect(luhnDigit('7992739871')).toBe('3');
  });

  it('catches every single mistyped digit and every swap of neighbouring different digits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (seq, pos, delta) => {
          const no = formatOrderNo(new Date('2026-03-01T00:00:00Z'), seq);
          const typo = no.slice(0, pos) + String((Number(no[pos]) + delta) % 10) + no.slice(pos + 1);
          expect(isOrderNo(typo)).toBe(false);
          const a = no[pos]!;
          const b = no[pos + 1]!;
          // Luhn misses only the 0↔9 swap.
          if (a !== b && !(a + b === '09' || a + b === '90')) {
            expect(isOrderNo(no.slice(0, pos) + b + a + no.slice(pos + 2))).toBe(false);
          }
        },
      ),
    );
  });

  it('refuses anything that is not 14 digits', () => {
    for (const s of ['', '2611250000042', 'ABCDEFGHIJKLMN', '261125000004200', '26112500000a25'])
      expect(isOrderNo(s)).toBe(false);
  });
});
