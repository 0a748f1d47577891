/** A line diff (longest common subsequence) for comparing policy documents as text. */

export type DiffLine =
  | { kind: 'same'; text: string; oldNo: number; newNo: number }
  | { kind: 'del'; text: string; oldNo: number; newNo: null }
  | { kind: 'add'; text: string; oldNo: null; newNo: number };

/** Unchanged lines folded away between the shown context. */
export type DiffRow = DiffLine | { kind: 'skip'; count: number };

/**
 * Past this many cells (lines before × lines after, once the common head and tail are cut) the
 * middle is shown as removed-then-added instead of paying for the table. A policy is ~600 lines
 * and edits are small, so this only guards against pasting in something huge.
 */
const MAX_CELLS = 4_000_000;

function lcsMiddle(before: string[], after: string[]): ('same' | 'del' | 'add')[] {
  const n = before.length;
  const m = after.length;
  if (n * m > MAX_CELLS) return [...Array<'del'>(n).fill('del'), ...Array<'add'>(m).fill('add')];
  // table[i * (m + 1) + j]: length of the LCS of before[i..] and after[j..].
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => table[i * (m + 1) + j]!;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        before[i] === after[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: ('same' | 'del' | 'add')[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      ops.push('same');
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ops.push('del');
      i++;
    } else {
      ops.push('add');
      j++;
    }
  }
  for (; i < n; i++) ops.push('del');
  for (; j < m; j++) ops.push('add');
  return ops;
}

/** Every line of `before` and `after`, marked same, removed or added, with both line numbers. */
export function diffLines(before: string[], after: string[]): DiffLine[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;

  const ops: ('same' | 'del' | 'add')[] = [
    ...Array<'same'>(head).fill('same'),
    ...lcsMiddle(before.slice(head, before.length - tail), after.slice(head, after.length - tail)),
    ...Array<'same'>(tail).fill('same'),
  ];
  const lines: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  for (const op of ops) {
    if (op === 'same') {
      lines.push({ kind: 'same', text: after[newNo]!, oldNo: oldNo + 1, newNo: newNo + 1 });
      oldNo++;
      newNo++;
    } else if (op === 'del') {
      lines.push({ kind: 'del', text: before[oldNo]!, oldNo: oldNo + 1, newNo: null });
      oldNo++;
    } else {
      lines.push({ kind: 'add', text: after[newNo]!, oldNo: null, newNo: newNo + 1 });
      newNo++;
    }
  }
  return lines;
}

/** The changed lines with `context` unchanged lines around each change; longer unchanged runs fold. */
export function withContext(lines: DiffLine[], context = 3): DiffRow[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    const from = Math.max(0, index - context);
    const to = Math.min(lines.length - 1, index + context);
    for (let k = from; k <= to; k++) keep[k] = 1;
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (keep[index]) {
      if (skipped) rows.push({ kind: 'skip', count: skipped });
      skipped = 0;
      rows.push(line);
    } else skipped++;
  });
  if (skipped) rows.push({ kind: 'skip', count: skipped });
  return rows;
}
