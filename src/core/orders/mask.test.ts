import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskSecret, normaliseKeyLine } from './mask.ts';

describe('maskSecret', () => {
  it('keeps a few characters at each end of a long key', () => {
    expect(maskSecret('ABCD-EFGH-IJKL-MNOP')).toBe('AB***************OP');
    expect(maskSecret('0123456789ABCDEFGHIJKLMNOPQRSTUV')).toBe(`0123${'*'.repeat(24)}STUV`);
  });
  it('hides short keys entirely', () => {
    expect(maskSecret('1234567')).toBe('*******');
    expect(maskSecret('12')).toBe('****');
  });
  it('never shows more than a quarter of the key', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (s) => {
        const masked = [...maskSecret(s)];
        const visible = masked.filter((c) => c !== '*').length;
        expect(visible).toBeLessThanOrEqual(Math.floor([...s].length / 4));
      }),
    );
  });
});

describe('normaliseKeyLine', () => {
  it('takes the first CSV column and trims quotes and spaces', () => {
    expect(normaliseKeyLine('  "KEY-1 ", 2026-12-31 ')).toBe('KEY-1');
    expect(normaliseKeyLine('KEY\t2')).toBe('KEY');
    expect(normaliseKeyLine('AB  CD')).toBe('AB CD');
  });
});
