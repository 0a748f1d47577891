import { orderEscrowFen } from '../../core/ledger/settlement.ts';
import type { shopOrder } from '../orders/schema.ts';

type OrderMoney = Pick<
  typeof shopOrder.$inferSelect,
  'paidFen' | 'refundedFen' | 'feesKeptFen' | 'settledAt'
>;

/**
 * What of this order's payment is still held in escrow (read under the order's row lock): paid, less
 * refunds and the fees kept (fee income). A fee given back after a dispute comes out of fee income,
 * not escrow, and moves from kept to refunded, so escrow does not change.
 */
export function escrowOf(o: OrderMoney): number {
  return orderEscrowFen({
    paidFen: o.paidFen,
    refundedFen: o.refundedFen,
    feesKeptFen: o.feesKeptFen,
    settled: o.settledAt !== null,
  });
}
