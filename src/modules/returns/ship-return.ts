import { type Carrier, normaliseTrackingNo, trackingNoFits } from '../../core/returns/carriers.ts';
import { confirmDeadline } from '../../core/returns/return-policy.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { applyTransition } from '../refunds/apply-transition.ts';
import { scheduleCaseTimer } from '../refunds/case-timers.ts';
import { findOwnCase } from '../refunds/find-case.ts';

/**
 * The buyer has shipped the goods back: carrier and tracking number (and, if the merchant pays the
 * postage, what it cost) go on the case, which now waits for the merchant to confirm receipt by the
 * policy's deadline. Under the case's row lock and the state machine, so however many times the form
 * is sent at once there is one shipment; a late one (the ship-by deadline passed) is refused.
 */
export async function shipReturn(input: {
  db: Db;
  jobs: JobQueue;
  buyer: Actor;
  refundNo: string;
  carrier: Carrier;
  trackingNo: string;
  postageFen?: number;
  ip: string;
  now: Date;
}): Promise<void> {
  const trackingNo = normaliseTrackingNo(input.trackingNo);
  if (!trackingNoFits(input.carrier, trackingNo))
    throw new AppError('RETURN.TRACKING_NO_INVALID', { carrier: input.carrier });
  await inTransaction(input.db, async (tx) => {
    const c = await findOwnCase(tx, input.refundNo, input.buyer);
    if (c.state === 'awaiting_return' && c.returnDeadline && c.returnDeadline <= input.now)
      throw new AppError('RETURN.SHIP_WINDOW_CLOSED', { deadline: c.returnDeadline.toISOString() });
    // The policy in force now (as at the approval that asked for the return): window and postage cap.
    const { confirmDays, postageCapFen } = (await currentPolicy(tx)).compiled.doc.returns;
    const due = confirmDeadline(confirmDays, input.now);
    // Only a postage the merchant pays is worth declaring; the cap is the policy's.
    const postageFen =
      c.returnPostageBy === 'merchant' && input.postageFen !== undefined
        ? Math.min(input.postageFen, postageCapFen)
        : null;
    await applyTransition(tx, c, {
      event: 'ship_return',
      as: 'buyer',
      actor: input.buyer,
      data: {
        carrier: input.carrier,
        trackingNo,
        postageFen,
        confirmDeadline: due.toISOString(),
      },
      set: {
        returnCarrier: input.carrier,
        returnTrackingNo: trackingNo,
        returnPostageFen: postageFen,
        returnShippedAt: input.now,
        returnConfirmDeadline: due,
        returnRemindAt: null,
      },
      ip: input.ip,
      now: input.now,
    });
    await scheduleCaseTimer(tx, input.jobs, c.id, due, input.now);
  });
}
