import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../policy/default-policy.ts';
import { PolicyDocumentSchema } from '../policy/schema.ts';
import { CARRIERS, normaliseTrackingNo, trackingNoFits } from './carriers.ts';
import {
  confirmDeadline,
  DEFAULT_RETURN_POLICY,
  merchantPostageFen,
  ReturnPolicySchema,
  returnDeadlines,
  returnTermsFor,
} from './return-policy.ts';

describe('return policy (退货寄回)', () => {
  it('asks physical goods back for 七天无理由 (buyer pays postage) and 质量问题 (merchant pays)', () => {
    expect(returnTermsFor(DEFAULT_RETURN_POLICY, 'physical', 'no_reason_7d')?.postagePaidBy).toBe('buyer');
    expect(returnTermsFor(DEFAULT_RETURN_POLICY, 'physical', 'quality_issue')?.postagePaidBy).toBe(
      'merchant',
    );
    expect(returnTermsFor(DEFAULT_RETURN_POLICY, 'physical', 'not_received')).toBeNull();
  });

  it('never asks for virtual goods back, whatever the policy says', () => {
    const all = ReturnPolicySchema.parse({
      ...DEFAULT_RETURN_POLICY,
      byType: { not_received: { required: true, postagePaidBy: 'merchant' } },
    });
    for (const kind of ['card_key', 'direct_topup', 'membership'] as const)
      expect(returnTermsFor(all, kind, 'not_received')).toBeNull();
    expect(returnTermsFor(all, 'physical', 'not_received')?.postagePaidBy).toBe('merchant');
  });

  it('is part of the versioned policy, and older versions read as the defaults', () => {
    const { returns: _, ...older } = DEFAULT_POLICY as typeof DEFAULT_POLICY & { returns?: unknown };
    expect(PolicyDocumentSchema.parse(older).returns).toEqual(DEFAULT_RETURN_POLICY);
    const edited = PolicyDocumentSchema.parse({
      ...DEFAULT_POLICY,
      returns: { ...DEFAULT_RETURN_POLICY, shipDays: 10 },
    });
    expect(edited.returns.shipDays).toBe(10);
    expect(() =>
      PolicyDocumentSchema.parse({ ...DEFAULT_POLICY, returns: { ...DEFAULT_RETURN_POLICY, shipDays: 0 } }),
    ).toThrow();
    expect(() =>
      PolicyDocumentSchema.parse({
        ...DEFAULT_POLICY,
        returns: {
          ...DEFAULT_RETURN_POLICY,
          byType: { no_reason_7d: { required: true, postagePaidBy: 'x' } },
        },
      }),
    ).toThrow();
  });

  it('sets the ship-by deadline, a reminder before it, and the merchant window from shipping', () => {
    const terms = returnTermsFor(DEFAULT_RETURN_POLICY, 'physical', 'no_reason_7d')!;
    const at = new Date('2026-12-01T02:00:00Z');
    const d = returnDeadlines(terms, at);
    expect(d.shipBy.toISOString()).toBe('2026-12-08T02:00:00.000Z');
    expect(d.remindAt?.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    expect(returnDeadlines({ ...terms, remindHoursBefore: 0 }, at).remindAt).toBeNull();
    expect(confirmDeadline(7, at).toISOString()).toBe('2026-12-08T02:00:00.000Z');
  });

  it('owes postage only when the merchant pays it, up to the cap', () => {
    expect(merchantPostageFen('merchant', 1200, 2000)).toBe(1200);
    expect(merchantPostageFen('merchant', 5000, 2000)).toBe(2000);
    expect(merchantPostageFen('buyer', 1200, 2000)).toBe(0);
    expect(merchantPostageFen('merchant', null, 2000)).toBe(0);
  });
});

describe('carriers and tracking numbers', () => {
  it('accepts common numbers of each carrier after normalising', () => {
    expect(trackingNoFits('sf', normaliseTrackingNo('sf 1234 5678 9012'))).toBe(true);
    expect(trackingNoFits('zto', '78123456789012')).toBe(true);
    expect(trackingNoFits('yto', normaliseTrackingNo('yt1234567890123'))).toBe(true);
    expect(trackingNoFits('ems', 'EA123456789CN')).toBe(true);
    expect(trackingNoFits('jd', 'JDV012345678901')).toBe(true);
    expect(CARRIERS).toHaveLength(8);
  });

  it('refuses what is not a tracking number', () => {
    expect(trackingNoFits('sf', '13800138000')).toBe(false);
    expect(trackingNoFits('yunda', 'ABC')).toBe(false);
    expect(trackingNoFits('ems', '12345')).toBe(false);
  });
});
