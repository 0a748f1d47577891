import { and, eq } from 'drizzle-orm';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { cardKey } from '../catalog/schema.ts';
import { addOrderEvent } from './events.ts';
import { findVisibleOrder } from './find-order.ts';
import { lockingCase, refundNoOf } from './key-locks.ts';
import { cardKeyExtraction } from './schema.ts';

export type Extraction = {
  id: number;
  cardKeyId: number;
  action: 'reveal' | 'copy';
  at: string;
  ip: string | null;
  userAgent: string | null;
};

/**
 * Shows the buyer one of their keys in plain text and records it (提取记录: time, IP, device) in the
 * same transaction — no record, no key. Only the buyer may do this: a staff member looking would
 * create an extraction the refund policy would hold against the buyer. A key taken back by a refund
 * is void; a key never revealed that an open refund case covers is locked until the case ends — under
 * the order's row lock, which submitting a case also takes, so a reveal and a submission never cross.
 */
export async function revealCardKey(input: {
  db: Db;
  box: SecretBox;
  buyer: Actor;
  orderNo: string;
  keyId: number;
  action: 'reveal' | 'copy';
  ip: string;
  userAgent: string | undefined;
  now: Date;
}): Promise<{ id: number; secret: string; extraction: Extraction }> {
  return inTransaction(input.db, async (tx) => {
    const order = await findVisibleOrder(tx, input.orderNo, input.buyer, { forUpdate: true });
    if (order.buyerId !== input.buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
    if (order.paidFen === 0) throw new AppError('ORDER.NOT_PAID');
    const [key] = await tx
      .select()
      .from(cardKey)
      .where(and(eq(cardKey.id, input.keyId), eq(cardKey.orderId, order.id)));
    if (!key) throw new AppError('RESOURCE.NOT_FOUND');
    if (key.status === 'refunded')
      throw new AppError('CARD_KEY.REFUNDED', { refundNo: await refundNoOf(tx, key.refundCaseId) });
    const lockedBy = await lockingCase(tx, order.id, key.id);
    if (lockedBy) throw new AppError('CARD_KEY.LOCKED', { refundNo: lockedBy });
    const [row] = await tx
      .insert(cardKeyExtraction)
      .values({
        orderId: order.id,
        cardKeyId: key.id,
        userId: input.buyer.userId,
        action: input.action,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 500) ?? null,
        at: input.now,
      })
      .returning();
    await addOrderEvent(
      tx,
      order.id,
      { kind: 'key_extracted', action: input.action, cardKeyId: key.id },
      input.buyer.userId,
      input.now,
    );
    return {
      id: key.id,
      secret: input.box.open(key.secretEnc),
      extraction: {
        id: row!.id,
        cardKeyId: key.id,
        action: row!.action,
        at: row!.at.toISOString(),
        ip: row!.ip,
        userAgent: row!.userAgent,
      },
    };
  });
}
