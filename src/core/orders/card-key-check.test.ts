import { describe, expect, it } from 'vitest';
import { checkCardKey, isKeyFormat, KEY_REFUSAL_TEXT } from './card-key-check.ts';

describe('checkCardKey', () => {
  it('refuses what cannot be a key, with a reason', () => {
    expect(checkCardKey('AAAA-1111-2222', null)).toBeNull();
    expect(checkCardKey('x', null)).toBe('too_short');
    expect(checkCardKey('ABCDE', null)).toBe('too_short');
    expect(checkCardKey('ABCDEF', null)).toBeNull();
    expect(checkCardKey('A'.repeat(201), null)).toBe('too_long');
    expect(checkCardKey('AAAA 1111', null)).toBe('whitespace');
    expect(checkCardKey('AAAA\u00a01111', null)).toBe('whitespace');
    expect(checkCardKey('AAAA\u00071111', null)).toBe('control');
    expect(checkCardKey('卡号：', null)).toBe('too_short');
  });

  it("checks the product's key format when it has one", () => {
    const format = 'AA99-XXXX';
    expect(checkCardKey('QB12-a9Z0', format)).toBeNull();
    expect(checkCardKey('Q112-a9Z0', format)).toBe('format');
    expect(checkCardKey('QB12_a9Z0', format)).toBe('format');
    expect(checkCardKey('QB12-a9Z00', format)).toBe('format');
    expect(checkCardKey('QB12-a9Z!', format)).toBe('format');
  });

  it('accepts only formats written in its own small language', () => {
    expect(isKeyFormat('XXXX-XXXX-XXXX')).toBe(true);
    expect(isKeyFormat('AA99999999')).toBe(true);
    expect(isKeyFormat('----')).toBe(false);
    expect(isKeyFormat('(a+)+$')).toBe(false);
    expect(isKeyFormat('XXX')).toBe(false);
    expect(isKeyFormat('X'.repeat(65))).toBe(false);
  });

  it('words every refusal in Chinese and English', () => {
    for (const text of Object.values(KEY_REFUSAL_TEXT)) {
      expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en.length).toBeGreaterThan(5);
    }
  });
});
