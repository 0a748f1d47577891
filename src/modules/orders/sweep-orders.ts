import { and, eq, lt, ne, sql } from 'drizzle-orm';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { completeReceipt } from './change-order.ts';
import { addOrderEvent } from './events.ts';
import { shopOrder } from './schema.ts';

const BATCH = 500;

/**
 * Cancels unpaid orders past their deadline (releasing the stock they promised). Each order is
 * re-checked under its own lock (SKIP LOCKED: a payment in progress wins), so a sweep racing a payment
 * never cancels a paid order. Returns how many it cancelled.
 */
export async function expireUnpaidOrders(db: Db, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await inTransaction(db, async (tx) => {
      const due = await tx
        .select({ id: shopOrder.id })
        .from(shopOrder)
        .where(and(eq(shopOrder.status, 'pending_payment'), lt(shopOrder.expiresAt, now)))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const { id } of due) {
        await tx.update(shopOrder).set({ status: 'cancelled', cancelledAt: now }).where(eq(shopOrder.id, id));
        await addOrderEvent(tx, id, { kind: 'cancelled', reason: 'expired' }, null, now);
      }
      return due.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Completes delivered orders nobody confirmed: physical parcels after `autoConfirmDays` (自动确认收货),
 * virtual goods after `autoCompleteDays`. Uses the partial index on delivered orders.
 */
export async function autoCompleteOrders(
  db: Db,
  now: Date,
  days: { autoConfirmDays: number; autoCompleteDays: number },
): Promise<number> {
  const physicalBefore = new Date(now.getTime() - days.autoConfirmDays * 86_400_000);
  const virtualBefore = new Date(now.getTime() - days.autoCompleteDays * 86_400_000);
  let total = 0;
  for (;;) {
    const n = await inTransaction(db, async (tx) => {
      const due = await tx
        .select({ id: shopOrder.id, kind: shopOrder.productKind })
        .from(shopOrder)
        .where(
          and(
            eq(shopOrder.status, 'delivered'),
            // Parenthesised as a whole: `and()` does not wrap its operands, and a bare OR would match
            // completed orders too (re-completing them forever, 500 at a time).
            sql`((${shopOrder.productKind} = 'physical' AND ${shopOrder.deliveredAt} < ${physicalBefore})
              OR (${ne(shopOrder.productKind, 'physical')} AND ${shopOrder.deliveredAt} < ${virtualBefore}))`,
          ),
        )
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const o of due) {
        if (o.kind === 'physical') {
          await completeReceipt(tx, o.id, now, true, null);
        } else {
          await tx
            .update(shopOrder)
            .set({ status: 'completed', completedAt: now })
            .where(eq(shopOrder.id, o.id));
          await addOrderEvent(tx, o.id, { kind: 'completed', auto: true }, null, now);
        }
      }
      return due.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}
