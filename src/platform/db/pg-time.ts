/** PostgreSQL's text of a timestamptz (`2026-12-08 10:03:00.123456+08`), as keyset cursors carry it. */
const PG_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?$/;

/**
 * Whether `s` is such a text naming a time that exists (no 30 February, no hour 99, an offset within
 * ±15 h) between 1970 and 9998 — so casting it back cannot fail. A cursor comes from the client and
 * may be forged; a bad one is the client's error, not the server's.
 */
export function isPgTime(s: string): boolean {
  const m = PG_TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se, oh, om] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const day = new Date(Date.UTC(y!, mo! - 1, d!));
  return (
    y! >= 1970 &&
    y! <= 9998 &&
    day.getUTCMonth() === mo! - 1 &&
    day.getUTCDate() === d &&
    h! <= 23 &&
    mi! <= 59 &&
    se! <= 59 &&
    oh! <= 15 &&
    om! <= 59
  );
}
