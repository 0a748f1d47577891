import { and, asc, desc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { yearsWithoutHolidays } from '../../core/calendar/business-calendar.ts';
import {
  canUrgeAt,
  caseActions,
  merchantMayRespond,
  UNDECIDED_STATES,
} from '../../core/refunds/case-actions.ts';
import type { CaseActor, CaseState } from '../../core/refunds/case-machine.ts';
import { beijingTime } from '../../core/refunds/case-messages.ts';
import { REJECT_REASONS, type RejectReasonCode } from '../../core/refunds/reject-reasons.ts';
import {
  CASE_STATE_LABELS,
  describeCaseEvent,
  describeLateReveal,
  waitingFor,
} from '../../core/refunds/timeline.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser } from '../auth/schema.ts';
import { listCaseEvidence } from '../evidence/attach-evidence.ts';
import { getOrder } from '../orders/get-order.ts';
import { cardKeyExtraction, shopOrder } from '../orders/schema.ts';
import { currentPolicy, policyAt } from '../policy/current-policy.ts';
import { quoteBody } from '../policy/http-schemas.ts';
import { caseFacts, nextCaseNo } from './case-facts.ts';
import { type CaseRow, findVisibleCase } from './find-case.ts';
import { requoteCase } from './requote-case.ts';
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
    /** What was approved, once decided (lists show this rather than what was asked for). */
    approvedFen: c.approvedFen,
    feeFen: c.feeFen,
    slaDeadline: c.slaDeadline.toISOString(),
    merchantDeadline: c.merchantDeadline?.toISOString() ?? null,
    merchantResponse: c.merchantResponse,
    createdAt: c.createdAt.toISOString(),
  };
}

/** One case with its timeline, the policy quote it was decided under and the actions open to the caller. */
export async function getRefund(db: Db, actor: Actor, refundNo: string, now = new Date()) {
  const c = await findVisibleCase(db, refundNo, actor);
  return caseDetail(db, actor, c, now);
}

async function caseDetail(db: Db, actor: Actor, c: CaseRow, now: Date) {
  const [[o], events, evidence, next, previous, policy, lateReveals] = await Promise.all([
    db
      .select({
        orderNo: shopOrder.orderNo,
        productName: shopOrder.productName,
        productKind: shopOrder.productKind,
      })
      .from(shopOrder)
      .where(eq(shopOrder.id, c.orderId)),
    db
      .select()
      .from(refundCaseEvent)
      .where(eq(refundCaseEvent.caseId, c.id))
      .orderBy(asc(refundCaseEvent.at), asc(refundCaseEvent.id)),
    listCaseEvidence(db, c.id),
    // Only a rejected case can have been resubmitted.
    c.state === 'rejected' ? nextCaseNo(db, c.id) : null,
    c.previousCaseId
      ? db
          .select()
          .from(refundCase)
          .where(eq(refundCase.id, c.previousCaseId))
          .then((r) => r[0] ?? null)
      : null,
    // The calendar of the version the case was decided under (cached: versions never change).
    policyAt(db, c.policyVersion).then((p) => p ?? currentPolicy(db)),
    // Keys first revealed after the application: the quote it was submitted with no longer holds.
    db
      .select({
        cardKeyId: cardKeyExtraction.cardKeyId,
        action: sql<
          'reveal' | 'copy'
        >`(array_agg(${cardKeyExtraction.action} ORDER BY ${cardKeyExtraction.at}))[1]`,
        at: sql<Date>`min(${cardKeyExtraction.at})`.mapWith((v: string | Date) => new Date(v)),
      })
      .from(cardKeyExtraction)
      .where(eq(cardKeyExtraction.orderId, c.orderId))
      .groupBy(cardKeyExtraction.cardKeyId)
      .having(gt(sql`min(${cardKeyExtraction.at})`, c.createdAt)),
  ]);
  // Only the keys this case covers, and only until it was decided: a key kept after the refund is the
  // buyer's to use, and says nothing about this case.
  const decidedAt = events.find((e) => DECIDING.has(e.kind))?.at ?? null;
  const covered = new Set(c.cardKeyIds);
  const late = lateReveals.filter(
    (r) => (covered.size === 0 || covered.has(r.cardKeyId)) && (decidedAt === null || r.at < decidedAt),
  );
  const cal = policy.compiled.calendar;
  const facts = caseFacts(c, next !== null);
  const reject = c.rejectReasonCode ? REJECT_REASONS[c.rejectReasonCode as RejectReasonCode] : null;
  return {
    ...summary(c, o!),
    description: c.description,
    requestedFen: c.requestedFen,
    approvedFen: c.approvedFen,
    policyVersion: c.policyVersion,
    quote: c.quote,
    version: c.version,
    actions: caseActions(cal, facts, actorOf(actor), now),
    /** Years a deadline of the case runs into whose public holidays are not configured: it may be off. */
    calendarGapYears: yearsWithoutHolidays(cal, c.createdAt, laterOf(c.slaDeadline, c.infoDeadline)),
    waitingFor: waitingFor({
      state: c.state,
      escalated: c.escalated,
      slaDeadline: beijingTime(c.slaDeadline),
      infoDeadline: c.infoDeadline ? beijingTime(c.infoDeadline) : null,
      merchantOpen: merchantMayRespond(facts, now),
      viewer: actor.role === 'buyer' ? 'buyer' : 'other',
    }),
    urged: c.urgedAt !== null,
    canUrgeAt: URGEABLE.includes(c.state) ? canUrgeAt(cal, c).toISOString() : null,
    escalated: c.escalated,
    infoDeadline: c.infoDeadline?.toISOString() ?? null,
    merchantNote: c.merchantNote,
    feeDisputed: c.feeDisputed,
    feeWaivedFen: c.feeWaivedFen,
    rejectReason: reject && c.rejectReasonCode ? { code: c.rejectReasonCode, ...reject } : null,
    previousRefundNo: previous?.refundNo ?? null,
    nextRefundNo: next,
    ...(await feeDisputeLinks(db, c)),
    changes: previous ? caseChanges(previous, c) : [],
    evidence,
    timeline: [
      ...events.map((e) => ({
        at: e.at,
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
          toBalance: (e.data as { channel?: string }).channel === 'balance',
          requote: (e.data as { requote?: { beforeFen: number; nowFen: number } }).requote,
        }),
      })),
      // Not stored on the case (the extraction record is the fact); marked so nobody misses it.
      ...late.map((r) => ({
        at: r.at,
        kind: 'key_revealed_after_submit',
        fromState: null,
        toState: c.state,
        actorRole: 'buyer',
        reason: null,
        ...describeLateReveal(r.action),
      })),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

const laterOf = (a: Date, b: Date | null) => (b && b > a ? b : a);

/** Events after which a case no longer waits on what the buyer does with the keys. */
const DECIDING = new Set(['approve', 'merchant_agree', 'withdraw']);

/** A fee dispute and the refunded case whose kept fee it disputes, linked both ways. */
async function feeDisputeLinks(db: Db, c: CaseRow) {
  const no = async (where: SQL) =>
    (await db.select({ no: refundCase.refundNo }).from(refundCase).where(where).limit(1))[0]?.no ?? null;
  return {
    feeDisputeRefundNo:
      c.feeDisputed && c.state === 'refunded' ? await no(eq(refundCase.feeDisputeOf, c.id)) : null,
    disputedRefundNo: c.feeDisputeOf ? await no(eq(refundCase.id, c.feeDisputeOf)) : null,
  };
}

const URGEABLE: CaseState[] = ['submitted', 'risk_hold', 'appealed'];

/** What a resubmission changed against the rejected case. */
function caseChanges(before: CaseRow, after: CaseRow) {
  const fields = ['type', 'description', 'requestedFen', 'amountFen'] as const;
  return fields
    .filter((f) => before[f] !== after[f])
    .map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null }));
}

/**
 * The reviewer's view of a case: the detail plus who holds it, the order with its delivery and
 * extraction records, and this buyer's earlier cases.
 */
export async function getReviewCase(db: Db, staff: Actor, refundNo: string, now = new Date()) {
  const c = await findVisibleCase(db, refundNo, staff);
  const [detail, [holder], earlier] = await Promise.all([
    caseDetail(db, staff, c, now),
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
  const live = c.claimExpiresAt !== null && c.claimExpiresAt > now;
  // The decision is taken on today's facts: show the quote as it would be now, and what changed.
  const requote = UNDECIDED_STATES.includes(c.state) ? await requoteCase(db, c, now) : null;
  return {
    ...detail,
    currentQuote: requote ? quoteBody(requote.quote) : null,
    quoteChange: requote ? { ...requote.change, reasons: [...requote.change.reasons] } : null,
    assignee: live ? (holder?.name ?? null) : null,
    claimExpiresAt: live ? c.claimExpiresAt!.toISOString() : null,
    order: await getOrder(db, staff, detail.orderNo),
    earlierCases: earlier.map((r) => summary(r.c, r)),
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
