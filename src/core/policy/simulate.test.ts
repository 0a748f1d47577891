import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.ts';
import { DEFAULT_POLICY } from './default-policy.ts';
import { factsFromJson, factsToJson } from './facts-json.ts';
import { quote } from './quote.ts';
import type { PolicyDocument } from './schema.ts';
import { createSimulation, type PastRequest } from './simulate.ts';
import { cardKeyDelivered, makeFacts } from './testing/make-facts.ts';
import type { RefundType } from './vocabulary.ts';

const now = new Date('2026-11-25T04:00:00Z');
const current = compilePolicy(DEFAULT_POLICY);

function past(facts = makeFacts(), type: RefundType = 'not_as_described'): PastRequest {
  const q = quote(current, facts, { type }, now);
  return {
    orderNo: facts.orderNo,
    request: { type },
    facts,
    at: now,
    before: { eligible: q.eligible, amountFen: q.amountFen, ruleId: q.ruleId },
  };
}

describe('what-if simulation', () => {
  it('reports no change when the draft is the current policy', () => {
    const sim = createSimulation(current);
    for (let i = 0; i < 5; i++) sim.add(past());
    const r = sim.report();
    expect(r).toMatchObject({ cases: 5, changed: 0, examples: [] });
    expect(r.amountAfterFen).toBe(r.amountBeforeFen);
  });

  it('counts changed outcomes and money by type and product kind when a fee rises', () => {
    const draft: PolicyDocument = structuredClone(DEFAULT_POLICY) as PolicyDocument;
    draft.fees[0]!.rateBp = 1000;
    const sim = createSimulation(compilePolicy(draft));
    const req = past(cardKeyDelivered(1, 0));
    sim.add(req);
    sim.add(past(makeFacts())); // undelivered yet 'not as described': refused under both policies
    const r = sim.report();
    expect(req.before.eligible).toBe(true);
    expect(r).toMatchObject({ cases: 2, changed: 1, eligibleBefore: 1, eligibleAfter: 1 });
    expect(r.amountAfterFen).toBeLessThan(r.amountBeforeFen);
    expect(r.amountBeforeFen - r.amountAfterFen).toBe(500);
    expect(r.byGroup).toEqual([
      expect.objectContaining({ type: 'not_as_described', productKind: 'card_key', cases: 2, changed: 1 }),
    ]);
    expect(r.examples).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ amountFen: 9500 }),
        after: expect.objectContaining({ amountFen: 9000 }),
      }),
    ]);
  });

  it('tallies quotes buyers only looked at apart from the cases', () => {
    const draft: PolicyDocument = structuredClone(DEFAULT_POLICY) as PolicyDocument;
    draft.fees[0]!.rateBp = 1000;
    const sim = createSimulation(compilePolicy(draft));
    sim.add(past(cardKeyDelivered(1, 0)));
    sim.addView(past(cardKeyDelivered(1, 0)));
    sim.addView(past(makeFacts()));
    const r = sim.report();
    expect(r.cases).toBe(1);
    expect(r.quoteViews).toEqual({ count: 2, changed: 1, eligibleBefore: 1, eligibleAfter: 1 });
  });

  it('replays the keys a case chose', () => {
    const sim = createSimulation(current);
    const facts = cardKeyDelivered(3, 0);
    const request = { type: 'not_received' as const, keys: { unrevealed: 1, revealed: 0 } };
    const q = quote(current, facts, request, now);
    sim.add({
      orderNo: 'KM1',
      request,
      facts,
      at: now,
      before: { eligible: true, amountFen: q.amountFen, ruleId: q.ruleId },
    });
    expect(sim.report()).toMatchObject({ cases: 1, changed: 0, amountAfterFen: 3166 });
  });

  it('round-trips facts through JSON storage', () => {
    const f = makeFacts();
    expect(factsFromJson(JSON.parse(JSON.stringify(factsToJson(f))))).toEqual(f);
  });
});
