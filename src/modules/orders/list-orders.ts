import { and, eq, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import { maskName } from '../../core/orders/buyer-privacy.ts';
import { isPgTime } from '../../platform/db/pg-time.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser, merchant } from '../auth/schema.ts';
import { OPEN_STATES_SQL } from './key-locks.ts';
import { type OrderStatus, shopOrder } from './schema.ts';
import { type OrderSummary, orderSummary } from './views.ts';

export type ListOrdersQuery = {
  status?: OrderStatus;
  q?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
};

type Cursor = { t: string; i: number };

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.t === 'string' && Number.isSafeInteger(c.i) && isPgTime(c.t)) return c;
  } catch {}
  throw new AppError('REQUEST.VALIDATION', {
    fields: [{ field: 'query.cursor', message: 'invalid cursor' }],
  });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of orders the actor may see, newest first. Buyers see their own, merchants their shop's,
 * staff everything. Keyset paging on (created_at, id) walks one of the composite indexes, so a deep
 * page costs what the first page costs. `q` is an order-number prefix (digits) or part of the
 * product name; within one buyer's orders the name filter runs over that buyer's index range only.
 */
export async function listOrders(
  db: Db,
  actor: Actor,
  query: ListOrdersQuery,
): Promise<{ items: OrderSummary[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (actor.role === 'buyer') where.push(eq(shopOrder.buyerId, actor.userId));
  else if (actor.role === 'merchant') where.push(eq(shopOrder.merchantId, actor.merchantId ?? -1));
  if (query.status) where.push(eq(shopOrder.status, query.status));
  if (query.from) where.push(gte(shopOrder.createdAt, query.from));
  if (query.to) where.push(lt(shopOrder.createdAt, query.to));
  const q = query.q?.trim();
  if (q) {
    const byName = ilike(shopOrder.productName, `%${escapeLike(q)}%`);
    where.push(/^\d{4,14}$/.test(q) ? or(sql`${shopOrder.orderNo} LIKE ${`${q}%`}`, byName)! : byName);
  }
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    // The cursor carries PostgreSQL's own text of created_at (microseconds), not a JS Date (milliseconds).
    where.push(sql`(${shopOrder.createdAt}, ${shopOrder.id}) < (${c.t}::timestamptz, ${c.i})`);
  }
  const rows = await db
    .select({
      order: shopOrder,
      merchantName: merchant.name,
      buyerName: appUser.displayName,
      createdAtText: sql<string>`${shopOrder.createdAt}::text`,
      // At most one case is open per order; 20 probes of refund_case_order_idx per page.
      openRefundNo: sql<string | null>`(SELECT c.refund_no FROM refund_case c
        WHERE c.order_id = shop_order.id AND c.state IN (${OPEN_STATES_SQL}) LIMIT 1)`,
    })
    .from(shopOrder)
    .innerJoin(merchant, eq(merchant.id, shopOrder.merchantId))
    .innerJoin(appUser, eq(appUser.id, shopOrder.buyerId))
    .where(and(...where))
    // NULLS LAST as in the indexes (drizzle's index `.desc()`): a bare DESC means NULLS FIRST, which no
    // index provides, so PostgreSQL would fetch and sort every matching row instead of reading 21.
    .orderBy(sql`${shopOrder.createdAt} DESC NULLS LAST`, sql`${shopOrder.id} DESC NULLS LAST`)
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    // A merchant sees the buyer's surname only (core/orders/buyer-privacy.ts).
    items: page.map((r) =>
      orderSummary(r.order, actor.role === 'merchant' ? { ...r, buyerName: maskName(r.buyerName) } : r),
    ),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: last.createdAtText, i: last.order.id }) : null,
  };
}
