import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { cardKey } from '../catalog/schema.ts';
import { findVisibleOrder } from './find-order.ts';
import { cardKeyExtraction } from './schema.ts';

/**
 * The plain key once more, for a replayed reveal (the same Idempotency-Key): the idempotency table keeps
 * the first answer without the key, and the first request's extraction record stands for both, so
 * nothing is written here. The caller must still be the order's buyer, and the extraction must be
 * theirs, of this key — the same checks as revealCardKey makes, read again now.
 */
export async function rereadCardKey(input: {
  db: Db;
  box: SecretBox;
  buyer: Actor;
  orderNo: string;
  keyId: number;
  extractionId: number;
}): Promise<string> {
  const order = await findVisibleOrder(input.db, input.orderNo, input.buyer);
  if (order.buyerId !== input.buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
  if (order.paidFen === 0) throw new AppError('ORDER.NOT_PAID');
  const [row] = await input.db
    .select({ secretEnc: cardKey.secretEnc })
    .from(cardKey)
    .innerJoin(cardKeyExtraction, eq(cardKeyExtraction.cardKeyId, cardKey.id))
    .where(
      and(
        eq(cardKey.id, input.keyId),
        eq(cardKey.orderId, order.id),
        eq(cardKeyExtraction.id, input.extractionId),
        eq(cardKeyExtraction.userId, input.buyer.userId),
      ),
    );
  if (!row) throw new AppError('RESOURCE.NOT_FOUND');
  return input.box.open(row.secretEnc);
}
