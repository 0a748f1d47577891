import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { applyTransition } from './apply-transition.ts';
import { findVisibleCase } from './find-case.ts';

/** The buyer withdraws their case before it is approved (已撤销); the reserved amount is released. */
export async function withdrawRefund(input: {
  db: Db;
  buyer: Actor;
  refundNo: string;
  reason?: string;
  ip: string;
  now: Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.buyer, { forUpdate: true });
    if (c.buyerId !== input.buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
    await applyTransition(tx, c, {
      event: 'withdraw',
      as: 'buyer',
      actor: input.buyer,
      reason: input.reason,
      ip: input.ip,
      now: input.now,
    });
  });
}
