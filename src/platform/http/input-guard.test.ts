import { describe, expect, it } from 'vitest';
import { badText } from './input-guard.ts';

describe('badText', () => {
  it('allows ordinary text, emoji (surrogate pairs) and, in body text, tab and line breaks', () => {
    for (const s of ['', '卡密未到账', 'a😀b', 'line\r\n\tnext']) expect(badText(s, 'text')).toBeNull();
    expect(badText('卡密 😀', 'line')).toBeNull();
  });

  it('refuses NUL, other C0 controls and DEL everywhere, and line breaks in query strings and paths', () => {
    for (const s of ['\u0000', 'a\u0001', '\u001b[2J', 'x\u007f']) {
      expect(badText(s, 'text')).toMatch(/control characters/);
      expect(badText(s, 'line')).toMatch(/control characters/);
    }
    expect(badText('a\nb', 'line')).toMatch(/control characters/);
    expect(badText('a\tb', 'line')).toMatch(/control characters/);
  });

  it('refuses lone surrogates, high or low', () => {
    expect(badText('a\ud800', 'text')).toMatch(/surrogate/);
    expect(badText('\udc00b', 'text')).toMatch(/surrogate/);
    expect(badText('\ud83d\ude00\ude00', 'text')).toMatch(/surrogate/);
  });
});
