import { eq } from 'drizzle-orm';
import type { ProductKind } from '../../core/policy/vocabulary.ts';
import { type ReturnTerms, returnDeadlines, returnTermsFor } from '../../core/returns/return-policy.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { merchant } from '../auth/schema.ts';
import { shopOrder } from '../orders/schema.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { applyTransition } from '../refunds/apply-transition.ts';
import { scheduleCaseTimer } from '../refunds/case-timers.ts';
import type { CaseEventJson } from '../refunds/case-view.ts';
import type { CaseRow } from '../refunds/find-case.ts';

/**
 * The return terms an approval of this case falls under now, or null when it goes straight to payout:
 * virtual goods, a refund type the policy does not ask back, or goods already sent back once (an
 * agent deciding after the merchant objected to the return).
 */
export async function returnTermsOfApproval(
  tx: Db,
  c: CaseRow,
  productKind?: ProductKind,
): Promise<ReturnTerms | null> {
  if (c.returnShippedAt !== null) return null;
  const kind =
    productKind ??
    (await tx.select({ kind: shopOrder.productKind }).from(shopOrder).where(eq(shopOrder.id, c.orderId)))[0]
      ?.kind;
  if (kind !== 'physical') return null;
  const { compiled } = await currentPolicy(tx);
  return returnTermsFor(compiled.doc.returns, kind, c.type);
}

/**
 * 退货寄回: instead of going to payout the approved case waits for the goods, in the approval's own
 * transaction — the merchant's return address as it is now, the ship-by deadline and the reminder
 * before it stored on the case, each with its timer job.
 */
export async function requestReturn(
  tx: Db,
  jobs: JobQueue,
  approved: CaseRow,
  terms: ReturnTerms,
  now: Date,
  /** Collects the timeline row it writes (see TransitionInput). */
  written?: CaseEventJson[],
): Promise<CaseRow> {
  const [m] = await tx
    .select({ address: merchant.returnAddress })
    .from(merchant)
    .where(eq(merchant.id, approved.merchantId));
  const { shipBy, remindAt } = returnDeadlines(terms, now);
  const waiting = await applyTransition(tx, approved, {
    event: 'request_return',
    as: 'system',
    actor: null,
    data: { postagePaidBy: terms.postagePaidBy, returnDeadline: shipBy.toISOString() },
    set: {
      returnPostageBy: terms.postagePaidBy,
      returnAddress: m?.address ?? null,
      returnDeadline: shipBy,
      returnRemindAt: remindAt,
    },
    ip: null,
    now,
    written,
  });
  await scheduleCaseTimer(tx, jobs, approved.id, shipBy, now);
  if (remindAt) await scheduleCaseTimer(tx, jobs, approved.id, remindAt, now);
  return waiting;
}
