import { sql } from 'drizzle-orm';
import { yearsWithoutHolidays } from '../../core/calendar/business-calendar.ts';
import { escalationRefusal } from '../../core/refunds/buyer-escalation.ts';
import { canUrgeAt, caseActions, MAX_APPEALS, merchantMayRespond } from '../../core/refunds/case-actions.ts';
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
import type { ReturnAddress } from '../auth/schema.ts';
import type { CaseEvidenceItem } from '../evidence/attach-evidence.ts';
import { evidenceForRole, evidenceView, type ViewedEvidence } from '../evidence/views.ts';
import { currentPolicy, type PublishedPolicy, policyAt } from '../policy/current-policy.ts';
import { returnView } from '../returns/return-view.ts';
import { caseFacts } from './case-facts.ts';
import type { CaseRow } from './find-case.ts';
import type { refundCaseEvent } from './schema.ts';

export type CaseOrder = { orderNo: string; productName: string; productKind: string };
export type CaseEventRow = Pick<
  typeof refundCaseEvent.$inferSelect,
  'kind' | 'fromState' | 'toState' | 'actorRole' | 'reason' | 'data' | 'at'
>;
type LateReveal = { cardKeyId: number; action: 'reveal' | 'copy'; at: Date };
/** What a resubmission's page shows of the rejected case it continues. */
type PreviousCase = Pick<CaseRow, 'refundNo' | 'type' | 'description' | 'requestedFen' | 'amountFen'>;

/**
 * Everything a case page shows besides the case row: read by loadCaseContext, or — for a case just
 * written — put together from what the writer already holds, so the answer needs no re-read.
 */
export type CaseContext = {
  order: CaseOrder;
  events: CaseEventRow[];
  evidence: CaseEvidenceItem[];
  nextRefundNo: string | null;
  previous: PreviousCase | null;
  /** The policy version the case was decided under (its calendar). */
  policy: PublishedPolicy;
  /** Keys first revealed after the application. */
  lateReveals: LateReveal[];
  feeDisputeRefundNo: string | null;
  disputedRefundNo: string | null;
  /** The merchant's current return address, for a return asked before it set one. */
  merchantReturnAddress?: ReturnAddress | null;
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

/**
 * Everything loadCaseContext reads, as one JSON value computed next to the case row (`refund_case`,
 * joined to its `shop_order`): the timeline, the evidence, the keys first revealed after the application,
 * the next and previous cases, the fee-dispute links. One statement instead of seven, so a case page —
 * and every case action's answer — costs one round trip besides the policy (cached per process).
 */
export const caseContextJson = sql`json_build_object(
  'order', json_build_object('orderNo', shop_order.order_no, 'productName', shop_order.product_name,
                             'productKind', shop_order.product_kind),
  'events', (SELECT coalesce(json_agg(json_build_object('kind', e.kind, 'fromState', e.from_state,
                'toState', e.to_state, 'actorRole', e.actor_role, 'reason', e.reason, 'data', e.data, 'at', e.at)
              ORDER BY e.at, e.id), '[]'::json)
             FROM refund_case_event e WHERE e.case_id = refund_case.id),
  'evidence', (SELECT coalesce(json_agg(json_build_object('publicId', v.public_id, 'kind', v.kind,
                  'mime', v.mime, 'fileName', v.file_name, 'sizeBytes', v.size_bytes, 'sha256', v.sha256,
                  'width', v.width, 'height', v.height, 'thumbKey', v.thumb_key, 'checks', v.checks,
                  'createdAt', v.created_at, 'role', u.role, 'parentId', p.public_id) ORDER BY v.id), '[]'::json)
               FROM evidence v JOIN app_user u ON u.id = v.owner_id LEFT JOIN evidence p ON p.id = v.parent_id
               WHERE v.case_id = refund_case.id AND v.case_message_id IS NULL),
  -- Only a rejected case can have been resubmitted.
  'next', CASE WHEN refund_case.state = 'rejected' THEN
            (SELECT n.refund_no FROM refund_case n WHERE n.previous_case_id = refund_case.id LIMIT 1) END,
  'previous', (SELECT json_build_object('refundNo', p.refund_no, 'type', p.type, 'description', p.description,
                 'requestedFen', p.requested_fen, 'amountFen', p.amount_fen)
               FROM refund_case p WHERE p.id = refund_case.previous_case_id),
  'lateReveals', (SELECT coalesce(json_agg(json_build_object('cardKeyId', x.card_key_id, 'action', x.action,
                    'at', x.at)), '[]'::json)
                  FROM (SELECT k.card_key_id, (array_agg(k.action ORDER BY k.at))[1] AS action, min(k.at) AS at
                        FROM card_key_extraction k WHERE k.order_id = refund_case.order_id
                        GROUP BY k.card_key_id HAVING min(k.at) > refund_case.created_at) x),
  'feeDisputeRefundNo', CASE WHEN refund_case.fee_disputed AND refund_case.state = 'refunded' THEN
            (SELECT d.refund_no FROM refund_case d WHERE d.fee_dispute_of = refund_case.id LIMIT 1) END,
  'disputedRefundNo', (SELECT d.refund_no FROM refund_case d WHERE d.id = refund_case.fee_dispute_of),
  'merchantReturnAddress', CASE WHEN refund_case.return_postage_by IS NOT NULL THEN
            (SELECT m.return_address FROM merchant m WHERE m.id = refund_case.merchant_id) END)`;

/** A timeline row as caseContextJson gives it (its time as ISO text). */
export type CaseEventJson = Omit<CaseEventRow, 'at'> & { at: string };

/** caseContextJson as it arrives (timestamps as ISO text). */
export type CaseContextJson = {
  order: CaseOrder;
  events: CaseEventJson[];
  evidence: (Omit<ViewedEvidence, 'createdAt'> & {
    createdAt: string;
    role: string;
    parentId: string | null;
  })[];
  next: string | null;
  previous: PreviousCase | null;
  lateReveals: { cardKeyId: number; action: 'reveal' | 'copy'; at: string }[];
  feeDisputeRefundNo: string | null;
  disputedRefundNo: string | null;
  merchantReturnAddress?: ReturnAddress | null;
};

/** The context of a case read with caseContextJson, with the policy it was decided under. */
export async function caseContextFrom(db: Db, c: CaseRow, x: CaseContextJson): Promise<CaseContext> {
  // Versions never change, so this is a per-process cache hit after the first read.
  const policy = (await policyAt(db, c.policyVersion)) ?? (await currentPolicy(db));
  return {
    order: x.order,
    events: x.events.map((e) => ({ ...e, at: new Date(e.at) })),
    evidence: x.evidence.map(({ role, parentId, ...e }) => ({
      ...evidenceView({ ...e, createdAt: new Date(e.createdAt) }),
      uploadedByRole: role,
      parentId,
    })),
    nextRefundNo: x.next,
    previous: x.previous,
    policy,
    lateReveals: x.lateReveals.map((r) => ({ ...r, at: new Date(r.at) })),
    feeDisputeRefundNo: x.feeDisputeRefundNo,
    disputedRefundNo: x.disputedRefundNo,
    merchantReturnAddress: x.merchantReturnAddress ?? null,
  };
}

/** Reads what a case page shows besides the case row (one statement; see caseContextJson). */
export async function loadCaseContext(db: Db, c: CaseRow): Promise<CaseContext> {
  const res = await db.execute<{ ctx: CaseContextJson }>(
    sql`SELECT ${caseContextJson} AS ctx FROM refund_case JOIN shop_order ON shop_order.id = refund_case.order_id
        WHERE refund_case.id = ${c.id}`,
  );
  return caseContextFrom(db, c, res.rows[0]!.ctx);
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
      returnDeadline: returnDeadlineText(c),
      viewer: actor.role === 'buyer' || actor.role === 'merchant' ? actor.role : 'other',
    }),
    urged: c.urgedAt !== null,
    canUrgeAt: URGEABLE.includes(c.state) ? canUrgeAt(cal, c).toISOString() : null,
    escalated: c.escalated,
    escalationRequest: {
      requestedAt: c.buyerEscalatedAt?.toISOString() ?? null,
      refusal: escalationRefusal(c),
    },
    infoDeadline: c.infoDeadline?.toISOString() ?? null,
    appealDeadline:
      c.state === 'rejected' && c.appealCount < MAX_APPEALS
        ? (c.appealDeadline?.toISOString() ?? null)
        : null,
    merchantNote: c.merchantNote,
    feeDisputed: c.feeDisputed,
    feeWaivedFen: c.feeWaivedFen,
    // 极速退款: approved by the system at submission.
    express: x.events.some((e) => e.kind === 'express_approve'),
    rejectReason: reject && c.rejectReasonCode ? { code: c.rejectReasonCode, ...reject } : null,
    /** The reviewer's own words on the rejection (the reject event's text), shown beside the reason. */
    rejectNote:
      c.state === 'rejected' ? (x.events.findLast((e) => e.kind === 'reject')?.reason ?? null) : null,
    previousRefundNo: x.previous?.refundNo ?? null,
    nextRefundNo: x.nextRefundNo,
    feeDisputeRefundNo: x.feeDisputeRefundNo,
    disputedRefundNo: x.disputedRefundNo,
    changes: x.previous ? caseChanges(x.previous, c) : [],
    evidence: evidenceForRole(x.evidence, actor.role),
    returnShipment: returnView(
      c,
      x.merchantReturnAddress ?? null,
      x.events.some((e) => e.kind === 'return_postage_paid'),
    ),
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

/** The deadline the return waits on now: the buyer's ship-by or the merchant's confirm-by. */
function returnDeadlineText(c: CaseRow): string | null {
  const d = c.state === 'return_shipped' ? c.returnConfirmDeadline : c.returnDeadline;
  return d ? beijingTime(d) : null;
}

const laterOf = (a: Date, b: Date | null) => (b && b > a ? b : a);

/** Events after which a case no longer waits on what the buyer does with the keys. */
const DECIDING = new Set(['approve', 'merchant_agree', 'express_approve', 'withdraw']);

const URGEABLE: CaseState[] = ['submitted', 'risk_hold', 'appealed'];

/** What a resubmission changed against the rejected case. */
function caseChanges(before: PreviousCase, after: CaseRow) {
  const fields = ['type', 'description', 'requestedFen', 'amountFen'] as const;
  return fields
    .filter((f) => before[f] !== after[f])
    .map((f) => ({ field: f, before: before[f] ?? null, after: after[f] ?? null }));
}
