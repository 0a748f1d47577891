import { and, eq, sql } from 'drizzle-orm';
import { orderEscrowFen } from '../../core/ledger/settlement.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { shopOrder } from '../orders/schema.ts';
import { payoutAttempt } from '../payouts/schema.ts';

type OrderMoney = Pick<typeof shopOrder.$inferSelect, 'id' | 'paidFen' | 'refundedFen' | 'settledAt'>;

/** The fees the platform kept from this order's refunds (fee income, no longer in escrow). */
export async function feesKeptFen(tx: Db, orderId: number): Promise<number> {
  const [row] = await tx
    .select({ fees: sql<string>`coalesce(sum(${payoutAttempt.feeFen}), 0)` })
    .from(payoutAttempt)
    .where(and(eq(payoutAttempt.orderId, orderId), eq(payoutAttempt.status, 'succeeded')));
  return Number(row?.fees ?? 0);
}

/** What of this order's payment is still held in escrow (read under the order's row lock). */
export async function escrowOf(tx: Db, o: OrderMoney): Promise<number> {
  if (o.settledAt) return 0;
  return orderEscrowFen({
    paidFen: o.paidFen,
    refundedFen: o.refundedFen,
    feesKeptFen: await feesKeptFen(tx, o.id),
    settled: false,
  });
}
