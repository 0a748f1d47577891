import type { Condition, RiskRules, RuleAction } from './rules.ts';
import { QUIET_SIGNALS, type SignalValues } from './signals.ts';

export type RiskOutcome = 'none' | 'watch' | 'no_express' | 'hold';

export type FiredRule = {
  readonly id: string;
  readonly score: number;
  readonly action: RuleAction;
  readonly reasonZh: string;
  readonly reasonEn: string;
};

export type RiskVerdict = {
  /** The fired rules' scores added up (never below 0). */
  readonly score: number;
  /** hold ⊃ no_express ⊃ watch: a held case is also kept out of express refunds. */
  readonly action: RiskOutcome;
  /** Why it is held: a rule whose action is hold, or the total reaching `holdScore`. */
  readonly heldBy: 'rule' | 'score' | null;
  readonly fired: readonly FiredRule[];
};

export function holds(c: Condition, s: SignalValues): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, s));
  if ('any' in c) return c.any.some((x) => holds(x, s));
  if ('not' in c) return !holds(c.not, s);
  const v = s[c.signal];
  if (typeof v === 'boolean' || typeof c.value === 'boolean') return c.op === 'eq' && v === c.value;
  switch (c.op) {
    case 'gt':
      return v > c.value;
    case 'gte':
      return v >= c.value;
    case 'lt':
      return v < c.value;
    case 'lte':
      return v <= c.value;
    case 'eq':
      return v === c.value;
  }
}

/** Judges one submission's signals under a rule set. Pure; never rejects — the worst is a hold. */
export function evaluateRisk(rules: RiskRules, signals: SignalValues): RiskVerdict {
  const fired: FiredRule[] = rules.rules
    .filter((r) => r.enabled && holds(r.when, signals))
    .map(({ id, score, action, reasonZh, reasonEn }) => ({ id, score, action, reasonZh, reasonEn }));
  const score = Math.max(
    0,
    fired.reduce((sum, r) => sum + r.score, 0),
  );
  const heldBy = fired.some((r) => r.action === 'hold') ? 'rule' : score >= rules.holdScore ? 'score' : null;
  const action: RiskOutcome = heldBy
    ? 'hold'
    : fired.some((r) => r.action === 'no_express')
      ? 'no_express'
      : fired.some((r) => r.action === 'watch')
        ? 'watch'
        : 'none';
  return { score, action, heldBy, fired };
}

/**
 * Signals as stored with an older assessment may lack ones added since: those read as quiet, so a
 * what-if over history never holds a case for a signal nobody measured then.
 */
export function storedSignals(values: Partial<Record<string, unknown>>): SignalValues {
  const out: Record<string, number | boolean> = { ...QUIET_SIGNALS };
  for (const [k, quiet] of Object.entries(QUIET_SIGNALS)) {
    const v = values[k];
    if (typeof v === typeof quiet && (typeof v !== 'number' || Number.isFinite(v)))
      out[k] = v as number | boolean;
  }
  return out as SignalValues;
}
