import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { availableEvents, type CaseActor, type CaseState } from '../../core/refunds/case-machine.ts';
import { CASE_STATE_LABELS, describeCaseEvent } from '../../core/refunds/timeline.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { shopOrder } from '../orders/schema.ts';
import { type CaseRow, findVisibleCase } from './find-case.ts';
import { refundCase, refundCaseEvent } from './schema.ts';

const actorOf = (a: Actor): CaseActor => (a.role === 'admin' ? 'supervisor' : a.role);

function summary(c: CaseRow, o: { orderNo: string; productName: string; productKind: string }) {
  return {
    refundNo: c.refundNo,
    orderNo: o.orderNo,
    productName: o.productName,
    productKind: o.productKind,
    type: c.type,
    state: c.state,
    stateLabel: CASE_STATE_LABELS[c.state],
    amountFen: c.amountFen,
    feeFen: c.feeFen,
    slaDeadline: c.slaDeadline.toISOString(),
    createdAt: c.createdAt.toISOString(),
  };
}

/** One case with its timeline, the policy quote it was decided under and the actions open to the caller. */
export async function getRefund(db: Db, actor: Actor, refundNo: string) {
  const c = await findVisibleCase(db, refundNo, actor);
  const [o] = await db
    .select({
      orderNo: shopOrder.orderNo,
      productName: shopOrder.productName,
      productKind: shopOrder.productKind,
    })
    .from(shopOrder)
    .where(eq(shopOrder.id, c.orderId));
  const events = await db
    .select()
    .from(refundCaseEvent)
    .where(eq(refundCaseEvent.caseId, c.id))
    .orderBy(asc(refundCaseEvent.at), asc(refundCaseEvent.id));
  return {
    ...summary(c, o!),
    description: c.description,
    requestedFen: c.requestedFen,
    policyVersion: c.policyVersion,
    quote: c.quote,
    version: c.version,
    actions: availableEvents(c.state, actorOf(actor)),
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      fromState: e.fromState,
      toState: e.toState,
      actorRole: e.actorRole,
      reason: e.reason,
      ...describeCaseEvent({
        kind: e.kind,
        toState: e.toState as CaseState,
        actorRole: e.actorRole,
        reason: e.reason,
      }),
    })),
  };
}

/** The caller's cases (buyer: own; merchant: its shop's; staff: all), newest first, keyset-paged. */
export async function listRefunds(
  db: Db,
  actor: Actor,
  q: { status?: CaseState[]; cursor?: string; limit: number },
) {
  const where: SQL[] = [];
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
    .orderBy(desc(refundCase.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => summary(r.c, r)),
    nextCursor: rows.length > q.limit ? Buffer.from(String(page.at(-1)!.c.id)).toString('base64url') : null,
  };
}
