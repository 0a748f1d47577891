import type { Comparison, Condition, RiskRule, RiskRulesDocument, SignalKind } from '../../api/risk.ts';
import { hundredthsText, parseHundredths } from '../../format.ts';

/**
 * Edits of a draft of the risk rules, as pure functions of the document: the rules table changes a
 * rule's switch, score, action or a threshold in its condition without the admin touching the JSON.
 */

/** Where a comparison sits in a condition: indexes into `all`/`any`, and 'not' for a negation. */
export type Step = number | 'not';

export interface Located {
  steps: Step[];
  comparison: Comparison;
}

/** Every comparison of a condition, in reading order. */
export function comparisonsOf(condition: Condition, steps: Step[] = []): Located[] {
  if ('signal' in condition) return [{ steps, comparison: condition }];
  if ('not' in condition) return comparisonsOf(condition.not, [...steps, 'not']);
  const parts = 'all' in condition ? condition.all : condition.any;
  return parts.flatMap((part, index) => comparisonsOf(part, [...steps, index]));
}

/** The condition with the comparison at `steps` given a new value. */
export function withValue(condition: Condition, steps: Step[], value: number | boolean): Condition {
  const [step, ...rest] = steps;
  if (step === undefined) return 'signal' in condition ? { ...condition, value } : condition;
  if (step === 'not') return 'not' in condition ? { not: withValue(condition.not, rest, value) } : condition;
  const swap = (parts: readonly Condition[]) =>
    parts.map((part, i) => (i === step ? withValue(part, rest, value) : part));
  if ('all' in condition) return { all: swap(condition.all) };
  if ('any' in condition) return { any: swap(condition.any) };
  return condition;
}

export function withRule(
  document: RiskRulesDocument,
  index: number,
  patch: Partial<RiskRule>,
): RiskRulesDocument {
  return {
    ...document,
    rules: document.rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)),
  };
}

/**
 * Ratios are typed as percentages and amounts in yuan; the document keeps shares and integer fen. Fen go
 * through the project's string-and-integer helpers (format.ts), never float arithmetic; the input allows
 * two decimals, so a yuan amount is always a whole number of fen.
 */
export function toInput(kind: SignalKind, value: number): number {
  if (kind === 'ratio') return Number((value * 100).toFixed(2));
  if (kind === 'fen') return Number(hundredthsText(value));
  return value;
}

/** null: not a whole number of fen (more than two decimals, or negative) — the edit is not taken. */
export function fromInput(kind: SignalKind, input: number): number | null {
  if (kind === 'ratio') return Number((input / 100).toFixed(4));
  if (kind === 'fen') return parseHundredths(String(input));
  return input;
}

/** Whether `value` looks like a rules document the table can show (else only the JSON editor can). */
export function isRulesDocument(value: unknown): value is RiskRulesDocument {
  const d = value as RiskRulesDocument | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.holdScore === 'number' &&
    Array.isArray(d.rules) &&
    d.rules.every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        typeof r.id === 'string' &&
        typeof r.when === 'object' &&
        r.when !== null,
    )
  );
}

/** The rule an issue path (`rules[3].when.all[0].value`) is about, or null for the document itself. */
export function ruleIndexOf(path: string): number | null {
  const match = /^rules\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : null;
}

/** Rule ids whose switch, score, action or condition differ between two documents. */
export function changedRules(before: RiskRulesDocument, after: RiskRulesDocument): Set<string> {
  const old = new Map(before.rules.map((rule) => [rule.id, JSON.stringify(rule)]));
  return new Set(
    after.rules.filter((rule) => old.get(rule.id) !== JSON.stringify(rule)).map((rule) => rule.id),
  );
}
