import type { CompiledPolicy } from './compile.ts';
import type { OrderFacts, RefundRequest } from './facts.ts';
import { quote } from './quote.ts';
import type { ProductKind, RefundType } from './vocabulary.ts';

/** One past refund request — a submitted case, or a quote a buyer only looked at — and its outcome then. */
export type PastRequest = {
  orderNo: string;
  request: RefundRequest;
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

/** Quotes buyers looked at without applying: shown apart, never counted as cases. */
export type QuoteViews = { count: number; changed: number; eligibleBefore: number; eligibleAfter: number };

export type SimulationReport = {
  cases: number;
  changed: number;
  eligibleBefore: number;
  eligibleAfter: number;
  amountBeforeFen: number;
  amountAfterFen: number;
  byGroup: SimulationGroup[];
  examples: { orderNo: string; type: RefundType; before: Outcome; after: Outcome }[];
  quoteViews: QuoteViews;
};

const MAX_EXAMPLES = 20;

function replay(draft: CompiledPolicy, r: PastRequest): { after: Outcome; changed: boolean } {
  const q = quote(draft, r.facts, r.request, r.at);
  const after: Outcome = { eligible: q.eligible, amountFen: q.amountFen, ruleId: q.ruleId };
  return { after, changed: after.eligible !== r.before.eligible || after.amountFen !== r.before.amountFen };
}

/**
 * What-if: re-decides past requests under a draft policy, each at the time it was made and on the
 * facts as they were then, and totals what would change. Submitted cases (`add`) are the report;
 * quotes buyers only looked at (`addView`) are tallied apart, each order and type once. Streaming, so
 * a large history never sits in memory. Pure: writes nothing, reads no clock.
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
    quoteViews: { count: 0, changed: 0, eligibleBefore: 0, eligibleAfter: 0 },
  };
  return {
    add(r: PastRequest): void {
      const { after, changed } = replay(draft, r);
      const type = r.request.type;
      const key = `${type}/${r.facts.productKind}`;
      let g = groups.get(key);
      if (!g) {
        g = {
          type,
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
          report.examples.push({ orderNo: r.orderNo, type, before: r.before, after });
      }
    },
    addView(r: PastRequest): void {
      const { after, changed } = replay(draft, r);
      const v = report.quoteViews;
      v.count++;
      if (changed) v.changed++;
      if (r.before.eligible) v.eligibleBefore++;
      if (after.eligible) v.eligibleAfter++;
    },
    report(): SimulationReport {
      return {
        ...report,
        quoteViews: { ...report.quoteViews },
        byGroup: [...groups.values()].sort((a, b) => b.changed - a.changed || b.cases - a.cases),
      };
    },
  };
}
