import { eq } from 'drizzle-orm';
import { MAX_RESUBMITS } from '../../core/refunds/case-actions.ts';
import { isUniqueViolation } from '../../platform/db/pg-errors.ts';
import { inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { shopOrder } from '../orders/schema.ts';
import { recordAction } from './apply-transition.ts';
import { nextCaseNo } from './case-facts.ts';
import { findOwnCase } from './find-case.ts';
import { openCase, type SubmitInput, type SubmitResult } from './submit-refund.ts';

/**
 * After a rejection the buyer may try again with a changed request: a new case linked to the
 * rejected one (its page shows what changed), at most MAX_RESUBMITS times along a chain, once per case.
 */
export async function resubmitRefund(
  input: Omit<SubmitInput, 'orderNo'> & { refundNo: string },
): Promise<SubmitResult> {
  try {
    return await inTransaction(input.db, async (tx) => {
      const old = await findOwnCase(tx, input.refundNo, input.buyer);
      if (old.state !== 'rejected') throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: old.state });
      if (old.resubmitCount >= MAX_RESUBMITS || (await nextCaseNo(tx, old.id)))
        throw new AppError('REFUND.RESUBMIT_LIMIT');
      const [order] = await tx
        .select({ orderNo: shopOrder.orderNo })
        .from(shopOrder)
        .where(eq(shopOrder.id, old.orderId));
      const result = await openCase(tx, { ...input, orderNo: order!.orderNo }, old);
      await recordAction(tx, old, {
        kind: 'resubmitted',
        actor: input.buyer,
        data: { next: result.refundNo },
        ip: input.ip,
        now: input.now,
      });
      return result;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('REFUND.CASE_OPEN');
    throw err;
  }
}
