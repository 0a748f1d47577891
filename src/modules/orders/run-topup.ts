import { count, eq } from 'drizzle-orm';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { addOrderEvent } from './events.ts';
import { deliveryAttempt, shopOrder } from './schema.ts';
import type { TopupSupplier } from './supplier.ts';

export const TOPUP_JOB = 'delivery.topup';
export const MAX_TOPUP_ATTEMPTS = 3;

/**
 * One direct top-up attempt for a paid order (job `delivery.topup`). Idempotent: it re-reads the order
 * under its lock and does nothing unless the order still waits for delivery. Each attempt is a
 * `delivery_attempt` row with what arrived. A failure is retried (after 30 s, then 60 s) up to three
 * attempts, then the order shows 发货异常. A partial arrival is final: the order is delivered with
 * `arrived_units` < `ordered_units`, which the refund policy pays back pro rata.
 */
export async function runTopup(input: {
  db: Db;
  jobs: JobQueue;
  supplier: TopupSupplier;
  orderId: number;
  now: () => Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const [order] = await tx.select().from(shopOrder).where(eq(shopOrder.id, input.orderId)).for('update');
    if (order?.status !== 'awaiting_delivery' || order.deliveryStatus !== 'pending') return;
    const [{ n }] = (await tx
      .select({ n: count() })
      .from(deliveryAttempt)
      .where(eq(deliveryAttempt.orderId, order.id))) as [{ n: number }];
    const attemptNo = n + 1;
    const units = order.orderedUnits ?? 0;
    // The simulated supplier answers from the database at once; a real one is called with a timeout and
    // its answer confirmed by query before the order moves (the money issue's pattern).
    const outcome = await input.supplier.recharge({
      account: order.topupAccount ?? '',
      units,
      quantity: order.quantity,
      attemptNo,
    });
    const now = input.now();
    await tx.insert(deliveryAttempt).values({
      orderId: order.id,
      attemptNo,
      status: outcome.status,
      requestedUnits: units,
      arrivedUnits: outcome.arrivedUnits,
      detail: outcome.detail,
      at: now,
    });
    await addOrderEvent(
      tx,
      order.id,
      {
        kind: 'topup_attempt',
        attemptNo,
        status: outcome.status,
        requestedUnits: units,
        arrivedUnits: outcome.arrivedUnits,
      },
      null,
      now,
    );
    if (outcome.status === 'failed') {
      if (attemptNo < MAX_TOPUP_ATTEMPTS) {
        await input.jobs.sendInTx(
          tx,
          TOPUP_JOB,
          { orderId: order.id },
          { startAfterSeconds: 30 * attemptNo },
        );
        return;
      }
      await tx
        .update(shopOrder)
        .set({ deliveryStatus: 'failed', arrivedUnits: 0 })
        .where(eq(shopOrder.id, order.id));
      await addOrderEvent(tx, order.id, { kind: 'delivery_failed', reason: 'topup_failed' }, null, now);
      return;
    }
    await tx
      .update(shopOrder)
      .set({
        status: 'delivered',
        deliveryStatus: outcome.status === 'succeeded' ? 'delivered' : 'partial',
        arrivedUnits: outcome.arrivedUnits,
        deliveredAt: now,
      })
      .where(eq(shopOrder.id, order.id));
  });
}
