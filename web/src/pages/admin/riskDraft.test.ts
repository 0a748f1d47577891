import { describe, expect, it } from 'vitest';
import type { Condition, RiskRulesDocument } from '../../api/risk.ts';
import {
  changedRules,
  comparisonsOf,
  fromInput,
  isRulesDocument,
  ruleIndexOf,
  toInput,
  withRule,
  withValue,
} from './riskDraft.ts';

const when: Condition = {
  all: [
    { signal: 'refunds30d', op: 'gte', value: 4 },
    { not: { any: [{ signal: 'refundRate', op: 'lt', value: 0.3 }] } },
  ],
};

const document: RiskRulesDocument = {
  holdScore: 60,
  rules: [
    { id: 'R-A', enabled: true, when, score: 40, action: 'hold', reasonZh: '甲', reasonEn: 'A' },
    {
      id: 'R-B',
      enabled: true,
      when: { signal: 'refunds7d', op: 'gt', value: 1 },
      score: 5,
      action: 'watch',
      reasonZh: '乙',
      reasonEn: 'B',
    },
  ],
};

describe('comparisonsOf / withValue', () => {
  it('finds every comparison and changes one without touching the rest', () => {
    const found = comparisonsOf(when);
    expect(found.map((f) => f.steps)).toEqual([[0], [1, 'not', 0]]);
    const changed = withValue(when, [1, 'not', 0], 0.5);
    expect(comparisonsOf(changed).map((f) => f.comparison.value)).toEqual([4, 0.5]);
    expect(comparisonsOf(when).map((f) => f.comparison.value)).toEqual([4, 0.3]);
    expect(withValue({ signal: 'x', op: 'eq', value: true }, [], false)).toEqual({
      signal: 'x',
      op: 'eq',
      value: false,
    });
  });
});

describe('withRule / changedRules', () => {
  it('patches one rule and reports which rules differ', () => {
    const off = withRule(document, 0, { enabled: false });
    expect(off.rules[0]?.enabled).toBe(false);
    expect(document.rules[0]?.enabled).toBe(true);
    expect([...changedRules(document, off)]).toEqual(['R-A']);
    expect([...changedRules(document, withRule(off, 0, { enabled: true }))]).toEqual([]);
  });
});

describe('inputs', () => {
  it('types ratios as percentages and fen as yuan, and back', () => {
    expect(toInput('ratio', 0.3)).toBe(30);
    expect(fromInput('ratio', 30)).toBe(0.3);
    expect(toInput('fen', 20_000)).toBe(200);
    expect(fromInput('fen', 199.99)).toBe(19_999);
    expect(fromInput('fen', 0.29)).toBe(29);
    expect(toInput('fen', 29)).toBe(0.29);
    expect(fromInput('fen', 1.005)).toBeNull();
    expect(toInput('count', 4)).toBe(4);
  });
});

describe('isRulesDocument / ruleIndexOf', () => {
  it('recognises a document the table can show and the rule an issue is about', () => {
    expect(isRulesDocument(document)).toBe(true);
    expect(isRulesDocument({ holdScore: 60, rules: [{ id: 'R-A' }] })).toBe(false);
    expect(isRulesDocument([])).toBe(false);
    expect(ruleIndexOf('rules[12].when.all[0].value')).toBe(12);
    expect(ruleIndexOf('holdScore')).toBeNull();
  });
});
