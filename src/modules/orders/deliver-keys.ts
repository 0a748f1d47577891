import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { cardKey } from '../catalog/schema.ts';
import { addOrderEvent } from './events.ts';
import { deliveryAttempt, type OrderStatus, shopOrder } from './schema.ts';

/**
 * Assigns `quantity` available keys to a just-paid order, inside the payment's transaction. Keys are
 * picked with FOR UPDATE SKIP LOCKED, so concurrent payments never wait on each other and never get
 * the same key; the partial unique state check (`sold` ⇔ order_id set) backs it up in SQL. All or
 * nothing: if fewer keys are left than ordered, none is assigned and the order shows 发货异常 (failed),
 * which the refund policy treats as undelivered.
 */
export async function deliverCardKeys(
  tx: Db,
  order: { id: number; productId: number; quantity: number },
  now: Date,
): Promise<OrderStatus> {
  const picked = await tx.execute<{ id: number }>(sql`
    SELECT id FROM ${cardKey}
    WHERE product_id = ${order.productId} AND status = 'available'
    ORDER BY id LIMIT ${order.quantity}
    FOR UPDATE SKIP LOCKED`);
  const ids = picked.rows.map((r) => Number(r.id));
  if (ids.length < order.quantity) {
    await tx.insert(deliveryAttempt).values({
      orderId: order.id,
      attemptNo: 1,
      status: 'failed',
      requestedUnits: order.quantity,
      arrivedUnits: 0,
      detail: 'out_of_stock',
      at: now,
    });
    await tx.update(shopOrder).set({ deliveryStatus: 'failed' }).where(eq(shopOrder.id, order.id));
    await addOrderEvent(
      tx,
      order.id,
      { kind: 'delivery_failed', reason: 'out_of_stock', wanted: order.quantity, available: ids.length },
      null,
      now,
    );
    return 'awaiting_delivery';
  }
  await tx.execute(sql`
    UPDATE ${cardKey} SET status = 'sold', order_id = ${order.id}, sold_at = ${now}
    WHERE id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  await tx.insert(deliveryAttempt).values({
    orderId: order.id,
    attemptNo: 1,
    status: 'succeeded',
    requestedUnits: order.quantity,
    arrivedUnits: order.quantity,
    at: now,
  });
  await tx
    .update(shopOrder)
    .set({ status: 'delivered', deliveryStatus: 'delivered', deliveredAt: now })
    .where(eq(shopOrder.id, order.id));
  await addOrderEvent(tx, order.id, { kind: 'keys_delivered', count: ids.length }, null, now);
  return 'delivered';
}
