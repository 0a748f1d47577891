import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBusinessDay } from '../calendar/business-calendar.ts';
import { DAY_MS, SHANGHAI_OFFSET_MS } from '../calendar/local-day.ts';
import { mulDivRound } from '../money/rounding.ts';
import { DEFAULT_POLICY } from './default-policy.ts';
import type { OrderFacts, RefundRequest } from './facts.ts';
import { parsePolicy } from './parse.ts';
import { quote } from './quote.ts';
import type { PolicyDocument } from './schema.ts';
import { SYSTEM_REASON_IDS } from './system-reasons.ts';
import { cardKeyDelivered } from './testing/make-facts.ts';
import { ORDER_STATUSES, PAYMENT_CHANNELS, PRODUCT_KINDS, REFUND_TYPES } from './vocabulary.ts';

const T0 = Date.UTC(2026, 0, 1);
const instant = fc.integer({ min: T0, max: T0 + 360 * DAY_MS }).map((ms) => new Date(ms));
const maybeDate = fc.option(instant, { nil: null });
const T0d = new Date(T0 + 60 * DAY_MS);

/** Valid but otherwise arbitrary order facts, including odd combinations real data can produce. */
const facts: fc.Arbitrary<OrderFacts> = fc
  .record({
    productKind: fc.constantFrom(...PRODUCT_KINDS),
    status: fc.constantFrom(...ORDER_STATUSES),
    paidFen: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 2 ** 40 })),
    refundedShare: fc.integer({ min: 0, max: 12_000 }),
    feesWithheldFen: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
    channel: fc.constantFrom(...PAYMENT_CHANNELS),
    orderedUnits: fc.integer({ min: 1, max: 100 }),
    arrived: fc.integer({ min: 0, max: 120 }),
    keysIssued: fc.integer({ min: 0, max: 100 }),
    keysRevealed: fc.integer({ min: 0, max: 100 }),
    keysRefunded: fc.integer({ min: 0, max: 100 }),
    failed: fc.boolean(),
    deliveredAt: maybeDate,
    receivedAt: maybeDate,
    paidAt: maybeDate,
  })
  .map((r) => ({
    orderNo: 'KM1',
    productKind: r.productKind,
    status: r.status,
    paidFen: r.paidFen,
    // Sometimes more than was paid: bad data must still give a sane quote.
    refundedFen: Math.floor((r.paidFen * r.refundedShare) / 10_000),
    ...(r.feesWithheldFen === undefined ? {} : { feesWithheldFen: r.feesWithheldFen }),
    channel: r.channel,
    quantity: r.orderedUnits,
    delivery: {
      deliveredAt: r.deliveredAt,
      failed: r.failed,
      keysIssued: r.keysIssued,
      keysRevealed: r.keysRevealed,
      keysRefunded: Math.min(r.keysRefunded, r.keysIssued),
      orderedUnits: r.orderedUnits,
      arrivedUnits: r.arrived,
    },
    receivedAt: r.receivedAt,
    paidAt: r.paidAt,
  }));

const request: fc.Arbitrary<RefundRequest> = fc.record(
  {
    type: fc.constantFrom(...REFUND_TYPES),
    requestedFen: fc.integer({ min: 1, max: 200_000 }),
    keys: fc.record({ unrevealed: fc.nat(10), revealed: fc.nat(10) }),
  },
  { requiredKeys: ['type'] },
);

/** The defaults with a minimum and maximum fee and another rounding rule, to stress the fee path. */
const STRICT: PolicyDocument = (() => {
  const d = structuredClone(DEFAULT_POLICY);
  d.rounding = 'ceil';
  d.fees = [
    { ...d.fees[0]!, minFen: 800, maxFen: 2000 },
    {
      id: 'CHANNEL',
      kind: 'channel',
      rateBp: 60,
      minFen: 100,
      labelZh: '支付通道费',
      labelEn: 'Channel fee',
    },
  ];
  d.rules = d.rules.map((r) =>
    r.id === 'V-UNUSED' || r.id === 'P-DEFECT'
      ? { ...r, outcome: { ...r.outcome, feeIds: ['PLATFORM-SERVICE', 'CHANNEL'] } }
      : r,
  );
  const parsed = parsePolicy(d);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.policy;
})();

const knownIds = new Set<string>([...DEFAULT_POLICY.rules.map((r) => r.id), ...SYSTEM_REASON_IDS]);
const policies = fc.constantFrom(DEFAULT_POLICY, STRICT);

describe('quote invariants', () => {
  it('never throws, and the amount stays within what is left of the payment', () => {
    fc.assert(
      fc.property(policies, facts, request, instant, (policy, f, req, now) => {
        const r = quote(policy, f, req, now);
        // What a fee dispute can give back is the fee kept; anything else never touches it.
        const kept = req.type === 'fee_dispute' ? 0 : (f.feesWithheldFen ?? 0);
        const left = Math.max(0, f.paidFen - f.refundedFen - kept);
        const feeTotal = r.fees.reduce((s, x) => s + x.amountFen, 0);
        expect(Number.isSafeInteger(r.amountFen)).toBe(true);
        expect(r.amountFen).toBeGreaterThanOrEqual(0);
        expect(r.amountFen).toBeLessThanOrEqual(left);
        expect(r.grossFen).toBeLessThanOrEqual(left);
        expect(r.grossFen - feeTotal).toBe(r.amountFen);
        for (const fee of r.fees) expect(fee.amountFen).toBeGreaterThanOrEqual(0);
        expect(knownIds.has(r.ruleId)).toBe(true);
        expect(r.reasons[0]?.ruleId).toBe(r.ruleId);
        if (req.requestedFen !== undefined) expect(r.amountFen).toBeLessThanOrEqual(req.requestedFen);
        // The parts add up to the whole, and no part is worth more than its share of the payment.
        const eligible = r.parts.filter((p) => p.eligible);
        if (r.eligible && req.requestedFen === undefined)
          expect(eligible.reduce((s, p) => s + p.amountFen, 0)).toBe(r.amountFen);
        for (const p of r.parts) expect(p.grossFen).toBeLessThanOrEqual(p.worthFen);
      }),
      { numRuns: 3000 },
    );
  });

  it('is eligible exactly when something is paid back, with deadlines only then', () => {
    fc.assert(
      fc.property(policies, facts, request, instant, (policy, f, req, now) => {
        const r = quote(policy, f, req, now);
        expect(r.eligible).toBe(r.amountFen > 0);
        if (!r.eligible) {
          expect(r.fees).toEqual([]);
          expect(r.slaDeadline).toBeNull();
          expect(r.arrivalEstimate).toBeNull();
        } else {
          const due = r.slaDeadline!;
          expect(isBusinessDay(policy.calendar, due)).toBe(true);
          expect((due.getTime() + SHANGHAI_OFFSET_MS + 1) % DAY_MS).toBe(0);
          expect(due.getTime()).toBeGreaterThan(now.getTime());
          expect(r.hint).toBeUndefined();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never charges a fee on the undelivered part of a virtual order', () => {
    fc.assert(
      fc.property(facts, request, instant, (f, req, now) => {
        const r = quote(DEFAULT_POLICY, f, { type: req.type }, now);
        if (f.productKind === 'physical' || r.fees.length === 0) return;
        // Keyed orders: units never issued are a part of their own, and it carries no fee.
        for (const p of r.parts) if (p.kind === 'not_issued') expect(p.fees).toEqual([]);
        const whole = r.parts.find((p) => p.kind === 'order');
        if (!whole) return;
        const arrived = Math.min(
          f.productKind === 'card_key' ? f.delivery.keysIssued : f.delivery.arrivedUnits,
          f.delivery.orderedUnits,
        );
        expect(arrived).toBeGreaterThan(0);
        expect(f.delivery.deliveredAt).not.toBeNull();
        // DEFAULT_POLICY's fee has no minimum, so it is bounded by the rate on the delivered share.
        const onDelivered = mulDivRound(r.grossFen, 500 * arrived, 10_000 * f.delivery.orderedUnits, 'ceil');
        expect(r.fees[0]!.amountFen).toBeLessThanOrEqual(onDelivered);
        expect(r.ruleId).not.toBe('V-PARTIAL');
      }),
      { numRuns: 3000 },
    );
  });

  it('covers more keys, gives back no less', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.nat(20),
        fc.nat(20),
        (issued, paid, a, b) => {
          const f = { ...cardKeyDelivered(issued, 0), paidFen: paid };
          const [few, many] = [Math.min(a, b, issued), Math.min(Math.max(a, b), issued)];
          const at = (n: number) =>
            quote(DEFAULT_POLICY, f, { type: 'quality_issue', keys: { unrevealed: n, revealed: 0 } }, T0d)
              .amountFen;
          expect(at(few)).toBeLessThanOrEqual(at(many));
          // All keys chosen one by one never add up to more than all of them at once (+1 fen of rounding each).
          expect(at(1) * issued).toBeLessThanOrEqual(at(issued) + issued);
        },
      ),
      { numRuns: 500 },
    );
  });

  // With one fee line the refund is non-decreasing in what is left; with several lines rounding
  // separately, two can step up on the same fen, so this holds for the defaults, not for any policy.
  it('gives no more when more was already refunded', () => {
    fc.assert(
      fc.property(
        fc.constant(DEFAULT_POLICY),
        facts,
        fc.constantFrom(...REFUND_TYPES),
        instant,
        fc.nat(5000),
        (policy, f, type, now, extra) => {
          const before = quote(policy, f, { type }, now).amountFen;
          const after = quote(policy, { ...f, refundedFen: f.refundedFen + extra }, { type }, now).amountFen;
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is a function of its inputs', () => {
    fc.assert(
      fc.property(policies, facts, request, instant, (policy, f, req, now) => {
        expect(quote(policy, f, req, now)).toEqual(
          quote(policy, structuredClone(f), { ...req }, new Date(now.getTime())),
        );
      }),
      { numRuns: 500 },
    );
  });
});
