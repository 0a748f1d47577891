import { describe, expect, it } from 'vitest';
import { formatIssuePath } from '../validation.ts';
import { DEFAULT_POLICY } from './default-policy.ts';
import { parsePolicy } from './parse.ts';

type Json = Record<string, unknown>;
const DELETE = Symbol('delete');

/** A mutable deep copy of the defaults with `value` written at `path` (or the key deleted). */
function draft(path: readonly (string | number)[], value: unknown): Json {
  const d = structuredClone(DEFAULT_POLICY) as unknown as Json;
  let node = d as Json;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  const last = path.at(-1)!;
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return d;
}
const ruleIndex = (id: string) => DEFAULT_POLICY.rules.findIndex((r) => r.id === id);

function issuesOf(input: unknown): string[] {
  const r = parsePolicy(input);
  return r.ok ? [] : r.issues.map((i) => i.path);
}

describe('PolicyDocumentSchema', () => {
  it('accepts the default policy', () => {
    const r = parsePolicy(DEFAULT_POLICY);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('formats paths the way admins read them', () => {
    expect(formatIssuePath(['rules', 3, 'outcome', 'feeIds', 0])).toBe('rules[3].outcome.feeIds[0]');
    expect(formatIssuePath(['calendar', 'holidays', 3])).toBe('calendar.holidays[3]');
    expect(formatIssuePath([])).toBe('');
  });

  const used = ruleIndex('V-USED');
  const unused = ruleIndex('V-UNUSED');
  const partial = ruleIndex('V-PARTIAL');
  const undelivered = ruleIndex('V-UNDELIVERED');
  const fee = DEFAULT_POLICY.fees[0]!;
  it.each<[string, (string | number)[], unknown, string[]]>([
    ['a negative rate', ['fees', 0, 'rateBp'], -1, ['fees[0].rateBp']],
    ['a rate above 100%', ['fees', 0, 'rateBp'], 10_001, ['fees[0].rateBp']],
    ['a fractional rate', ['fees', 0, 'rateBp'], 2.5, ['fees[0].rateBp']],
    ['min fee above max fee', ['fees', 0], { ...fee, minFen: 500, maxFen: 100 }, ['fees[0].minFen']],
    ['a duplicate fee id', ['fees', 1], { ...fee }, ['fees[1].id']],
    [
      'an unknown refund type',
      ['rules', 0, 'appliesTo', 'types', 1],
      'refund_please',
      ['rules[0].appliesTo.types[1]'],
    ],
    [
      'an unknown product kind',
      ['rules', 0, 'appliesTo', 'kinds', 0],
      'ebook',
      ['rules[0].appliesTo.kinds[0]'],
    ],
    ['a misspelt condition', ['rules', used, 'when', 'deliverd'], true, [`rules[${used}].when`]],
    ['a duplicate rule id', ['rules', used, 'id'], 'V-UNUSED', [`rules[${used}].id`]],
    ['a reserved id', ['rules', used, 'id'], 'ORDER-UNPAID', [`rules[${used}].id`]],
    ['a lower-case id', ['rules', used, 'id'], 'v-used', [`rules[${used}].id`]],
    ['a refusal without a hint', ['rules', used, 'hintEn'], DELETE, [`rules[${used}].hintEn`]],
    [
      'an unknown fee id',
      ['rules', unused, 'outcome', 'feeIds', 1],
      'NOPE',
      [`rules[${unused}].outcome.feeIds[1]`],
    ],
    [
      'a fee on an undelivered share',
      ['rules', partial, 'outcome', 'feeIds'],
      ['PLATFORM-SERVICE'],
      [`rules[${partial}].outcome.feeIds`],
    ],
    [
      'a fee on an undelivered virtual order',
      ['rules', undelivered, 'outcome', 'feeIds'],
      ['PLATFORM-SERVICE'],
      [`rules[${undelivered}].outcome.feeIds`],
    ],
    [
      'an impossible date in the calendar',
      ['calendar', 'holidays', 3],
      '2026-02-30',
      ['calendar.holidays[3]'],
    ],
    ['month 13 in the calendar', ['calendar', 'holidays', 3], '2026-13-01', ['calendar.holidays[3]']],
    ['not a date', ['calendar', 'holidays', 3], 'not-a-date', ['calendar.holidays[3]']],
    [
      'a holiday that is also a makeup day',
      ['calendar', 'holidays', 33],
      '2026-02-14',
      ['calendar.makeupWorkdays[1]'],
    ],
    ['an SLA range upside down', ['sla', 'virtual'], { minDays: 4, maxDays: 3 }, ['sla.virtual.minDays']],
    ['a missing channel', ['arrival', 'balance'], DELETE, ['arrival.balance']],
    ['an unknown rounding', ['rounding'], 'banker', ['rounding']],
    ['no rules', ['rules'], [], ['rules']],
  ])('rejects %s with the exact path', (_, path, value, paths) => {
    expect(issuesOf(draft(path, value))).toEqual(paths);
  });

  it('rejects two same-priority rules that can match the same order', () => {
    // V-USED moved to V-UNUSED's priority: `used` differs, so they still cannot both match.
    expect(issuesOf(draft(['rules', ruleIndex('V-USED'), 'priority'], 50))).toEqual([]);
    const extra = {
      ...structuredClone(DEFAULT_POLICY.rules[ruleIndex('V-NOT-SHORT')]!),
      id: 'V-EXTRA',
      priority: 60,
      when: { delivered: true },
    };
    const r = parsePolicy(draft(['rules', DEFAULT_POLICY.rules.length], extra));
    const at = `rules[${DEFAULT_POLICY.rules.length}].priority`;
    const scope = 'card_key/direct_topup/membership × partial_delivery';
    expect(r.ok ? [] : r.issues.map((i) => [i.path, i.message])).toEqual([
      [at, `rule V-EXTRA overlaps rule V-PARTIAL at the same priority: both can match ${scope}`],
    ]);
  });

  it('returns a fresh, editable copy rather than the frozen input', () => {
    const r = parsePolicy(DEFAULT_POLICY);
    if (!r.ok) throw new Error('default policy must parse');
    expect(r.policy).not.toBe(DEFAULT_POLICY);
    expect(Object.isFrozen(r.policy)).toBe(false);
    expect(r.policy).toEqual(DEFAULT_POLICY);
  });

  it('freezes the defaults against accidental edits', () => {
    expect(Object.isFrozen(DEFAULT_POLICY.rules[0]?.appliesTo.kinds)).toBe(true);
    expect(() => {
      (DEFAULT_POLICY.fees[0] as { rateBp: number }).rateBp = 0;
    }).toThrow(TypeError);
  });
});
