import { describe, expect, it } from 'vitest';
import { addBusinessDays } from '../calendar/business-calendar.ts';
import { DEFAULT_POLICY } from './default-policy.ts';
import type { OrderFacts, RefundRequest } from './facts.ts';
import { quote } from './quote.ts';
import { cardKeyDelivered, makeFacts, physical, sh, topUp } from './testing/make-facts.ts';

const NOW = sh('2026-03-10T10:00'); // a Tuesday
const q = (facts: OrderFacts, type: RefundRequest['type'], requestedFen?: number) =>
  quote(DEFAULT_POLICY, facts, requestedFen === undefined ? { type } : { type, requestedFen }, NOW);

describe('quote with DEFAULT_POLICY', () => {
  it('refuses virtual 7-day returns with the V-7D sentence and a hint', () => {
    const r = q(cardKeyDelivered(1, 0), 'no_reason_7d');
    expect(r.reasons[0]?.textZh).toContain('虚拟商品不支持七天无理由退款（规则 V-7D）');
    expect(r.hint?.zh).toContain('未收到货');
    expect(r.slaDeadline).toBeNull();
    expect(r.arrivalEstimate).toBeNull();
  });

  it('shows the seed 5% fee as a labelled line', () => {
    const r = q(cardKeyDelivered(1, 0), 'not_as_described');
    expect(r.grossFen).toBe(10_000);
    expect(r.fees).toEqual([
      {
        id: 'PLATFORM-SERVICE',
        kind: 'platform_service',
        labelZh: '平台服务费',
        labelEn: 'Platform service fee',
        amountFen: 500,
      },
    ]);
  });

  it('says why a fee was not charged on the undelivered keys', () => {
    const r = q(topUp(50, 30, 5000), 'not_received');
    expect(r.reasons.map((x) => x.ruleId)).toEqual(['V-PARTIAL']);
    expect(r.fees).toEqual([]);
  });

  it('charges nothing on the undelivered share of a top-up', () => {
    const r = q(topUp(50, 30, 5000), 'partial_delivery');
    expect(r.fees).toEqual([]);
    expect(r.grossFen).toBe(2000);
  });

  it('gives virtual orders a 3-business-day review deadline and channel arrival times', () => {
    const r = q(makeFacts(), 'not_received');
    expect(r.slaDeadline?.toISOString()).toBe(sh('2026-03-13T23:59:59.999').toISOString());
    expect(r.reviewDays).toEqual({ minDays: 1, maxDays: 3 });
    expect(r.arrivalEstimate).toEqual({ minDays: 1, maxDays: 3 });
    expect(q(makeFacts({ channel: 'balance' }), 'not_received').arrivalEstimate).toEqual({
      minDays: 0,
      maxDays: 0,
    });
  });

  it('gives physical orders 5 business days, skipping holidays', () => {
    const r = quote(DEFAULT_POLICY, physical(), { type: 'not_received' }, sh('2026-09-29T10:00'));
    expect(r.slaDeadline?.toISOString()).toBe(
      addBusinessDays(DEFAULT_POLICY.calendar, sh('2026-09-29T10:00'), 5).toISOString(),
    );
    expect(r.slaDeadline?.toISOString()).toBe(sh('2026-10-12T23:59:59.999').toISOString());
  });

  it('lists required evidence from the rule', () => {
    const r = q(physical({ receivedAt: sh('2026-03-05T10:00') }), 'quality_issue');
    expect(r.requiredEvidence.map((e) => [e.kind, e.min])).toEqual([
      ['photo', 1],
      ['video', 0],
    ]);
  });
});

describe('requested amounts', () => {
  it('lowers the refund to a smaller request, keeping the fee line', () => {
    const r = q(cardKeyDelivered(1, 0), 'not_as_described', 3000);
    expect(r.amountFen).toBe(3000);
    expect(r.fees[0]?.amountFen).toBe(500);
    expect(r.grossFen).toBe(3500);
    expect(r.reasons.map((x) => x.ruleId)).toEqual(['V-UNUSED', 'REQUEST-PARTIAL']);
  });
  it('caps a larger request and says so', () => {
    const r = q(topUp(50, 30, 5000), 'partial_delivery', 5000);
    expect(r.amountFen).toBe(2000);
    expect(r.reasons[1]?.ruleId).toBe('REQUEST-CAPPED');
    expect(r.reasons[1]?.textZh).toContain('50.00');
    expect(r.reasons[1]?.textZh).toContain('20.00');
  });
  it('accepts a request equal to the maximum without comment', () => {
    expect(q(cardKeyDelivered(1, 0), 'not_as_described', 9500).reasons).toHaveLength(1);
  });
});

describe('bad input is a refusal, not an exception', () => {
  it.each([
    ['negative paid', makeFacts({ paidFen: -1 })],
    ['fractional refunded', makeFacts({ refundedFen: 0.5 })],
    ['zero ordered units', makeFacts({ delivery: { orderedUnits: 0 } })],
    ['invalid date', makeFacts({ paidAt: new Date(Number.NaN) })],
    ['unknown kind', makeFacts({ productKind: 'ebook' as never })],
    ['unknown channel', makeFacts({ channel: 'paypal' as never })],
  ])('%s', (_, facts) => {
    const r = q(facts, 'not_received');
    expect(r).toMatchObject({ eligible: false, ruleId: 'INPUT-INVALID', amountFen: 0 });
  });
  it('rejects an unknown type or a zero request', () => {
    expect(q(makeFacts(), 'refund_please' as never).ruleId).toBe('INPUT-INVALID');
    expect(q(makeFacts(), 'not_received', 0).ruleId).toBe('INPUT-INVALID');
  });
});

describe('card keys are quoted one by one', () => {
  it('refunds the unrevealed key of two when the other was revealed', () => {
    const r = q(cardKeyDelivered(2, 1), 'not_received');
    expect(r.eligible).toBe(true);
    expect(r.amountFen).toBe(4750);
    expect(r.fees.map((f) => f.amountFen)).toEqual([250]);
    expect(r.parts.map((p) => [p.kind, p.units, p.ruleId, p.amountFen])).toEqual([
      ['keys_unrevealed', 1, 'V-UNUSED', 4750],
      ['keys_revealed', 1, 'V-USED', 0],
    ]);
    expect(r.reasons.map((x) => x.ruleId)).toEqual(['V-UNUSED', 'V-USED']);
    expect(r.reasons[0]?.textZh).toMatch(/^【1 张未提取的卡密】/);
    expect(r.reasons[1]?.textEn).toMatch(/^\[1 revealed key\]/);
  });

  it('keeps a one-key order exactly as before (the seed: delivered, unused → 5% fee)', () => {
    const r = q(cardKeyDelivered(1, 0), 'not_as_described');
    expect(r.parts).toHaveLength(1);
    expect(r.reasons[0]?.textZh).not.toMatch(/^【/);
    expect([r.amountFen, r.fees[0]?.amountFen]).toEqual([9500, 500]);
  });

  it('covers only the keys the buyer chose', () => {
    const one = quote(
      DEFAULT_POLICY,
      cardKeyDelivered(3, 0),
      { type: 'quality_issue', keys: { unrevealed: 1, revealed: 0 } },
      NOW,
    );
    expect(one.parts.map((p) => [p.kind, p.units, p.worthFen])).toEqual([['keys_unrevealed', 1, 3333]]);
    expect(one.amountFen).toBe(3333 - 167);
    const none = quote(
      DEFAULT_POLICY,
      cardKeyDelivered(3, 0),
      { type: 'quality_issue', keys: { unrevealed: 0, revealed: 0 } },
      NOW,
    );
    expect(none).toMatchObject({ eligible: false, ruleId: 'NO-ITEMS' });
    const tooMany = quote(
      DEFAULT_POLICY,
      cardKeyDelivered(3, 1),
      { type: 'quality_issue', keys: { unrevealed: 3, revealed: 0 } },
      NOW,
    );
    expect(tooMany.ruleId).toBe('INPUT-INVALID');
  });

  it('never quotes a key taken back by an earlier refund', () => {
    // Two keys of 4900: one refunded (4655 paid back, 245 fee kept), one still unrevealed.
    const f = makeFacts({
      ...cardKeyDelivered(2, 0),
      paidFen: 9800,
      refundedFen: 4655,
      feesWithheldFen: 245,
      delivery: { ...cardKeyDelivered(2, 0).delivery, keysRefunded: 1 },
    });
    const r = q(f, 'not_received');
    expect(r.parts.map((p) => [p.kind, p.units, p.worthFen])).toEqual([['keys_unrevealed', 1, 4900]]);
    expect(r.amountFen).toBe(4655);
    const done = {
      ...f,
      refundedFen: 9310,
      feesWithheldFen: 490,
      delivery: { ...f.delivery, keysRefunded: 2 },
    };
    expect(q(done, 'not_received').ruleId).toBe('ORDER-FULLY-REFUNDED');
  });

  it('sets money refunded for no key against the units first', () => {
    const f = { ...cardKeyDelivered(2, 0, 3), paidFen: 9000, refundedFen: 3000 };
    // The unit never issued (3000) was refunded already: only the two keys are left.
    const r = q(f, 'not_received');
    expect(r.parts.map((p) => [p.kind, p.ruleId, p.amountFen])).toEqual([
      ['keys_unrevealed', 'V-UNUSED', 5700],
      ['not_issued', 'V-UNDELIVERED', 0],
    ]);
    expect(r.amountFen).toBe(5700);
  });
});

describe('fees kept are facts', () => {
  // Issue 11 §8: paid 4900, refunded 4655 with 245 kept; nothing else may come back but the fee.
  const refunded = makeFacts({
    ...cardKeyDelivered(1, 0),
    paidFen: 4900,
    refundedFen: 4655,
    feesWithheldFen: 245,
    delivery: { ...cardKeyDelivered(1, 0).delivery, keysRefunded: 1 },
  });
  it('does not refund the kept fee again under another type', () => {
    for (const type of ['not_received', 'not_as_described', 'quality_issue', 'partial_delivery'] as const)
      expect(q(refunded, type)).toMatchObject({ eligible: false, ruleId: 'ORDER-FULLY-REFUNDED' });
    const legacy = { ...refunded, delivery: { ...refunded.delivery, keysRefunded: 0 } };
    expect(q(legacy, 'not_received').eligible).toBe(false);
  });
  it('quotes the kept fee for a fee dispute', () => {
    expect(q(refunded, 'fee_dispute')).toMatchObject({ eligible: true, ruleId: 'F-DISPUTE', amountFen: 245 });
  });
});

describe('deadlines into a year without holidays', () => {
  it('flags the years the calendar does not know', () => {
    const r = quote(DEFAULT_POLICY, makeFacts(), { type: 'not_received' }, sh('2026-12-30T10:00'));
    expect(r.calendarGapYears).toEqual([2027]);
    expect(q(makeFacts(), 'not_received').calendarGapYears).toEqual([]);
  });
});
