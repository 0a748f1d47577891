import type { Conditions } from './schema.ts';
import type { ProductKind, RefundType } from './vocabulary.ts';

/** The parts of a rule that decide whether it can match. */
export interface OverlapCandidate {
  readonly id: string;
  readonly priority: number;
  readonly appliesTo: { readonly kinds: readonly ProductKind[]; readonly types: readonly RefundType[] };
  readonly when: Conditions;
}

export interface Overlap {
  /** Indexes into the rules array; first < second. */
  readonly first: number;
  readonly second: number;
  readonly firstId: string;
  readonly secondId: string;
  readonly why: string;
}

const FLAGS = [
  'delivered',
  'failed',
  'keysRevealed',
  'used',
  'arrivedShort',
  'received',
  'feeCharged',
] as const;
type Flag = (typeof FLAGS)[number];
type FlagValues = Partial<Record<Flag, boolean>>;

/**
 * Adds the conditions another condition implies, so that e.g. "within 7 days of receipt" and
 * "not received" are seen as exclusive. Returns null for conditions no order can meet.
 */
function impliedFlags(when: Conditions): FlagValues | null {
  const flags: FlagValues = {};
  for (const f of FLAGS) {
    const v = when[f];
    if (v !== undefined) flags[f] = v;
  }
  // Days since receipt are only known once a parcel was signed for.
  if (when.maxDaysSinceReceipt !== undefined) {
    if (flags.received === false) return null;
    flags.received = true;
  }
  // A revealed key is a used key.
  if (flags.keysRevealed === true) {
    if (flags.used === false) return null;
    flags.used = true;
  }
  return flags;
}

function intersect<T>(a: readonly T[], b: readonly T[]): T[] {
  return a.filter((x) => b.includes(x));
}

/** Whether some order could satisfy both condition sets; conditions are treated as independent. */
function compatible(a: Conditions, b: Conditions): boolean {
  const fa = impliedFlags(a);
  const fb = impliedFlags(b);
  if (fa === null || fb === null) return false;
  for (const f of FLAGS) {
    const va = fa[f];
    const vb = fb[f];
    if (va !== undefined && vb !== undefined && va !== vb) return false;
  }
  if (
    a.statusIn !== undefined &&
    b.statusIn !== undefined &&
    intersect(a.statusIn, b.statusIn).length === 0
  ) {
    return false;
  }
  // Upper bounds on days can always hold together (a fresh order meets both).
  return true;
}

/**
 * Pairs of rules with the same priority that can match the same order and request. Evaluation tries
 * rules by priority, so such a pair would be decided by array order — an accident of editing, not a
 * policy. The check is conservative: it treats conditions as independent (beyond the implications
 * above), so it may flag a pair that real orders never both satisfy; give one a different priority.
 */
export function findOverlaps(rules: readonly OverlapCandidate[]): Overlap[] {
  const out: Overlap[] = [];
  for (let i = 0; i < rules.length; i += 1) {
    const a = rules[i]!;
    for (let j = i + 1; j < rules.length; j += 1) {
      const b = rules[j]!;
      if (a.priority !== b.priority) continue;
      const kinds = intersect(a.appliesTo.kinds, b.appliesTo.kinds);
      const types = intersect(a.appliesTo.types, b.appliesTo.types);
      if (kinds.length === 0 || types.length === 0 || !compatible(a.when, b.when)) continue;
      out.push({
        first: i,
        second: j,
        firstId: a.id,
        secondId: b.id,
        why: `both can match ${kinds.join('/')} × ${types.join('/')}`,
      });
    }
  }
  return out;
}
