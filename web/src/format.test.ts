import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBeijingTime, formatTime, formatYuan, parseHundredths } from './format.ts';

describe('money and time formatting', () => {
  it('formats fen as yuan without floating point', () => {
    expect(formatYuan(4655)).toBe('¥46.55');
    expect(formatYuan(-245)).toBe('-¥2.45');
    expect(formatYuan(5)).toBe('¥0.05');
  });

  it('parses typed yuan into exact fen and round-trips every amount', () => {
    expect(parseHundredths('10.29')).toBe(1029);
    expect(parseHundredths('0.29')).toBe(29);
    expect(parseHundredths('7')).toBe(700);
    for (const bad of ['1.234', '-1', 'abc', '', '1e3']) expect(parseHundredths(bad)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (fen) => {
        expect(parseHundredths(formatYuan(fen).slice(1))).toBe(fen);
      }),
    );
  });

  it('shows deadlines in Beijing time whatever the browser zone', () => {
    expect(formatBeijingTime('2026-11-30T15:59:59.999Z')).toBe('2026-11-30 23:59:59');
    // Every time the app shows is Beijing time, timelines and messages too, whatever the browser's zone.
    expect(formatTime('2026-12-07T16:08:20Z')).toBe('2026-12-08 00:08:20');
  });
});
