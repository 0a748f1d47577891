import type { OrderEventData } from '../../core/orders/timeline.ts';
import type { Db } from '../../platform/db/pool.ts';
import { orderEvent } from './schema.ts';

/** Appends one entry to the order's timeline (same transaction as the change it records). */
export async function addOrderEvent(
  tx: Db,
  orderId: number,
  event: OrderEventData,
  actorId: number | null,
  at?: Date,
): Promise<void> {
  const { kind, ...data } = event;
  await tx.insert(orderEvent).values({ orderId, kind, data, actorId, ...(at ? { at } : {}) });
}
