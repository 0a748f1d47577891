import { evaluateRisk, type RiskOutcome } from './evaluate.ts';
import type { RiskRules } from './rules.ts';
import type { SignalValues } from './signals.ts';

/** What became of a past case: approved (and paid or paying), refused, or not decided yet. */
export type CaseOutcome = 'approved' | 'not_approved' | 'open';

export type HistoricCase = {
  readonly refundNo: string;
  readonly signals: SignalValues;
  readonly outcome: CaseOutcome;
};

export type HoldStats = {
  readonly held: number;
  /** Held cases that were decided (approved or not); the rate below counts only these. */
  readonly decided: number;
  /** Held cases a person approved in the end: holds that turned out unnecessary. */
  readonly laterApproved: number;
  /** laterApproved ÷ decided; null when nothing held was decided. */
  readonly falsePositiveRate: number | null;
};

export type RuleStats = HoldStats & { readonly id: string; readonly fired: number };

export type RiskSimulation = {
  readonly cases: number;
  readonly current: HoldStats;
  readonly draft: HoldStats;
  readonly rules: RuleStats[];
  /** Cases the draft would hold that the rules in force do not, and the other way round (≤ 20 each). */
  readonly newlyHeld: { refundNo: string; outcome: CaseOutcome; rules: string[] }[];
  readonly released: { refundNo: string; outcome: CaseOutcome; rules: string[] }[];
  /** How many there are in all (the lists above are the first examples). */
  readonly newlyHeldCount: number;
  readonly releasedCount: number;
};

const EXAMPLES = 20;

class Tally {
  held = 0;
  decided = 0;
  laterApproved = 0;
  add(outcome: CaseOutcome): void {
    this.held++;
    if (outcome === 'open') return;
    this.decided++;
    if (outcome === 'approved') this.laterApproved++;
  }
  stats(): HoldStats {
    return {
      held: this.held,
      decided: this.decided,
      laterApproved: this.laterApproved,
      falsePositiveRate: this.decided === 0 ? null : this.laterApproved / this.decided,
    };
  }
}

/**
 * The what-if for a draft rule set over past cases (their signals as recorded at submission): how
 * many each set would have held, how many of those a person approved anyway (the false-positive
 * rate), and per draft rule how often it fired. Fed case by case, so 100,000 cases stream through.
 */
export function riskSimulator(current: RiskRules, draft: RiskRules) {
  let cases = 0;
  const now = new Tally();
  const next = new Tally();
  const perRule = new Map<string, { fired: number; tally: Tally }>(
    draft.rules.map((r) => [r.id, { fired: 0, tally: new Tally() }]),
  );
  const newlyHeld: RiskSimulation['newlyHeld'][number][] = [];
  const released: RiskSimulation['released'][number][] = [];
  const changed = { newlyHeld: 0, released: 0 };
  const held = (a: RiskOutcome) => a === 'hold';
  return {
    add(c: HistoricCase): void {
      cases++;
      const before = evaluateRisk(current, c.signals);
      const after = evaluateRisk(draft, c.signals);
      if (held(before.action)) now.add(c.outcome);
      if (held(after.action)) next.add(c.outcome);
      for (const f of after.fired) {
        const r = perRule.get(f.id)!;
        r.fired++;
        if (held(after.action)) r.tally.add(c.outcome);
      }
      if (held(after.action) !== held(before.action)) {
        const list = held(after.action) ? newlyHeld : released;
        changed[held(after.action) ? 'newlyHeld' : 'released']++;
        const fired = (held(after.action) ? after : before).fired.map((f) => f.id);
        if (list.length < EXAMPLES) list.push({ refundNo: c.refundNo, outcome: c.outcome, rules: fired });
      }
    },
    result(): RiskSimulation {
      return {
        cases,
        current: now.stats(),
        draft: next.stats(),
        rules: [...perRule].map(([id, r]) => ({ id, fired: r.fired, ...r.tally.stats() })),
        newlyHeld,
        released,
        newlyHeldCount: changed.newlyHeld,
        releasedCount: changed.released,
      };
    },
  };
}
