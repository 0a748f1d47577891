import { eq, type SQL, sql } from 'drizzle-orm';
import { assertNever } from '../../core/assert-never.ts';
import {
  isWellFormedOrderNo,
  likeContains,
  likePrefix,
  parseCaseSearch,
} from '../../core/search/case-search.ts';
import type { Actor } from '../auth/actor.ts';
import { shopOrder } from '../orders/schema.ts';
import { refundCase } from './schema.ts';

/** Buyers a username prefix may stand for: enough to find someone, bounded so the lookup stays small. */
const BUYERS_PER_PREFIX = 50;

/**
 * The condition a list's search box adds (on `refund_case` joined to `shop_order`), each kind one
 * indexed lookup: the refund number and order number by their unique indexes, a buyer by id
 * (refund_case_buyer_idx) or by username prefix (app_user_username_prefix_idx, migration 0028).
 * Staff search buyers; a buyer or merchant, who see only their own cases, search product names within
 * them instead (bounded by the owner's index). The caller's own scope is added by the list, not here.
 */
export function caseSearchWhere(actor: Actor, raw: string | undefined): SQL | null {
  const s = parseCaseSearch(raw);
  if (!s) return null;
  const staff = actor.role !== 'buyer' && actor.role !== 'merchant';
  switch (s.kind) {
    case 'refundNo':
      return eq(refundCase.refundNo, s.refundNo);
    case 'orderNo':
      // A mistyped digit fails the check digit: nothing to find, without a lookup.
      return isWellFormedOrderNo(s) ? eq(shopOrder.orderNo, s.orderNo) : sql`false`;
    case 'buyerId':
      return staff ? eq(refundCase.buyerId, s.buyerId) : productLike(String(s.buyerId));
    case 'text':
      return staff
        ? sql`${refundCase.buyerId} IN (SELECT u.id FROM app_user u WHERE u.role = 'buyer'
            AND u.username LIKE ${likePrefix(s.text)} ORDER BY u.username LIMIT ${BUYERS_PER_PREFIX})`
        : productLike(s.text);
    default:
      return assertNever(s, 'search');
  }
}

function productLike(text: string): SQL {
  return sql`${shopOrder.productName} ILIKE ${likeContains(text)}`;
}
