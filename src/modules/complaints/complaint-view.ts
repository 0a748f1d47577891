import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { maskPersonalText } from '../../core/casefile/scope.ts';
import {
  COMPLAINT_KINDS,
  COMPLAINT_STATES,
  type ComplaintKind,
  type ComplaintState,
  complaintEvents,
  MERCHANT_VISIBLE_KINDS,
  OPEN_COMPLAINT_STATES,
} from '../../core/complaints/complaint-machine.ts';
import { complaintReopenRefusal, complaintUrgeRefusal } from '../../core/complaints/complaint-rules.ts';
import { outcomeLines } from '../../core/complaints/complaint-texts.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser, merchant } from '../auth/schema.ts';
import { caseOrderFacts } from '../evidence/checks/list-checks.ts';
import { listComplaintEvidence } from '../evidence/list-complaint-evidence.ts';
import { currentPolicy, policyAt } from '../policy/current-policy.ts';
import { refundCase } from '../refunds/schema.ts';
import { type ComplaintRow, findComplaint } from './find-complaint.ts';
import { outcomeChoices } from './resolve-complaint.ts';
import { complaint, complaintEvent } from './schema.ts';
import { staffRefusal } from './staff-actions.ts';

export type ComplaintAction = 'accept' | 'investigate' | 'resolve' | 'dismiss' | 'reopen' | 'urge' | 'answer';

/** What the actor could do with the complaint now, in the order screens show them. */
export async function complaintActions(
  db: Db,
  actor: Actor,
  c: ComplaintRow,
  now: Date,
): Promise<ComplaintAction[]> {
  switch (actor.role) {
    case 'buyer': {
      if (c.buyerId !== actor.userId) return [];
      const policy = (await policyAt(db, c.policyVersion)) ?? (await currentPolicy(db));
      const current = await currentPolicy(db);
      const actions: ComplaintAction[] = [];
      if (!complaintUrgeRefusal(policy.compiled.calendar, c, now)) actions.push('urge');
      if (!complaintReopenRefusal(current.compiled.calendar, current.document.complaints, c, now))
        actions.push('reopen');
      return actions;
    }
    case 'merchant':
      return MERCHANT_VISIBLE_KINDS.includes(c.kind) &&
        c.merchantAnswer === null &&
        OPEN_COMPLAINT_STATES.includes(c.state)
        ? ['answer']
        : [];
    case 'agent':
      return [];
    case 'supervisor':
    case 'admin':
      return staffRefusal(c, actor) ? [] : complaintEvents(c.state, 'supervisor');
  }
}

const isStaff = (a: Actor) => a.role === 'supervisor' || a.role === 'admin';

/** One complaint as the actor may see it: facts, merchant's answer, outcome, timeline, actions. */
export async function getComplaint(db: Db, actor: Actor, complaintNo: string, now: Date) {
  const c = await findComplaint(db, complaintNo, actor);
  const [names] = await db
    .select({
      merchantName: merchant.name,
      buyerName: appUser.displayName,
      refundNo: refundCase.refundNo,
      caseState: refundCase.state,
    })
    .from(complaint)
    .innerJoin(merchant, eq(merchant.id, complaint.merchantId))
    .innerJoin(appUser, eq(appUser.id, complaint.buyerId))
    .leftJoin(refundCase, eq(refundCase.id, complaint.caseId))
    .where(eq(complaint.id, c.id));
  const handler = c.handlerId
    ? (await db.select({ name: appUser.displayName }).from(appUser).where(eq(appUser.id, c.handlerId)))[0]
    : undefined;
  const events = await db
    .select()
    .from(complaintEvent)
    .where(eq(complaintEvent.complaintId, c.id))
    .orderBy(asc(complaintEvent.id));
  const staff = isStaff(actor);
  const actions = await complaintActions(db, actor, c, now);
  // The merchant reads what the buyer wrote with their phone and identity numbers and name masked, as in
  // its edition of the case file.
  const forMerchant = actor.role === 'merchant';
  const buyerText = (t: string | null) => (forMerchant && t ? maskPersonalText(t, names!.buyerName) : t);
  // The files filed with it: the merchant sees them under neutral names, the checks are the handlers'.
  const evidence = await listComplaintEvidence(db, c.id, {
    withChecks: staff,
    order: staff && c.caseId !== null ? await caseOrderFacts(db, c.caseId) : null,
    neutralNames: actor.role === 'merchant',
  });
  return {
    ...summary(c, names!),
    text: buyerText(c.text)!,
    evidenceIds: c.evidenceIds,
    evidence,
    caseState: names!.caseState ?? null,
    buyerName: actor.role === 'buyer' || staff ? names!.buyerName : null,
    handlerName: handler?.name ?? null,
    merchantAnswer: c.merchantAnswer,
    merchantAnsweredAt: c.merchantAnsweredAt?.toISOString() ?? null,
    merchantAnswerDeadline: c.merchantAnswerDeadline?.toISOString() ?? null,
    outcome: outcomeFor(c, actor.role),
    /** For a supervisor who may decide now: the outcomes the decision would accept, and the limits. */
    choices: staff && actions.includes('resolve') ? await outcomeChoices(db, c) : null,
    feeRefundedFen: c.feeRefundedFen,
    compensationFen: c.compensationFen,
    reopenCount: c.reopenCount,
    urgeCount: c.urgeCount,
    /** Staff see who may not handle it; nobody else needs to. */
    concernedStaffIds: staff ? c.concernedStaffIds : [],
    timeline: events.map((e) => ({
      kind: e.kind,
      fromState: e.fromState,
      toState: e.toState,
      actorRole: e.actorRole,
      text: e.actorRole === 'buyer' ? buyerText(e.text) : e.text,
      at: e.at.toISOString(),
    })),
    actions,
  };
}

/**
 * The outcome as this reader reads it: the buyer gets the sentences written to them at the decision;
 * staff and the shop read them about the buyer (what the complaint gave in all), not "您的余额".
 */
function outcomeFor(c: ComplaintRow, role: string): ComplaintOutcome | null {
  const o = (c.outcome as ComplaintOutcome | null) ?? null;
  if (!o || role === 'buyer') return o;
  const lines = outcomeLines(
    {
      reopenedRefundNo: o.reopenedRefundNo ?? null,
      feeRefundedFen: c.feeRefundedFen,
      compensationFen: c.compensationFen,
    },
    'others',
  );
  return { ...o, lines };
}

export type ComplaintOutcome = {
  actions: string[];
  explanation: string;
  lines: { zh: string; en: string }[];
  reopenedRefundNo?: string | null;
  ledgerTxnIds?: number[];
};

function summary(c: ComplaintRow, n: { merchantName: string; refundNo: string | null }) {
  return {
    complaintNo: c.complaintNo,
    kind: c.kind,
    state: c.state,
    refundNo: n.refundNo,
    merchantId: c.merchantId,
    merchantName: n.merchantName,
    deadline: c.deadline.toISOString(),
    urged: c.urgedAt !== null,
    escalated: c.escalated,
    priority: c.priority,
    closedAt: c.closedAt?.toISOString() ?? null,
    metDeadline: c.metDeadline,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export type ListQuery = {
  state?: ComplaintState[];
  kind?: ComplaintKind;
  merchantId?: number;
  /** Only complaints about this refund case (the case page links to them). */
  refundNo?: string;
  /** Staff: only complaints this supervisor may act on (not concerned, not another's). */
  actionable?: boolean;
  cursor?: string;
  limit: number;
};

/**
 * Complaints the actor may see. Open ones first by priority and deadline (the supervisors' queue
 * order), then the rest newest first. The cursor is an offset, opaque to callers.
 */
export async function listComplaints(db: Db, actor: Actor, q: ListQuery) {
  const where = [];
  switch (actor.role) {
    case 'buyer':
      where.push(eq(complaint.buyerId, actor.userId));
      break;
    case 'merchant':
      where.push(eq(complaint.merchantId, actor.merchantId ?? -1));
      where.push(inArray(complaint.kind, [...MERCHANT_VISIBLE_KINDS]));
      break;
    case 'agent':
      throw new AppError('COMPLAINT.NOT_STAFF');
    case 'supervisor':
    case 'admin':
      if (q.actionable) {
        where.push(sql`NOT (${actor.userId}::bigint = ANY(${complaint.concernedStaffIds}))`);
        if (actor.role !== 'admin')
          where.push(
            sql`(${complaint.handlerId} IS NULL OR ${complaint.handlerId} = ${actor.userId} OR ${complaint.escalated})`,
          );
      }
      break;
  }
  if (q.state?.length) where.push(inArray(complaint.state, q.state));
  if (q.kind) where.push(eq(complaint.kind, q.kind));
  if (q.merchantId !== undefined) where.push(eq(complaint.merchantId, q.merchantId));
  if (q.refundNo !== undefined) where.push(eq(refundCase.refundNo, q.refundNo));
  const offset = q.cursor ? decodeCursor(q.cursor) : 0;
  const open = sql`(${complaint.state} IN ('submitted','accepted','investigating'))`;
  const rows = await db
    .select({ c: complaint, merchantName: merchant.name, refundNo: refundCase.refundNo })
    .from(complaint)
    .innerJoin(merchant, eq(merchant.id, complaint.merchantId))
    .leftJoin(refundCase, eq(refundCase.id, complaint.caseId))
    .where(and(...where))
    .orderBy(
      desc(open),
      desc(complaint.priority),
      sql`CASE WHEN ${open} THEN ${complaint.deadline} END`,
      desc(complaint.id),
    )
    .limit(q.limit + 1)
    .offset(offset);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => summary(r.c, r)),
    nextCursor: rows.length > q.limit ? encodeCursor(offset + q.limit) : null,
  };
}

const encodeCursor = (n: number) => Buffer.from(`o:${n}`).toString('base64url');
function decodeCursor(s: string): number {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(s, 'base64url').toString());
  if (!m) throw new AppError('REQUEST.VALIDATION', { cursor: 'invalid' });
  return Number(m[1]);
}

export { COMPLAINT_KINDS, COMPLAINT_STATES };
