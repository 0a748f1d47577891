/**
 * A card key as shown before the buyer reveals it: enough to tell keys apart, not enough to use one.
 * At most a quarter of the characters (and never more than 4 at each end) stay visible.
 */
export function maskSecret(secret: string): string {
  const chars = [...secret];
  const keep = Math.min(4, Math.floor(chars.length / 8));
  if (keep === 0) return '*'.repeat(Math.max(chars.length, 4));
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - 2 * keep) + chars.slice(-keep).join('');
}

/** Normalises an imported key line: trims, drops a CSV tail, collapses inner whitespace. */
export function normaliseKeyLine(line: string): string {
  const first = line.split(/[,\t]/)[0] ?? '';
  return first
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .replace(/\s+/g, ' ');
}
