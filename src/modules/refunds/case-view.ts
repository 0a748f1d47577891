import { asc, eq, gt, sql } from 'drizzle-orm';
import { yearsWithoutHolidays } from '../../core/calendar/business-calendar.ts';
import { canUrgeAt, caseActions, merchantMayRespond } from '../../core/refunds/case-actions.ts';
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
import type { Actor } from '../auth/actor.ts';
import { type CaseEvidenceItem, listCaseEvidence } from '../evidence/attach-evidence.ts';
import { cardKeyExtraction, shopOrder } from '../orders/schema.ts';
import { currentPolicy, type PublishedPolicy, policyAt } from '../policy/current-policy.ts';
import { caseFacts, nextCaseNo } from './case-facts.ts';
import type { CaseRow } from './find-case.ts';
import { refundCase, refundCaseEvent } from './schema.ts';

export type CaseOrder = { orderNo: string; productName: string; productKind: string };
export type CaseEventRow = Pick<
  typeof refundCaseEvent.$inferSelect,
  'kind' | 'fromState' | 'toState' | 'actorRole' | 'reason' | 'data' | 'at'
>;
type LateReveal = { cardKeyId: number; action: 'reveal' | 'copy'; at: Date };

/**
 * Everything a case page shows besides the case row: read by loadCaseContext, or — for a case just
 * written — put together from what the writer already holds, so the answer needs no re-read.
 */
export type CaseContext = {
  order: CaseOrder;
  events: CaseEventRow[];
  evidence: CaseEvidenceItem[];
  nextRefundNo: string | null;
  previous: CaseRow | null;
  /** The policy version the case was decided under (its calendar). */
  policy: PublishedPolicy;
  /** Keys first revealed after the application. */
  lateReveals: LateReveal[];
  feeDisputeRefundNo: string | null;
  disputedRefundNo: string | null;
};

export const actorOf = (a: Actor): CaseActor => (a.role === 'admin' ? 'supervisor' : a.role);

export function caseSummary(c: CaseRow, o: CaseOrder) {
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

/** Reads what a case page shows besides the case row (queries in parallel). */
export async function loadCaseContext(db: Db, c: CaseRow): Promise<CaseContext> {
  const [[order], events, evidence, nextRefundNo, previous, policy, lateReveals, links] = await Promise.all([
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
    // Versions never change, so this is a per-process cache hit after the first read.
    policyAt(db, c.policyVersion).then((p) => p ?? currentPolicy(db)),
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
    feeDisputeLinks(db, c),
  ]);
  return { order: order!, events, evidence, nextRefundNo, previous, policy, lateReveals, ...links };
}

/** A fee dispute and the refunded case whose kept fee it disputes, linked both ways. */
async function feeDisputeLinks(db: Db, c: CaseRow) {
  const no = async (where: ReturnType<typeof eq>) =>
    (await db.select({ no: refundCase.refundNo }).from(refundCase).where(where).limit(1))[0]?.no ?? null;
  return {
    feeDisputeRefundNo:
      c.feeDisputed && c.state === 'refunded' ? await no(eq(refundCase.feeDisputeOf, c.id)) : null,
    disputedRefundNo: c.feeDisputeOf ? await no(eq(refundCase.id, c.feeDisputeOf)) : null,
  };
}

/** One case as its page shows it to `actor`: timeline, quote, deadlines and the actions open now. */
export function presentCase(actor: Actor, c: CaseRow, x: CaseContext, now: Date) {
  // Only the keys this case covers, and only until it was decided: a key kept after the refund is the
  // buyer's to use, and says nothing about this case.
  const decidedAt = x.events.find((e) => DECIDING.has(e.kind))?.at ?? null;
  const covered = new Set(c.cardKeyIds);
  const late = x.lateReveals.filter(
    (r) => (covered.size === 0 || covered.has(r.cardKeyId)) && (decidedAt === null || r.at < decidedAt),
  );
  const cal = x.policy.compiled.calendar;
  const facts = caseFacts(c, x.nextRefundNo !== null);
  const reject = c.rejectReasonCode ? REJECT_REASONS[c.rejectReasonCode as RejectReasonCode] : null;
  return {
    ...caseSummary(c, x.order),
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
    // 极速退款: approved by the system at submission.
    express: x.events.some((e) => e.kind === 'express_approve'),
    rejectReason: reject && c.rejectReasonCode ? { code: c.rejectReasonCode, ...reject } : null,
    previousRefundNo: x.previous?.refundNo ?? null,
    nextRefundNo: x.nextRefundNo,
    feeDisputeRefundNo: x.feeDisputeRefundNo,
    disputedRefundNo: x.disputedRefundNo,
    changes: x.previous ? caseChanges(x.previous, c) : [],
    evidence: x.evidence,
    timeline: [
      ...x.events.map((e) => ({
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
          recovered: e.kind === 'express_recovered' ? recoveredOf(e.data) : undefined,
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

export type CaseView = ReturnType<typeof presentCase>;

/** What an `express_recovered` event's data says was returned, and from where. */
function recoveredOf(data: unknown) {
  const d = (data ?? {}) as Record<string, unknown>;
  return {
    lossFen: Number(d.lossFen ?? 0),
    fromBalanceFen: Number(d.fromBalanceFen ?? 0),
    fromChannelFen: Number(d.fromChannelFen ?? 0),
    channel: typeof d.channel === 'string' ? d.channel : null,
  };
}

const laterOf = (a: Date, b: Date | null) => (b && b > a ? b : a);

/** Events after which a case no longer waits on what the buyer does with the keys. */
const DECIDING = new Set(['approve', 'merchant_agree', 'express_approve', 'withdraw']);

const URGEABLE: CaseState[] = ['submitted', 'risk_hold', 'appealed'];

/** What a resubmission changed against the rejected case. */
function caseChanges(before: CaseRow, after: CaseRow) {
  const fields = ['type', 'description', 'requestedFen', 'amountFen'] as const;
  return fields
    .filter((f) => before[f] !== after[f])
    .map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null }));
}
