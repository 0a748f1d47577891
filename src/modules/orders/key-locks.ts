import { sql } from 'drizzle-orm';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import type { Db } from '../../platform/db/pool.ts';

/** The open case states as an SQL list (orders cannot import the refunds module: it imports them). */
export const OPEN_STATES_SQL = sql.raw(OPEN_STATES.map((s) => `'${s}'`).join(','));

/**
 * The open refund case that locks this key, if any: a case covers the keys chosen when it was
 * submitted, and a covered key the buyer never revealed stays hidden while the case is open — once
 * seen, it could no longer be refunded as unused, and the refund would pay for goods the buyer kept.
 */
export async function lockingCase(tx: Db, orderId: number, keyId: number): Promise<string | null> {
  const res = await tx.execute<{ refund_no: string }>(sql`
    SELECT c.refund_no FROM refund_case c
    WHERE c.order_id = ${orderId} AND c.state IN (${OPEN_STATES_SQL}) AND ${keyId} = ANY (c.card_key_ids)
      AND NOT EXISTS (SELECT 1 FROM card_key_extraction e WHERE e.order_id = ${orderId} AND e.card_key_id = ${keyId})
    LIMIT 1`);
  return res.rows[0]?.refund_no ?? null;
}

/** The refund number of a case by id (for messages that name it). */
export async function refundNoOf(tx: Db, caseId: number | null): Promise<string | null> {
  if (caseId === null) return null;
  const res = await tx.execute<{ refund_no: string }>(
    sql`SELECT refund_no FROM refund_case WHERE id = ${caseId}`,
  );
  return res.rows[0]?.refund_no ?? null;
}
