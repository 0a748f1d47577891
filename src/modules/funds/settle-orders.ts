import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { settlementTxn } from '../../core/ledger/settlement.ts';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { postTxn } from '../ledger/post-txn.ts';
import { shopOrder } from '../orders/schema.ts';
import { refundCase } from '../refunds/schema.ts';
import { escrowOf } from './escrow.ts';
import { recoverAdvances } from './recover.ts';

const BATCH = 200;
/** The open case states, as an SQL list. */
export const openStates = sql.raw(OPEN_STATES.map((s) => `'${s}'`).join(','));

/**
 * Settlement (结算): completed orders whose freeze period has passed, with no refund case still open
 * on them, pay what they have left in escrow to the merchant's balance — which first pays back what
 * the merchant owes the guarantee fund. One transaction per batch; rows are locked SKIP LOCKED so
 * several workers share the sweep, and an order is settled once (settled_at).
 */
export async function settleDueOrders(db: Db, now: Date, freezeDays: number): Promise<number> {
  const completedBefore = new Date(now.getTime() - freezeDays * 86_400_000);
  let total = 0;
  for (;;) {
    const n = await inTransaction(db, async (tx) => {
      const due = await tx
        .select()
        .from(shopOrder)
        .where(
          and(
            eq(shopOrder.status, 'completed'),
            isNull(shopOrder.settledAt),
            lt(shopOrder.completedAt, completedBefore),
            sql`NOT EXISTS (SELECT 1 FROM ${refundCase} WHERE ${refundCase.orderId} = ${shopOrder.id}
              AND ${refundCase.state} IN (${openStates}))`,
          ),
        )
        .orderBy(asc(shopOrder.completedAt))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const o of due) await settleOrder(tx, o, now);
      return due.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

async function settleOrder(tx: Db, o: typeof shopOrder.$inferSelect, now: Date): Promise<void> {
  const amountFen = escrowOf(o);
  if (amountFen > 0) {
    await postTxn(tx, settlementTxn({ orderNo: o.orderNo, merchantId: o.merchantId, amountFen }), now);
    await recoverAdvances(tx, { merchantId: o.merchantId, from: 'balance', ref: `order:${o.orderNo}`, now });
  }
  await tx.update(shopOrder).set({ settledFen: amountFen, settledAt: now }).where(eq(shopOrder.id, o.id));
}
