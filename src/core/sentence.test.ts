import { describe, expect, it } from 'vitest';
import { clause, tidyStops } from './sentence.ts';

describe('sentences joined into messages', () => {
  it('never doubles a full stop when a reason that ends in 。 is followed by more text', () => {
    expect(`原因：${clause('资料不全。')}。请补充`).toBe('原因：资料不全。请补充');
    expect(clause('  照片模糊！ ')).toBe('照片模糊');
    expect(tidyStops('原因：资料不全。。请补充。 。')).toBe('原因：资料不全。请补充。');
  });
});
