import { type BusinessCalendar, compileCalendar } from '../calendar/business-calendar.ts';
import type { Rounding } from '../money/rounding.ts';
import type { FeeLine, PolicyDocument, Rule } from './schema.ts';
import type { Reason } from './system-reasons.ts';
import { PRODUCT_KINDS, type ProductKind, REFUND_TYPES, type RefundType } from './vocabulary.ts';

export interface CompiledRule {
  readonly rule: Rule;
  readonly fees: readonly FeeLine[];
  /** Prebuilt so a quote does not allocate the rule's reason on every call. */
  readonly reason: Reason;
  readonly hint: { readonly zh: string; readonly en: string } | undefined;
}

/** A policy prepared for fast quoting: rules bucketed by kind × type, already in priority order. */
export interface CompiledPolicy {
  readonly kind: 'compiled-policy';
  readonly doc: PolicyDocument;
  readonly version: number | null;
  readonly rounding: Rounding;
  readonly calendar: BusinessCalendar;
  readonly buckets: readonly (readonly CompiledRule[])[];
}

const KIND_INDEX = new Map<string, number>(PRODUCT_KINDS.map((k, i) => [k, i]));
const TYPE_INDEX = new Map<string, number>(REFUND_TYPES.map((t, i) => [t, i]));

/** -1 when the kind or type is not one we know (bad data at run time). */
export function bucketIndex(kind: ProductKind, type: RefundType): number {
  const k = KIND_INDEX.get(kind);
  const t = TYPE_INDEX.get(type);
  if (k === undefined || t === undefined) return -1;
  return k * REFUND_TYPES.length + t;
}

/**
 * Prepares a policy that passed PolicyDocumentSchema. Rules with equal priority cannot overlap in a
 * valid policy, so the sort's tie order never decides an outcome.
 */
export function compilePolicy(doc: PolicyDocument): CompiledPolicy {
  const feeById = new Map(doc.fees.map((f) => [f.id, f]));
  const compiledRules: CompiledRule[] = doc.rules.map((rule) => ({
    rule,
    fees: rule.outcome.feeIds.map((id) => {
      const fee = feeById.get(id);
      if (fee === undefined)
        throw new Error(`rule ${rule.id} cites unknown fee ${id}; validate the policy first`);
      return fee;
    }),
    reason: { ruleId: rule.id, textZh: rule.textZh, textEn: rule.textEn },
    hint:
      rule.hintZh !== undefined && rule.hintEn !== undefined
        ? { zh: rule.hintZh, en: rule.hintEn }
        : undefined,
  }));
  const byPriority = [...compiledRules].sort((a, b) => b.rule.priority - a.rule.priority);
  const buckets: CompiledRule[][] = [];
  for (const kind of PRODUCT_KINDS) {
    for (const type of REFUND_TYPES) {
      buckets[bucketIndex(kind, type)] = byPriority.filter(
        (c) => c.rule.appliesTo.kinds.includes(kind) && c.rule.appliesTo.types.includes(type),
      );
    }
  }
  return {
    kind: 'compiled-policy',
    doc,
    version: doc.version ?? null,
    rounding: doc.rounding,
    calendar: compileCalendar(doc.calendar),
    buckets,
  };
}

export type PolicyInput = PolicyDocument | CompiledPolicy;

// Memoised by identity: a validated document is treated as immutable once handed to the engine.
const cache = new WeakMap<PolicyDocument, CompiledPolicy>();

export function toCompiledPolicy(policy: PolicyInput): CompiledPolicy {
  if ('kind' in policy && policy.kind === 'compiled-policy') return policy;
  const doc = policy as PolicyDocument;
  let hit = cache.get(doc);
  if (hit === undefined) {
    hit = compilePolicy(doc);
    cache.set(doc, hit);
  }
  return hit;
}
