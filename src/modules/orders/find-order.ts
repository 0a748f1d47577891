import { eq } from 'drizzle-orm';
import { canSee } from '../../core/access.ts';
import { isOrderNo } from '../../core/orders/order-no.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { shopOrder } from './schema.ts';

export type OrderRow = typeof shopOrder.$inferSelect;

/**
 * The order with this number if the actor may see it — otherwise "not found", the same answer as for
 * a number that does not exist, so order numbers cannot be probed. `forUpdate` locks the row: every
 * state change of an order goes through this lock, which serialises payments, cancellations and sweeps.
 */
export async function findVisibleOrder(
  tx: Db,
  orderNo: string,
  actor: Actor,
  opts: { forUpdate?: boolean } = {},
): Promise<OrderRow> {
  if (!isOrderNo(orderNo)) throw new AppError('RESOURCE.NOT_FOUND');
  const q = tx.select().from(shopOrder).where(eq(shopOrder.orderNo, orderNo));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row || !canSee(actor, { buyerId: row.buyerId, merchantId: row.merchantId }))
    throw new AppError('RESOURCE.NOT_FOUND');
  return row;
}
