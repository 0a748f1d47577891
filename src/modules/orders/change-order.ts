import { eq } from 'drizzle-orm';
import { orderRefundState } from '../../core/orders/refund-state.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { addOrderEvent } from './events.ts';
import { findVisibleOrder } from './find-order.ts';
import { shipment, shopOrder } from './schema.ts';

type Common = { db: Db; actor: Actor; orderNo: string; ip: string; now: Date };

const audit = (tx: Db, c: Common, action: string, data?: Record<string, unknown>) =>
  writeAudit(tx, {
    actorId: c.actor.userId,
    actorRole: c.actor.role,
    ip: c.ip,
    action,
    subject: `order:${c.orderNo}`,
    data,
  });

/** The buyer cancels an unpaid order; its promised stock is free again at once. */
export async function cancelOrder(c: Common): Promise<void> {
  await inTransaction(c.db, async (tx) => {
    const order = await findVisibleOrder(tx, c.orderNo, c.actor, { forUpdate: true });
    if (order.buyerId !== c.actor.userId) throw new AppError('RESOURCE.NOT_FOUND');
    if (order.status !== 'pending_payment')
      throw new AppError('ORDER.INVALID_STATE', { status: order.status });
    await tx
      .update(shopOrder)
      .set({ status: 'cancelled', cancelledAt: c.now })
      .where(eq(shopOrder.id, order.id));
    await addOrderEvent(tx, order.id, { kind: 'cancelled', reason: 'buyer' }, c.actor.userId, c.now);
    await audit(tx, c, 'order.cancel');
  });
}

/** The merchant ships a paid physical order with a tracking number. */
export async function shipOrder(c: Common & { carrier: string; trackingNo: string }): Promise<void> {
  await inTransaction(c.db, async (tx) => {
    const order = await findVisibleOrder(tx, c.orderNo, c.actor, { forUpdate: true });
    if (c.actor.role !== 'merchant' || order.merchantId !== c.actor.merchantId)
      throw new AppError('RESOURCE.NOT_FOUND');
    if (order.productKind !== 'physical' || order.status !== 'awaiting_delivery') {
      throw new AppError('ORDER.INVALID_STATE', { status: order.status, kind: order.productKind });
    }
    // The buyer has their money back: nothing is owed to them, and a parcel sent now is a loss.
    if (orderRefundState(order) === 'refunded') throw new AppError('ORDER.REFUNDED');
    await tx
      .insert(shipment)
      .values({ orderId: order.id, carrier: c.carrier, trackingNo: c.trackingNo, shippedAt: c.now });
    await tx
      .update(shopOrder)
      .set({ status: 'delivered', deliveryStatus: 'delivered', deliveredAt: c.now })
      .where(eq(shopOrder.id, order.id));
    await addOrderEvent(
      tx,
      order.id,
      { kind: 'shipped', carrier: c.carrier, trackingNo: c.trackingNo },
      c.actor.userId,
      c.now,
    );
    await audit(tx, c, 'order.ship', { carrier: c.carrier, trackingNo: c.trackingNo });
  });
}

/** The buyer confirms a parcel arrived: the order completes (the 7-day no-reason window starts). */
export async function confirmReceipt(c: Common): Promise<void> {
  await inTransaction(c.db, async (tx) => {
    const order = await findVisibleOrder(tx, c.orderNo, c.actor, { forUpdate: true });
    if (order.buyerId !== c.actor.userId) throw new AppError('RESOURCE.NOT_FOUND');
    if (order.productKind !== 'physical' || order.status !== 'delivered') {
      throw new AppError('ORDER.INVALID_STATE', { status: order.status, kind: order.productKind });
    }
    if (orderRefundState(order) === 'refunded') throw new AppError('ORDER.REFUNDED');
    await completeReceipt(tx, order.id, c.now, false, c.actor.userId);
    await audit(tx, c, 'order.confirm_receipt');
  });
}

export async function completeReceipt(
  tx: Db,
  orderId: number,
  now: Date,
  auto: boolean,
  actorId: number | null,
): Promise<void> {
  await tx
    .update(shipment)
    .set({ receivedAt: now, autoConfirmed: auto })
    .where(eq(shipment.orderId, orderId));
  await tx.update(shopOrder).set({ status: 'completed', completedAt: now }).where(eq(shopOrder.id, orderId));
  await addOrderEvent(tx, orderId, { kind: 'received', auto }, actorId, now);
  await addOrderEvent(tx, orderId, { kind: 'completed', auto }, actorId, now);
}
