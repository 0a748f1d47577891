import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDIT_THRESHOLDS, levelOf, nextLevel } from './levels.ts';
import {
  CREDIT_BASE,
  CREDIT_MAX,
  CREDIT_MIN,
  type CreditFacts,
  creditScore,
  NO_CREDIT_FACTS,
} from './score.ts';

const n = (max: number) => fc.integer({ min: 0, max });
const factsArb: fc.Arbitrary<CreditFacts> = fc.record({
  accountAgeDays: n(5000),
  paidOrders: n(500),
  paidFen: n(100_000_000),
  refundCases: n(600),
  casesApproved: n(300),
  casesRejected: n(300),
  holdsCleared: n(50),
  holdsRejected: n(50),
  auditFine: n(50),
  auditAbusive: n(50),
  expressLosses: n(20),
  identityVerified: fc.boolean(),
  phoneBound: fc.boolean(),
});

const GOOD_COUNTS = ['accountAgeDays', 'paidOrders', 'paidFen', 'casesApproved', 'auditFine'] as const;
const BAD_COUNTS = [
  'refundCases',
  'casesRejected',
  'holdsRejected',
  'auditAbusive',
  'expressLosses',
] as const;
const score = (f: CreditFacts) => creditScore(f).score;

describe('the credit score', () => {
  it('gives a fresh account the base score, 普通', () => {
    const s = creditScore(NO_CREDIT_FACTS);
    expect(s.score).toBe(CREDIT_BASE);
    expect(levelOf(s.score, DEFAULT_CREDIT_THRESHOLDS)).toBe('normal');
    expect(s.raise.map((h) => h.id)).toEqual([
      'paidOrders',
      'identityVerified',
      'paidAmount',
      'phoneBound',
      'casesApproved',
    ]);
  });

  it('rewards 完善账户信息 and a good record', () => {
    const verified = { ...NO_CREDIT_FACTS, identityVerified: true, phoneBound: true };
    expect(score(verified)).toBe(660);
    const trusted = {
      ...verified,
      accountAgeDays: 400,
      paidOrders: 20,
      paidFen: 200_000,
      refundCases: 2,
      casesApproved: 2,
    };
    // 500 + 100 + 60 + 43 (age) + 80 (orders) + 66 (2,000 元) + 6 (approved) = 855
    expect(score(trusted)).toBe(855);
    expect(levelOf(855, DEFAULT_CREDIT_THRESHOLDS)).toBe('excellent');
  });

  it('takes points for a high refund rate, rejections and abuse', () => {
    const base = { ...NO_CREDIT_FACTS, paidOrders: 10 };
    expect(score({ ...base, refundCases: 2 })).toBe(score(base)); // 20 %: free
    expect(score({ ...base, refundCases: 6 })).toBe(score(base) - 120); // 60 %: the whole penalty
    expect(score({ ...base, holdsRejected: 1 })).toBe(score(base) - 60);
    expect(score({ ...base, auditAbusive: 1, expressLosses: 1 })).toBe(score(base) - 95);
  });

  it('is bounded', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const s = score(f);
        return s >= CREDIT_MIN && s <= CREDIT_MAX && Number.isInteger(s);
      }),
    );
    const best = {
      ...NO_CREDIT_FACTS,
      accountAgeDays: 10_000,
      paidOrders: 500,
      paidFen: 10 ** 10,
      casesApproved: 100,
      auditFine: 100,
      identityVerified: true,
      phoneBound: true,
    };
    expect(score(best)).toBe(CREDIT_MAX);
    const worst = {
      ...NO_CREDIT_FACTS,
      paidOrders: 1,
      refundCases: 500,
      casesRejected: 100,
      holdsRejected: 9,
      auditAbusive: 9,
      expressLosses: 9,
    };
    // One paid order still earns 4; everything else bad takes the whole base.
    expect(score(worst)).toBe(CREDIT_MIN + 4);
  });

  it('explains every point: the base plus the factors, each within its cap', () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const s = creditScore(f);
        const sum = s.factors.reduce((t, x) => t + x.points, s.base);
        const within = s.factors.every((x) =>
          x.max >= 0 ? x.points >= 0 && x.points <= x.max : x.points <= 0 && x.points >= x.max,
        );
        const hinted = s.raise.every((h) => h.gain > 0);
        return sum === s.score && within && hinted;
      }),
    );
  });

  it('never falls when a good fact grows, never rises when a bad one does', () => {
    // Found by the property below: a case and no paid order read had no rate at all, so the first paid
    // order (a good fact) brought a 100 % refund rate with it and lowered the score.
    const caseOnly = { ...NO_CREDIT_FACTS, refundCases: 1 };
    expect(score({ ...caseOnly, paidOrders: 1 })).toBeGreaterThanOrEqual(score(caseOnly));
    fc.assert(
      fc.property(factsArb, n(100), fc.constantFrom(...GOOD_COUNTS), (f, more, key) => {
        return score({ ...f, [key]: f[key] + more }) >= score(f);
      }),
    );
    fc.assert(
      fc.property(factsArb, fc.constantFrom('identityVerified', 'phoneBound' as const), (f, key) => {
        return score({ ...f, [key]: true }) >= score({ ...f, [key]: false });
      }),
    );
    fc.assert(
      fc.property(factsArb, n(100), fc.constantFrom(...BAD_COUNTS), (f, more, key) => {
        return score({ ...f, [key]: f[key] + more }) <= score(f);
      }),
    );
  });

  it('tells how far the next level is', () => {
    expect(nextLevel(500, DEFAULT_CREDIT_THRESHOLDS)).toEqual({ level: 'good', missing: 100 });
    expect(nextLevel(750, DEFAULT_CREDIT_THRESHOLDS)).toEqual({ level: 'excellent', missing: 50 });
    expect(nextLevel(800, DEFAULT_CREDIT_THRESHOLDS)).toBeNull();
  });
});
