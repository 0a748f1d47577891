import type { CompiledPolicy } from './compile.ts';
import type { OrderFacts } from './facts.ts';
import { quote } from './quote.ts';
import type { ProductKind, RefundType } from './vocabulary.ts';

/** One past refund request and what was decided then. */
export type PastRequest = {
  orderNo: string;
  type: RefundType;
  requestedFen?: number;
  facts: OrderFacts;
  at: Date;
  before: Outcome;
};

export type Outcome = { eligible: boolean; amountFen: number; ruleId: string };

export type SimulationGroup = {
  type: RefundType;
  productKind: ProductKind;
  cases: number;
  changed: number;
  amountBeforeFen: number;
  amountAfterFen: number;
};

export type SimulationReport = {
  cases: number;
  changed: number;
  eligibleBefore: number;
  eligibleAfter: number;
  amountBeforeFen: number;
  amountAfterFen: number;
  byGroup: SimulationGroup[];
  examples: { orderNo: string; type: RefundType; before: Outcome; after: Outcome }[];
};

const MAX_EXAMPLES = 20;

/**
 * What-if: re-decides past requests under a draft policy, each at the time it was made and on the
 * facts as they were then, and totals what would change. Streaming (`add` one at a time) so a large
 * history never sits in memory. Pure: writes nothing, reads no clock.
 */
export function createSimulation(draft: CompiledPolicy) {
  const groups = new Map<string, SimulationGroup>();
  const report: SimulationReport = {
    cases: 0,
    changed: 0,
    eligibleBefore: 0,
    eligibleAfter: 0,
    amountBeforeFen: 0,
    amountAfterFen: 0,
    byGroup: [],
    examples: [],
  };
  return {
    add(r: PastRequest): void {
      const q = quote(draft, r.facts, { type: r.type, requestedFen: r.requestedFen }, r.at);
      const after: Outcome = { eligible: q.eligible, amountFen: q.amountFen, ruleId: q.ruleId };
      const changed = after.eligible !== r.before.eligible || after.amountFen !== r.before.amountFen;
      const key = `${r.type}/${r.facts.productKind}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          type: r.type,
          productKind: r.facts.productKind,
          cases: 0,
          changed: 0,
          amountBeforeFen: 0,
          amountAfterFen: 0,
        };
        groups.set(key, g);
      }
      g.cases++;
      g.amountBeforeFen += r.before.amountFen;
      g.amountAfterFen += after.amountFen;
      report.cases++;
      report.amountBeforeFen += r.before.amountFen;
      report.amountAfterFen += after.amountFen;
      if (r.before.eligible) report.eligibleBefore++;
      if (after.eligible) report.eligibleAfter++;
      if (changed) {
        g.changed++;
        report.changed++;
        if (report.examples.length < MAX_EXAMPLES)
          report.examples.push({ orderNo: r.orderNo, type: r.type, before: r.before, after });
      }
    },
    report(): SimulationReport {
      return {
        ...report,
        byGroup: [...groups.values()].sort((a, b) => b.changed - a.changed || b.cases - a.cases),
      };
    },
  };
}
