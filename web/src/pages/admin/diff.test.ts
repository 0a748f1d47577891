import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, withContext } from './diff.ts';

describe('line diff', () => {
  it('finds the one changed line of a policy edit', () => {
    const before = ['{', '  "rateBp": 500,', '  "minFen": 0', '}'];
    const after = ['{', '  "rateBp": 1000,', '  "minFen": 0', '}'];
    const changed = diffLines(before, after).filter((l) => l.kind !== 'same');
    expect(changed).toEqual([
      { kind: 'del', text: '  "rateBp": 500,', oldNo: 2, newNo: null },
      { kind: 'add', text: '  "rateBp": 1000,', oldNo: null, newNo: 2 },
    ]);
  });

  it('always rebuilds both sides from its output', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (before, after) => {
        const d = diffLines(before, after);
        expect(d.filter((l) => l.kind !== 'add').map((l) => l.text)).toEqual(before);
        expect(d.filter((l) => l.kind !== 'del').map((l) => l.text)).toEqual(after);
      }),
    );
  });

  it('folds long unchanged runs away from the context', () => {
    const before = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[25] = 'changed';
    const rows = withContext(diffLines(before, after), 3);
    expect(rows.some((r) => r.kind === 'skip')).toBe(true);
    expect(rows.filter((r) => r.kind !== 'skip')).toHaveLength(3 + 2 + 3);
  });
});
