import { addBusinessDays } from '../../core/calendar/business-calendar.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { applyTransition } from '../refunds/apply-transition.ts';
import { attachCaseEvidence } from '../refunds/case-evidence.ts';
import { scheduleCaseTimer } from '../refunds/case-timers.ts';
import { type CaseRow, findVisibleCase } from '../refunds/find-case.ts';
import { handOverToPayout } from '../refunds/payout-handover.ts';

type MerchantInput = { db: Db; merchant: Actor; refundNo: string; ip: string; now: Date };

/** The case, locked, if it is this merchant's own shop's; anyone else gets "not found". */
async function ownShopCase(tx: Db, input: MerchantInput): Promise<CaseRow> {
  const c = await findVisibleCase(tx, input.refundNo, input.merchant, { forUpdate: true });
  if (input.merchant.role !== 'merchant' || c.merchantId !== input.merchant.merchantId)
    throw new AppError('RESOURCE.NOT_FOUND');
  return c;
}

/**
 * The merchant confirms it received the goods (确认收货): the approval stands and the refund goes to the
 * existing payout hand-over, in one transaction. Confirming after the window is harmless (the timer
 * would have paid it anyway), so it is not refused.
 */
export async function confirmReturn(input: MerchantInput & { jobs: JobQueue }): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await ownShopCase(tx, input);
    await handOverToPayout(tx, input.jobs, c, {
      event: 'confirm_return',
      as: 'merchant',
      actor: input.merchant,
      set: { returnReceivedAt: input.now },
      ip: input.ip,
      now: input.now,
    });
  });
}

/**
 * 有异议: the goods that came back are not what was sold (wrong item, damaged, missing parts). With a
 * reason and photos, the case goes back to review for an agent; the SLA restarts from now.
 * Refused after the window: by then the goods count as received.
 */
export async function objectToReturn(
  input: MerchantInput & { jobs: JobQueue; text: string; evidenceIds?: string[] },
): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await ownShopCase(tx, input);
    if (c.state === 'return_shipped' && c.returnConfirmDeadline && c.returnConfirmDeadline <= input.now)
      throw new AppError('RETURN.CONFIRM_WINDOW_CLOSED');
    const { compiled } = await currentPolicy(tx);
    const slaDeadline = addBusinessDays(compiled.calendar, input.now, compiled.doc.sla.physical.maxDays);
    const evidence = await attachCaseEvidence(tx, c, input.merchant, input.evidenceIds);
    await applyTransition(tx, c, {
      event: 'object_return',
      as: 'merchant',
      actor: input.merchant,
      reason: input.text,
      data: { evidence },
      set: {
        merchantNote: input.text,
        slaDeadline,
        returnReceivedAt: input.now,
      },
      ip: input.ip,
      now: input.now,
    });
    await scheduleCaseTimer(tx, input.jobs, c.id, slaDeadline, input.now);
  });
}
