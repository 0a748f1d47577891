import { sql } from 'drizzle-orm';
import { type Db, executePrepared } from '../../platform/db/pool.ts';
import { orderEvent } from './schema.ts';

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
  // One statement: the keys taken back, their copies put on sale (a copy of a key the buyer never
  // saw, unless the product keeps refunded keys void; the partial unique index skips one the merchant
  // already imported again), and the order's timeline entry with the count.
  const { rows } = await executePrepared<{ taken: string; restocked: string }>(
    tx,
    sql`
    WITH taken AS (
      UPDATE card_key SET status = 'refunded', refund_case_id = ${input.caseId}, refunded_at = ${input.now}
      WHERE order_id = ${input.orderId} AND status = 'sold' AND id = ANY (${toArray(ids)})
      RETURNING id, product_id, secret_enc, fingerprint, masked
    ), restocked AS (
      INSERT INTO card_key (product_id, secret_enc, fingerprint, masked, status, imported_at, restocked_from)
      SELECT t.product_id, t.secret_enc, t.fingerprint, t.masked, 'available', ${input.now}, t.id
      FROM taken t JOIN product p ON p.id = t.product_id
      WHERE t.id = ANY (${toArray(unseen)}) AND p.restock_refunded_keys
      ON CONFLICT DO NOTHING
      RETURNING 1
    ), event AS (
      INSERT INTO ${orderEvent} (order_id, kind, data, actor_id, at)
      SELECT ${input.orderId}, 'keys_refunded',
        jsonb_build_object('refundNo', ${input.refundNo}::text, 'count', (SELECT count(*) FROM taken)), NULL, ${input.now}
    )
    SELECT (SELECT count(*) FROM taken) AS taken, (SELECT count(*) FROM restocked) AS restocked`,
  );
  return { taken: Number(rows[0]!.taken), restocked: Number(rows[0]!.restocked) };
}

const toArray = (ids: readonly number[]) =>
  sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::bigint[]`;
