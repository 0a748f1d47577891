import { sql } from 'drizzle-orm';
import type { KeySelection, OrderFacts } from '../../core/policy/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { OrderRow } from '../orders/find-order.ts';

/** A key issued to the order, as the policy sees it. */
export type OrderKey = { id: number; refunded: boolean; revealed: boolean };

/**
 * What the policy engine reads about an order, built from the records (keys issued and taken back,
 * extraction log, top-up arrivals, shipment), not from the status alone: "shipped" proves nothing
 * (seed §4). Also returns the order's keys, which a refund request chooses from.
 */
export async function readOrderFacts(db: Db, o: OrderRow): Promise<{ facts: OrderFacts; keys: OrderKey[] }> {
  const keyed = o.productKind === 'card_key' || o.productKind === 'membership';
  const keys = keyed ? await orderKeys(db, o.id) : [];
  const receivedAt = o.productKind === 'physical' ? await receivedAtOf(db, o.id) : null;
  return { facts: factsOf(o, keys, receivedAt), keys };
}

/** The facts from the order row and its records, however they were read. */
export function factsOf(o: OrderRow, keys: readonly OrderKey[], receivedAt: Date | null): OrderFacts {
  const issued = keys.length;
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
    feesWithheldFen: o.feesKeptFen,
    channel: o.channel ?? 'balance',
    quantity: o.quantity,
    delivery: {
      deliveredAt: o.deliveredAt,
      failed: o.deliveryStatus === 'failed',
      keysIssued: issued,
      keysRevealed: keys.filter((k) => !k.refunded && k.revealed).length,
      keysRefunded: keys.filter((k) => k.refunded).length,
      orderedUnits: Math.max(1, orderedUnits),
      arrivedUnits: Math.min(Math.max(1, orderedUnits), arrivedUnits),
    },
    receivedAt,
    paidAt: o.paidAt,
  };
}

/**
 * The order's keys as one JSON value, for a statement that reads the order and its records together:
 * `[{id, refunded, revealed}]`, or null for an order without keys. `o` names the order's row.
 */
export const ORDER_KEYS_JSON =
  sql.raw(`(SELECT json_agg(json_build_object('id', k.id, 'refunded', k.status = 'refunded',
    'revealed', EXISTS (SELECT 1 FROM card_key_extraction e WHERE e.order_id = k.order_id AND e.card_key_id = k.id))
    ORDER BY k.id) FROM card_key k WHERE k.order_id = o.id)`);

export async function orderFacts(db: Db, o: OrderRow): Promise<OrderFacts> {
  return (await readOrderFacts(db, o)).facts;
}

async function orderKeys(db: Db, orderId: number): Promise<OrderKey[]> {
  const res = await db.execute<{ id: string; status: string; revealed: boolean }>(sql`
    SELECT k.id, k.status,
           EXISTS (SELECT 1 FROM card_key_extraction e WHERE e.order_id = k.order_id AND e.card_key_id = k.id) AS revealed
    FROM card_key k WHERE k.order_id = ${orderId} ORDER BY k.id`);
  return res.rows.map((r) => ({ id: Number(r.id), refunded: r.status === 'refunded', revealed: r.revealed }));
}

async function receivedAtOf(db: Db, orderId: number): Promise<Date | null> {
  const res = await db.execute<{ received_at: Date | null }>(
    sql`SELECT received_at FROM shipment WHERE order_id = ${orderId}`,
  );
  const at = res.rows[0]?.received_at;
  return at ? new Date(at) : null;
}

/**
 * The keys a refund covers: the ones the buyer chose — each must be a key of this order the buyer
 * still holds — or, when none were named, every key still held. Returns their ids and, for the
 * engine, how many of them are unrevealed and revealed.
 */
export function chooseKeys(
  keys: readonly OrderKey[],
  chosen: readonly number[] | undefined,
  field = 'body.items',
): { ids: number[]; selection: KeySelection | undefined } {
  const held = keys.filter((k) => !k.refunded);
  if (chosen === undefined) return { ids: held.map((k) => k.id), selection: undefined };
  const byId = new Map(held.map((k) => [k.id, k]));
  const picked = [...new Set(chosen)].map((id) => byId.get(id));
  if (picked.some((k) => k === undefined))
    throw new AppError('REQUEST.VALIDATION', {
      fields: [{ field, message: 'every card key must be one of this order’s keys the buyer still holds' }],
    });
  const list = picked as OrderKey[];
  return {
    ids: list.map((k) => k.id).sort((a, b) => a - b),
    selection: {
      unrevealed: list.filter((k) => !k.revealed).length,
      revealed: list.filter((k) => k.revealed).length,
    },
  };
}
