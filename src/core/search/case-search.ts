import { isOrderNo } from '../orders/order-no.ts';

/** The longest search text a list accepts (a refund number is 15 characters, a username at most 32). */
export const SEARCH_MAX_LENGTH = 64;

/**
 * What a search box's text means, judged by its shape so each kind is one indexed lookup:
 * `R` + 14 digits is a refund number (退款编号), 14 digits an order number, a short number (or `#12`) a
 * buyer's id, anything else the start of a buyer's username (staff) or part of a product name (a buyer
 * or merchant searching their own cases).
 */
export type CaseSearch =
  | { kind: 'refundNo'; refundNo: string }
  | { kind: 'orderNo'; orderNo: string }
  | { kind: 'buyerId'; buyerId: number }
  | { kind: 'text'; text: string };

/** Reads a search box's text; null when there is nothing to search for. */
export function parseCaseSearch(raw: string | undefined): CaseSearch | null {
  const q = (raw ?? '').trim();
  if (q === '') return null;
  // Numbers are shown grouped (`261125 0000001 2`) and copied with their spaces.
  const compact = q.replace(/[\s-]+/g, '');
  if (/^R\d{14}$/i.test(compact)) return { kind: 'refundNo', refundNo: compact.toUpperCase() };
  if (/^\d{14}$/.test(compact)) return { kind: 'orderNo', orderNo: compact };
  const id = /^#?(\d{1,12})$/.exec(compact);
  if (id) return { kind: 'buyerId', buyerId: Number(id[1]) };
  return { kind: 'text', text: q };
}

/** Whether a 14-digit search is a well-formed order number (a mistyped digit fails its check digit). */
export function isWellFormedOrderNo(s: CaseSearch): boolean {
  return s.kind !== 'orderNo' || isOrderNo(s.orderNo);
}

/** `text` as a LIKE pattern matching the start of a value: `%`, `_` and `\` are taken literally. */
export function likePrefix(text: string): string {
  return `${escapeLike(text)}%`;
}

/** `text` as a LIKE pattern matching anywhere in a value. */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
