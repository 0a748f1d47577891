import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { cardKey } from '../catalog/schema.ts';
import { findVisibleOrder } from './find-order.ts';
import { refundNoOf } from './key-locks.ts';
import { cardKeyExtraction } from './schema.ts';

/**
 * The plain key once more, for a replayed reveal (the same Idempotency-Key): the idempotency table keeps
 * the first answer without the key, and the first request's extraction record stands for both, so
 * nothing is written here. The caller must still be the order's buyer, the key not refunded, and the
 * extraction theirs, of this key — the checks revealCardKey makes, read again now.
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
    .select({ secretEnc: cardKey.secretEnc, status: cardKey.status, refundCaseId: cardKey.refundCaseId })
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
  // Taken back by a refund since: void, as for a first reveal. (The lock of an open case never applies:
  // it covers keys never revealed, and this one was, by the request being replayed.)
  if (row.status === 'refunded')
    throw new AppError('CARD_KEY.REFUNDED', { refundNo: await refundNoOf(input.db, row.refundCaseId) });
  return input.box.open(row.secretEnc);
}
