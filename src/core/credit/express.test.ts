import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../policy/default-policy.ts';
import { parsePolicy } from '../policy/parse.ts';
import {
  DEFAULT_EXPRESS,
  decideExpress,
  type ExpressBuyer,
  type ExpressRequest,
  sampledForAudit,
} from './express.ts';

const request: ExpressRequest = {
  eligible: true,
  type: 'not_received',
  kind: 'card_key',
  merchantId: 1,
  amountFen: 3000,
};
const buyer: ExpressBuyer = {
  level: 'great',
  revoked: false,
  riskAction: 'none',
  day: { count: 0, fen: 0 },
  days30: { count: 0, fen: 0 },
};
const refusal = (r: Partial<ExpressRequest>, b: Partial<ExpressBuyer> = {}) => {
  const d = decideExpress(DEFAULT_EXPRESS, { ...request, ...r }, { ...buyer, ...b });
  return d.express ? null : d.refusal;
};

describe('极速退款 decision', () => {
  it('grants a small undelivered key to a buyer at 优秀', () => {
    expect(refusal({})).toBeNull();
  });

  it('refuses for the first failing reason', () => {
    expect(decideExpress({ ...DEFAULT_EXPRESS, enabled: false }, request, buyer)).toEqual({
      express: false,
      refusal: 'disabled',
    });
    expect(refusal({ eligible: false })).toBe('not_eligible');
    expect(refusal({ type: 'quality_issue' })).toBe('type');
    expect(refusal({ kind: 'physical' })).toBe('kind');
    expect(decideExpress({ ...DEFAULT_EXPRESS, optOutMerchants: [1] }, request, buyer)).toEqual({
      express: false,
      refusal: 'merchant',
    });
    expect(refusal({ amountFen: 20_001 })).toBe('amount');
    expect(refusal({}, { revoked: true, level: 'normal' })).toBe('revoked');
    expect(refusal({}, { level: 'good' })).toBe('level');
    expect(refusal({}, { riskAction: 'hold' })).toBe('risk');
    expect(refusal({}, { riskAction: 'no_express' })).toBe('risk');
    expect(refusal({}, { riskAction: 'watch' })).toBeNull();
    expect(refusal({}, { day: { count: 2, fen: 6000 } })).toBe('day_cap');
    expect(refusal({ amountFen: 20_000 }, { day: { count: 1, fen: 15_000 } })).toBe('day_cap');
    expect(refusal({}, { days30: { count: 5, fen: 15_000 } })).toBe('month_cap');
  });

  it('never lets the counted use go past a cap, whatever came before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.nat(5),
        fc.nat(60_000),
        fc.nat(10),
        fc.nat(100_000),
        (amountFen, dayN, dayFen, n30, fen30) => {
          const d = decideExpress(
            DEFAULT_EXPRESS,
            { ...request, amountFen },
            {
              ...buyer,
              day: { count: dayN, fen: dayFen },
              days30: { count: n30, fen: fen30 },
            },
          );
          if (!d.express) return true;
          const { perDay, per30Days } = DEFAULT_EXPRESS;
          return (
            dayN + 1 <= perDay.count &&
            dayFen + amountFen <= perDay.fen &&
            n30 + 1 <= per30Days.count &&
            fen30 + amountFen <= per30Days.fen
          );
        },
      ),
    );
  });

  it('audits every case at the threshold and about the policy’s share of the rest, the same way each time', () => {
    expect(sampledForAudit(DEFAULT_EXPRESS, 'R261206000001', 10_000)).toBe('amount');
    const nos = Array.from({ length: 4000 }, (_, i) => `R2612060${String(i).padStart(5, '0')}`);
    const sampled = nos.filter((no) => sampledForAudit(DEFAULT_EXPRESS, no, 100) === 'sample').length;
    expect(sampled / nos.length).toBeGreaterThan(0.07);
    expect(sampled / nos.length).toBeLessThan(0.13);
    expect(nos.map((no) => sampledForAudit(DEFAULT_EXPRESS, no, 100))).toEqual(
      nos.map((no) => sampledForAudit(DEFAULT_EXPRESS, no, 100)),
    );
    expect(
      nos.every(
        (no) =>
          sampledForAudit({ ...DEFAULT_EXPRESS, audit: { ratePercent: 0, aboveFen: 10_000 } }, no, 100) ===
          null,
      ),
    ).toBe(true);
  });

  it('is part of the default policy, and a daily cap above the 30-day one is refused', () => {
    expect(parsePolicy(DEFAULT_POLICY).ok).toBe(true);
    const bad = { ...DEFAULT_POLICY, express: { ...DEFAULT_EXPRESS, perDay: { count: 9, fen: 100 } } };
    const parsed = parsePolicy(bad);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]?.path).toBe('express.perDay.count');
  });
});
