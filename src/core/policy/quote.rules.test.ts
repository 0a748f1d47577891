import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './default-policy.ts';
import type { OrderFacts, RefundRequest } from './facts.ts';
import { quote } from './quote.ts';
import { cardKeyDelivered, makeFacts, physical, sh, topUp } from './testing/make-facts.ts';

/** One row per default rule and engine reason, with the seed's numbers. */
const NOW = sh('2026-03-10T10:00'); // a Tuesday
const q = (facts: OrderFacts, type: RefundRequest['type']) => quote(DEFAULT_POLICY, facts, { type }, NOW);

interface Case {
  name: string;
  facts: OrderFacts;
  type: RefundRequest['type'];
  rule: string;
  amount: number;
  fees?: number[];
}

const cases: Case[] = [
  {
    name: 'undelivered card key',
    facts: makeFacts(),
    type: 'not_received',
    rule: 'V-UNDELIVERED',
    amount: 10_000,
  },
  {
    name: 'seed §4: shown as delivered but no key issued',
    facts: makeFacts({
      status: 'delivered',
      delivery: { deliveredAt: sh('2026-03-09T20:01'), arrivedUnits: 1 },
    }),
    type: 'not_received',
    rule: 'V-UNDELIVERED',
    amount: 10_000,
  },
  {
    name: 'top-up nothing arrived',
    facts: topUp(50, 0, 5000),
    type: 'partial_delivery',
    rule: 'V-UNDELIVERED',
    amount: 5000,
  },
  {
    name: 'delivery failed, key never revealed',
    facts: makeFacts({
      status: 'delivered',
      delivery: { deliveredAt: sh('2026-03-09T20:01'), failed: true, keysIssued: 1, arrivedUnits: 1 },
    }),
    type: 'not_received',
    rule: 'V-FAILED',
    amount: 10_000,
  },
  {
    name: 'seed: 50 yuan top-up, 30 arrived',
    facts: topUp(50, 30, 5000),
    type: 'partial_delivery',
    rule: 'V-PARTIAL',
    amount: 2000,
  },
  {
    name: 'top-up short, chosen not_received',
    facts: topUp(50, 30, 5000),
    type: 'not_received',
    rule: 'V-PARTIAL',
    amount: 2000,
  },
  {
    // Per key: the unit never issued is undelivered (full share, no fee); the revealed keys are used.
    name: '2 of 3 keys issued, both revealed',
    facts: cardKeyDelivered(2, 2, 3),
    type: 'not_received',
    rule: 'V-UNDELIVERED',
    amount: 3333,
  },
  {
    name: 'seed: delivered, unused',
    facts: cardKeyDelivered(1, 0),
    type: 'not_as_described',
    rule: 'V-UNUSED',
    amount: 9500,
    fees: [500],
  },
  {
    name: 'delivered, unused, not_received',
    facts: cardKeyDelivered(1, 0),
    type: 'not_received',
    rule: 'V-UNUSED',
    amount: 9500,
    fees: [500],
  },
  {
    name: 'delivered, unused, quality_issue',
    facts: cardKeyDelivered(1, 0),
    type: 'quality_issue',
    rule: 'V-UNUSED',
    amount: 9500,
    fees: [500],
  },
  {
    name: 'fee only on the delivered 2 of 3 keys',
    facts: cardKeyDelivered(2, 0, 3),
    type: 'not_received',
    rule: 'V-UNDELIVERED',
    amount: 9667,
    fees: [333],
  },
  { name: 'key revealed', facts: cardKeyDelivered(1, 1), type: 'quality_issue', rule: 'V-USED', amount: 0 },
  {
    name: 'key revealed, not_received',
    facts: cardKeyDelivered(1, 1),
    type: 'not_received',
    rule: 'V-USED',
    amount: 0,
  },
  {
    name: 'top-up fully arrived',
    facts: topUp(50, 50, 5000),
    type: 'not_received',
    rule: 'V-USED',
    amount: 0,
  },
  {
    name: 'top-up fully arrived, partial claimed',
    facts: topUp(50, 50, 5000),
    type: 'partial_delivery',
    rule: 'V-NOT-SHORT',
    amount: 0,
  },
  { name: 'virtual 7-day', facts: cardKeyDelivered(1, 0), type: 'no_reason_7d', rule: 'V-7D', amount: 0 },
  { name: 'virtual 7-day, undelivered', facts: makeFacts(), type: 'no_reason_7d', rule: 'V-7D', amount: 0 },
  {
    name: 'undelivered, wrong type',
    facts: makeFacts(),
    type: 'quality_issue',
    rule: 'V-WRONG-TYPE',
    amount: 0,
  },
  {
    name: 'physical 3 days after receipt',
    facts: physical({ receivedAt: sh('2026-03-07T18:00') }),
    type: 'no_reason_7d',
    rule: 'P-7D',
    amount: 10_000,
  },
  {
    name: 'physical day 7 after receipt',
    facts: physical({ receivedAt: sh('2026-03-03T23:59') }),
    type: 'no_reason_7d',
    rule: 'P-7D',
    amount: 10_000,
  },
  {
    name: 'physical day 8 after receipt',
    facts: physical({ receivedAt: sh('2026-03-02T09:00') }),
    type: 'no_reason_7d',
    rule: 'P-7D-EXPIRED',
    amount: 0,
  },
  {
    name: 'physical 7-day, not received',
    facts: physical(),
    type: 'no_reason_7d',
    rule: 'P-7D-EXPIRED',
    amount: 0,
  },
  {
    name: 'physical not received',
    facts: physical(),
    type: 'not_received',
    rule: 'P-NOT-RECEIVED',
    amount: 10_000,
  },
  {
    name: 'physical signed for',
    facts: physical({ receivedAt: sh('2026-03-05T10:00') }),
    type: 'not_received',
    rule: 'P-RECEIVED',
    amount: 0,
  },
  {
    name: 'physical defective',
    facts: physical({ receivedAt: sh('2026-03-05T10:00') }),
    type: 'quality_issue',
    rule: 'P-DEFECT',
    amount: 10_000,
  },
  {
    name: 'physical not as described',
    facts: physical({ receivedAt: sh('2026-02-05T10:00') }),
    type: 'not_as_described',
    rule: 'P-DEFECT',
    amount: 10_000,
  },
  {
    name: 'physical defect before receipt',
    facts: physical(),
    type: 'quality_issue',
    rule: 'P-DEFECT-EARLY',
    amount: 0,
  },
  {
    name: 'physical 1 of 4 missing',
    facts: physical({ receivedAt: sh('2026-03-05T10:00'), ordered: 4, arrived: 3 }),
    type: 'partial_delivery',
    rule: 'P-PARTIAL',
    amount: 2500,
  },
  {
    name: 'physical nothing missing',
    facts: physical({ receivedAt: sh('2026-03-05T10:00') }),
    type: 'partial_delivery',
    rule: 'P-PARTIAL-NONE',
    amount: 0,
  },
  {
    name: 'fee dispute after a refund that withheld 500',
    facts: { ...cardKeyDelivered(1, 0), refundedFen: 9500, feesWithheldFen: 500 },
    type: 'fee_dispute',
    rule: 'F-DISPUTE',
    amount: 500,
  },
  {
    name: 'fee dispute, no fee taken',
    facts: cardKeyDelivered(1, 0),
    type: 'fee_dispute',
    rule: 'F-NO-FEE',
    amount: 0,
  },
  {
    name: 'cancelled unpaid order',
    facts: makeFacts({ status: 'cancelled', paidAt: null, paidFen: 0 }),
    type: 'not_received',
    rule: 'ORDER-UNPAID',
    amount: 0,
  },
  {
    name: 'awaiting payment',
    facts: makeFacts({ status: 'pending_payment' }),
    type: 'not_received',
    rule: 'ORDER-UNPAID',
    amount: 0,
  },
  {
    name: 'already refunded',
    facts: makeFacts({ refundedFen: 10_000 }),
    type: 'not_received',
    rule: 'ORDER-FULLY-REFUNDED',
    amount: 0,
  },
  {
    name: 'partly refunded before',
    facts: makeFacts({ refundedFen: 4000 }),
    type: 'not_received',
    rule: 'V-UNDELIVERED',
    amount: 6000,
  },
  {
    name: 'undelivered share already refunded',
    facts: { ...topUp(50, 30, 5000), refundedFen: 2000 },
    type: 'partial_delivery',
    rule: 'V-PARTIAL',
    amount: 0,
  },
];

describe('every default rule', () => {
  it.each(cases)('$name → $rule, $amount fen', ({ facts, type, rule, amount, fees = [] }) => {
    const r = q(facts, type);
    expect(r.ruleId).toBe(rule);
    expect(r.amountFen).toBe(amount);
    expect(r.eligible).toBe(amount > 0);
    expect(r.fees.map((f) => f.amountFen)).toEqual(fees);
    expect(r.grossFen - r.fees.reduce((s, f) => s + f.amountFen, 0)).toBe(r.amountFen);
    expect(r.reasons[0]?.ruleId).toBe(rule);
    expect(r.policyVersion).toBe(1);
  });

  it('covers every default rule in the table above', () => {
    const covered = new Set(cases.map((c) => c.rule));
    expect(DEFAULT_POLICY.rules.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});
