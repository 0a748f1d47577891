import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './default-policy.ts';
import { findOverlaps, type OverlapCandidate } from './overlap.ts';

const base: OverlapCandidate = {
  id: 'A',
  priority: 10,
  appliesTo: { kinds: ['card_key'], types: ['not_received'] },
  when: {},
};
const pair = (a: Partial<OverlapCandidate>, b: Partial<OverlapCandidate>) =>
  findOverlaps([
    { ...base, ...a },
    { ...base, id: 'B', ...b },
  ]);

describe('findOverlaps', () => {
  it('finds none in the default policy', () => {
    expect(findOverlaps(DEFAULT_POLICY.rules)).toEqual([]);
  });
  it('flags two unconditional rules on the same kind and type', () => {
    expect(pair({}, {})).toEqual([
      { first: 0, second: 1, firstId: 'A', secondId: 'B', why: 'both can match card_key × not_received' },
    ]);
  });
  it('flags a rule whose conditions are a subset of the other', () => {
    expect(pair({ when: { delivered: true } }, { when: { delivered: true, used: false } })).toHaveLength(1);
  });
  it.each<[string, Partial<OverlapCandidate>, Partial<OverlapCandidate>]>([
    ['different priorities', { priority: 1 }, { priority: 2 }],
    ['disjoint kinds', {}, { appliesTo: { kinds: ['physical'], types: ['not_received'] } }],
    ['disjoint types', {}, { appliesTo: { kinds: ['card_key'], types: ['quality_issue'] } }],
    ['contradicting flags', { when: { delivered: true } }, { when: { delivered: false } }],
    [
      'disjoint statuses',
      { when: { statusIn: ['delivered'] } },
      { when: { statusIn: ['completed', 'cancelled'] } },
    ],
    ['receipt window vs not received', { when: { maxDaysSinceReceipt: 7 } }, { when: { received: false } }],
    ['revealed vs unused', { when: { keysRevealed: true } }, { when: { used: false } }],
  ])('ignores %s', (_, a, b) => {
    expect(pair(a, b)).toEqual([]);
  });
  it('treats overlapping statuses and day limits as compatible', () => {
    expect(
      pair({ when: { statusIn: ['delivered', 'completed'] } }, { when: { statusIn: ['completed'] } }),
    ).toHaveLength(1);
    expect(pair({ when: { maxDaysSinceDelivery: 3 } }, { when: { maxDaysSinceDelivery: 30 } })).toHaveLength(
      1,
    );
  });
});
