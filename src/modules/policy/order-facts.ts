import { sql } from 'drizzle-orm';
import type { OrderFacts } from '../../core/policy/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { OrderRow } from '../orders/find-order.ts';

/**
 * What the policy engine reads about an order, built from the records (keys issued, extraction log,
 * top-up arrivals, shipment), not from the status alone: "shipped" proves nothing (seed §4).
 */
export async function orderFacts(db: Db, o: OrderRow): Promise<OrderFacts> {
  const res = await db.execute<{ issued: number; revealed: number; received_at: Date | null }>(sql`
    SELECT (SELECT count(*) FROM card_key WHERE order_id = ${o.id})::int AS issued,
           (SELECT count(DISTINCT card_key_id) FROM card_key_extraction WHERE order_id = ${o.id})::int AS revealed,
           (SELECT received_at FROM shipment WHERE order_id = ${o.id}) AS received_at`);
  const r = res.rows[0]!;
  const issued = Number(r.issued);
  const delivered = o.deliveredAt !== null;
  const orderedUnits = o.productKind === 'direct_topup' ? (o.orderedUnits ?? o.quantity) : o.quantity;
  const arrivedUnits =
    o.productKind === 'direct_topup'
      ? (o.arrivedUnits ?? 0)
      : o.productKind === 'physical'
        ? delivered
          ? o.quantity
          : 0
        : issued;
  return {
    orderNo: o.orderNo,
    productKind: o.productKind,
    status: o.status,
    paidFen: o.paidFen,
    refundedFen: o.refundedFen,
    channel: o.channel ?? 'balance',
    quantity: o.quantity,
    delivery: {
      deliveredAt: o.deliveredAt,
      failed: o.deliveryStatus === 'failed',
      keysIssued: issued,
      keysRevealed: Number(r.revealed),
      orderedUnits: Math.max(1, orderedUnits),
      arrivedUnits: Math.min(Math.max(1, orderedUnits), arrivedUnits),
    },
    receivedAt: r.received_at ? new Date(r.received_at) : null,
    paidAt: o.paidAt,
  };
}
