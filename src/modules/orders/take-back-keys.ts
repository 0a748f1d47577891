import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { addOrderEvent } from './events.ts';

/**
 * A refund takes keys back, in the approval's transaction: they become `refunded` on their order
 * (history stays; the buyer can no longer reveal them). A key the buyer never revealed goes back on
 * sale as a copy, unless the product says refunded keys stay void; a revealed one never does.
 * Returns how many were taken back and how many went back on sale.
 */
export async function takeBackKeys(
  tx: Db,
  input: {
    orderId: number;
    caseId: number;
    refundNo: string;
    keys: readonly { id: number; revealed: boolean }[];
    now: Date;
  },
): Promise<{ taken: number; restocked: number }> {
  if (input.keys.length === 0) return { taken: 0, restocked: 0 };
  const ids = input.keys.map((k) => k.id);
  const unseen = input.keys.filter((k) => !k.revealed).map((k) => k.id);
  const taken = await tx.execute<{ id: string }>(sql`
    UPDATE card_key SET status = 'refunded', refund_case_id = ${input.caseId}, refunded_at = ${input.now}
    WHERE order_id = ${input.orderId} AND status = 'sold' AND id = ANY (${toArray(ids)})
    RETURNING id`);
  // A copy of the key goes on sale; the partial unique index skips it if the merchant already
  // imported the same key again meanwhile.
  const restocked = unseen.length
    ? await tx.execute(sql`
        INSERT INTO card_key (product_id, secret_enc, fingerprint, masked, status, imported_at, restocked_from)
        SELECT k.product_id, k.secret_enc, k.fingerprint, k.masked, 'available', ${input.now}, k.id
        FROM card_key k JOIN product p ON p.id = k.product_id
        WHERE k.id = ANY (${toArray(unseen)}) AND k.status = 'refunded' AND k.refund_case_id = ${input.caseId}
          AND p.restock_refunded_keys
        ON CONFLICT DO NOTHING`)
    : { rowCount: 0 };
  const result = { taken: taken.rows.length, restocked: restocked.rowCount ?? 0 };
  await addOrderEvent(
    tx,
    input.orderId,
    { kind: 'keys_refunded', refundNo: input.refundNo, count: result.taken },
    null,
    input.now,
  );
  return result;
}

const toArray = (ids: readonly number[]) =>
  sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::bigint[]`;
