import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { REVIEW_STATES, UNDECIDED_STATES } from '../../core/refunds/case-actions.ts';
import type { CaseState } from '../../core/refunds/case-machine.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser } from '../auth/schema.ts';
import { readCredit } from '../credit/credit-view.ts';
import { getOrder } from '../orders/get-order.ts';
import { shopOrder } from '../orders/schema.ts';
import { quoteBody } from '../policy/http-schemas.ts';
import { caseSearchWhere } from './case-search.ts';
import { caseContextFrom, caseSummary, presentCase } from './case-view.ts';
import { findVisibleCaseWithContext } from './find-case.ts';
import { requoteCase } from './requote-case.ts';
import { refundCase } from './schema.ts';

/** One case with its timeline, the policy quote it was decided under and the actions open to the caller. */
export async function getRefund(db: Db, actor: Actor, refundNo: string, now = new Date()) {
  const { c, context } = await findVisibleCaseWithContext(db, refundNo, actor);
  return presentCase(actor, c, await caseContextFrom(db, c, context), now);
}

/**
 * The merchant's view of a case on its own shop (another shop's is "not found"): the detail plus the
 * order with its delivery and extraction records, the buyer's personal data masked (getOrder).
 */
export async function getMerchantCase(db: Db, merchant: Actor, refundNo: string, now = new Date()) {
  const detail = await getRefund(db, merchant, refundNo, now);
  return { ...detail, order: await getOrder(db, merchant, detail.orderNo) };
}

/**
 * The reviewer's view of a case: the detail plus who holds it, the order with its delivery and
 * extraction records, and this buyer's earlier cases.
 */
export async function getReviewCase(db: Db, staff: Actor, refundNo: string, now = new Date()) {
  const { c, context } = await findVisibleCaseWithContext(db, refundNo, staff);
  const [detail, [holder], earlier] = await Promise.all([
    caseContextFrom(db, c, context).then((x) => presentCase(staff, c, x, now)),
    c.assigneeId
      ? db.select({ name: appUser.displayName }).from(appUser).where(eq(appUser.id, c.assigneeId))
      : [undefined],
    db
      .select({
        c: refundCase,
        orderNo: shopOrder.orderNo,
        productName: shopOrder.productName,
        productKind: shopOrder.productKind,
      })
      .from(refundCase)
      .innerJoin(shopOrder, eq(shopOrder.id, refundCase.orderId))
      .where(and(eq(refundCase.buyerId, c.buyerId), sql`${refundCase.id} <> ${c.id}`))
      .orderBy(desc(refundCase.id))
      .limit(20),
  ]);
  // A claim holds a case while it awaits review: once decided nobody is handling it (the timeline
  // says who decided), though the row keeps its last holder until the claim runs out.
  const live = REVIEW_STATES.includes(c.state) && c.claimExpiresAt !== null && c.claimExpiresAt > now;
  // The decision is taken on today's facts: show the quote as it would be now, and what changed.
  const requote = UNDECIDED_STATES.includes(c.state) ? await requoteCase(db, c, now) : null;
  return {
    ...detail,
    currentQuote: requote ? quoteBody(requote.quote) : null,
    quoteChange: requote ? { ...requote.change, reasons: [...requote.change.reasons] } : null,
    assignee: live ? (holder?.name ?? null) : null,
    claimExpiresAt: live ? c.claimExpiresAt!.toISOString() : null,
    order: await getOrder(db, staff, detail.orderNo),
    earlierCases: earlier.map((r) => caseSummary(r.c, r)),
    credit: await readCredit(db, c.buyerId, now),
  };
}

/** The caller's cases (buyer: own; merchant: its shop's; staff: all), newest first, keyset-paged. */
export async function listRefunds(
  db: Db,
  actor: Actor,
  q: {
    status?: CaseState[];
    q?: string;
    cursor?: string;
    limit: number;
    /** The shop's cases still waiting for its answer (agree or object), the earliest deadline first. */
    awaitingAnswerAt?: Date;
  },
) {
  const where: SQL[] = [];
  const awaiting = q.awaitingAnswerAt;
  if (awaiting)
    where.push(sql`${refundCase.state} = 'submitted' AND ${refundCase.merchantResponse} IS NULL
      AND ${refundCase.merchantDeadline} > ${awaiting}`);
  const search = caseSearchWhere(actor, q.q);
  if (search) where.push(search);
  if (actor.role === 'buyer') where.push(eq(refundCase.buyerId, actor.userId));
  else if (actor.role === 'merchant') where.push(eq(refundCase.merchantId, actor.merchantId ?? -1));
  if (q.status) where.push(inArray(refundCase.state, q.status));
  if (q.cursor) {
    const id = Number(Buffer.from(q.cursor, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new AppError('REQUEST.VALIDATION', {
        fields: [{ field: 'query.cursor', message: 'invalid cursor' }],
      });
    where.push(sql`${refundCase.id} < ${id}`);
  }
  const rows = await db
    .select({
      c: refundCase,
      orderNo: shopOrder.orderNo,
      productName: shopOrder.productName,
      productKind: shopOrder.productKind,
    })
    .from(refundCase)
    .innerJoin(shopOrder, eq(shopOrder.id, refundCase.orderId))
    .where(and(...where))
    .orderBy(...(awaiting ? [asc(refundCase.merchantDeadline), asc(refundCase.id)] : [desc(refundCase.id)]))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => caseSummary(r.c, r)),
    // By deadline there is no id cursor: the few cases waiting fit on one page (limit ≤ 100).
    nextCursor:
      rows.length > q.limit && !awaiting
        ? Buffer.from(String(page.at(-1)!.c.id)).toString('base64url')
        : null,
  };
}
