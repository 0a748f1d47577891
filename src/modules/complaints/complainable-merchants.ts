import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { merchant } from '../auth/schema.ts';
import { shopOrder } from '../orders/schema.ts';

/**
 * The shops a buyer may complain about in general (投诉商家): those they bought from, as fileComplaint
 * requires — what the complaint form offers to choose from.
 */
export async function complainableMerchants(
  db: Db,
  buyer: Actor,
): Promise<{ merchantId: number; name: string }[]> {
  return db
    .selectDistinct({ merchantId: merchant.id, name: merchant.name })
    .from(shopOrder)
    .innerJoin(merchant, eq(merchant.id, shopOrder.merchantId))
    .where(eq(shopOrder.buyerId, buyer.userId))
    .orderBy(asc(merchant.name), asc(merchant.id));
}
