import { merchantResponseRefusal } from '../../core/refunds/case-actions.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAction } from './apply-transition.ts';
import { approveOnTodaysFacts } from './approve-case.ts';
import { attachCaseEvidence } from './case-evidence.ts';
import { caseFacts } from './case-facts.ts';
import { type CaseRow, findVisibleCase } from './find-case.ts';

type MerchantInput = { db: Db; merchant: Actor; refundNo: string; ip: string; now: Date };

async function openWindow(tx: Db, input: MerchantInput): Promise<CaseRow> {
  const c = await findVisibleCase(tx, input.refundNo, input.merchant, { forUpdate: true });
  if (input.merchant.role !== 'merchant' || c.merchantId !== input.merchant.merchantId)
    throw new AppError('RESOURCE.NOT_FOUND');
  const refusal = merchantResponseRefusal(caseFacts(c, false), input.now);
  if (refusal) throw new AppError(refusal);
  return c;
}

/**
 * Within its window the merchant agrees: the quoted amount is approved and goes to payout. If the
 * quote changed since submission (see approveOnTodaysFacts) the merchant is told and an agent decides.
 */
export async function merchantAgree(input: MerchantInput & { jobs: JobQueue; note?: string }): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await openWindow(tx, input);
    await approveOnTodaysFacts(tx, input.jobs, c, {
      event: 'merchant_agree',
      as: 'merchant',
      actor: input.merchant,
      note: input.note,
      set: { merchantResponse: 'agreed', merchantNote: input.note ?? null },
      ip: input.ip,
      now: input.now,
    });
  });
}

/** The merchant objects with its reasons and evidence; an agent decides with the objection in view. */
export async function merchantObject(
  input: MerchantInput & { text: string; evidenceIds?: string[] },
): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await openWindow(tx, input);
    const evidence = await attachCaseEvidence(tx, c, input.merchant, input.evidenceIds);
    await recordAction(tx, c, {
      kind: 'merchant_object',
      actor: input.merchant,
      reason: input.text,
      data: { evidence },
      set: { merchantResponse: 'objected', merchantNote: input.text },
      ip: input.ip,
      now: input.now,
    });
  });
}
