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
  const ids = await pickKeys(tx, order);
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
  await handOver(tx, order, ids, 1, now, false);
  return 'delivered';
}

/** Up to `quantity` available keys of the product, locked for this transaction (none another holds). */
async function pickKeys(tx: Db, order: { productId: number; quantity: number }): Promise<number[]> {
  const picked = await tx.execute<{ id: number }>(sql`
    SELECT id FROM ${cardKey}
    WHERE product_id = ${order.productId} AND status = 'available'
    ORDER BY id LIMIT ${order.quantity}
    FOR UPDATE SKIP LOCKED`);
  return picked.rows.map((r) => Number(r.id));
}

async function handOver(
  tx: Db,
  order: { id: number; quantity: number },
  ids: number[],
  attemptNo: number,
  now: Date,
  restocked: boolean,
): Promise<void> {
  await tx.execute(sql`
    UPDATE ${cardKey} SET status = 'sold', order_id = ${order.id}, sold_at = ${now}
    WHERE id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  await tx.insert(deliveryAttempt).values({
    orderId: order.id,
    attemptNo,
    status: 'succeeded',
    requestedUnits: order.quantity,
    arrivedUnits: order.quantity,
    at: now,
  });
  await tx
    .update(shopOrder)
    .set({ status: 'delivered', deliveryStatus: 'delivered', deliveredAt: now })
    .where(eq(shopOrder.id, order.id));
  await addOrderEvent(
    tx,
    order.id,
    restocked
      ? { kind: 'keys_delivered', count: ids.length, restocked }
      : { kind: 'keys_delivered', count: ids.length },
    null,
    now,
  );
}

/**
 * 补发: once new keys are in stock, the product's paid orders that found it empty get theirs — the
 * earliest paid first, each whole or not at all (a later, smaller order may fit where a large one does
 * not) — and their buyers a site message. Not an order whose buyer has since asked for a refund (a case
 * open, approved or refunded): that case goes on as it is; nor one another transaction holds (a refund
 * being submitted on it right now). In the importing transaction, so the keys are sold or stocked, not
 * both. Returns the orders delivered.
 */
export async function deliverToWaitingOrders(tx: Db, productId: number, now: Date): Promise<string[]> {
  const waiting = await tx.execute<{
    id: number;
    quantity: number;
    order_no: string;
    buyer_id: number;
    attempts: number;
  }>(sql`
    SELECT o.id, o.quantity, o.order_no, o.buyer_id,
           (SELECT count(*) FROM ${deliveryAttempt} a WHERE a.order_id = o.id)::int AS attempts
    FROM ${shopOrder} o
    WHERE o.product_id = ${productId} AND o.status = 'awaiting_delivery' AND o.delivery_status = 'failed'
      AND o.refunded_fen = 0
      AND NOT EXISTS (SELECT 1 FROM refund_case c
                      WHERE c.order_id = o.id AND c.state NOT IN ('withdrawn', 'closed', 'rejected'))
    ORDER BY o.paid_at, o.id
    FOR UPDATE OF o SKIP LOCKED`);
  const delivered: string[] = [];
  for (const o of waiting.rows) {
    const order = { id: Number(o.id), productId, quantity: Number(o.quantity) };
    const ids = await pickKeys(tx, order);
    if (ids.length < order.quantity) {
      if (ids.length === 0) break;
      continue;
    }
    await handOver(tx, order, ids, Number(o.attempts) + 1, now, true);
    await tx.execute(sql`
      INSERT INTO site_message (user_id, kind, subject, title_zh, title_en, body_zh, body_en, link, created_at)
      VALUES (${Number(o.buyer_id)}, 'order.redelivered', ${`order:${o.order_no}`}, '卡密已补发', 'Your card keys have arrived',
        ${`订单 ${o.order_no} 此前因库存不足未能发货，商家补货后系统已为您补发 ${order.quantity} 个卡密，请在订单页查看。`},
        ${`Order ${o.order_no} could not be delivered for lack of stock; the shop restocked and your ${order.quantity} card key(s) are now on the order page.`},
        ${`/buyer/orders/${o.order_no}`}, ${now})`);
    delivered.push(o.order_no);
  }
  return delivered;
}
