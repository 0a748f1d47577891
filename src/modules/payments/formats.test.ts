import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, formatChinaTime, formatRfc3339China, parseChinaTime, yuanToFen } from './formats.ts';

describe('fen ↔ yuan', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(1)).toBe('0.01');
    expect(fenToYuan(1234)).toBe('12.34');
    expect(fenToYuan(100_000_00)).toBe('100000.00');
  });

  it('refuses negative, fractional and unsafe amounts', () => {
    expect(() => fenToYuan(-1)).toThrow(RangeError);
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });

  it('parses the yuan strings the channels send', () => {
    expect(yuanToFen('12.34')).toBe(1234);
    expect(yuanToFen('12.3')).toBe(1230);
    expect(yuanToFen('12')).toBe(1200);
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen(' 0.10 ')).toBe(10);
  });

  it('rejects what is not a plain yuan amount', () => {
    for (const bad of ['', '-1.00', '1.234', '1e3', '01.00', '1,00', '.5', 'abc', '1.']) {
      expect(yuanToFen(bad)).toBeNull();
    }
  });

  it('round-trips every amount exactly (no float drift)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_00 }), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen);
      }),
    );
  });
});

describe('channel timestamps', () => {
  it('formats and parses Beijing time', () => {
    const at = new Date('2024-05-01T04:05:06Z');
    expect(formatChinaTime(at)).toBe('2024-05-01 12:05:06');
    expect(formatRfc3339China(at)).toBe('2024-05-01T12:05:06+08:00');
    expect(parseChinaTime('2024-05-01 12:05:06')?.toISOString()).toBe('2024-05-01T04:05:06.000Z');
    expect(parseChinaTime('2024-05-01 12:05:06.32')?.toISOString()).toBe('2024-05-01T04:05:06.320Z');
  });

  it('crosses midnight and the year correctly', () => {
    expect(formatChinaTime(new Date('2023-12-31T16:00:00Z'))).toBe('2024-01-01 00:00:00');
  });

  it('rejects malformed times', () => {
    expect(parseChinaTime('2024-05-01T12:05:06')).toBeNull();
    expect(parseChinaTime('yesterday')).toBeNull();
  });
});
