import { and, eq, sql } from 'drizzle-orm';
import { casePriority } from '../../core/refunds/case-actions.ts';
import {
  type CaseActor,
  type CaseEvent,
  type CaseState,
  transition,
} from '../../core/refunds/case-machine.ts';
import { caseMessages, type MessageFacts } from '../../core/refunds/case-messages.ts';
import { CARRIER_NAMES, type Carrier } from '../../core/returns/carriers.ts';
import type { Db } from '../../platform/db/pool.ts';
import { fromDbRow } from '../../platform/db/rows.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { refreshCredit } from '../credit/refresh-credit.ts';
import { messagesInsert, sendMessages } from '../messages/send-messages.ts';
import { shopOrder } from '../orders/schema.ts';
import type { CaseRow } from './find-case.ts';
import { refundCase, refundCaseEvent } from './schema.ts';

/** Case events that change a fact the credit score reads (approved, rejected, hold cleared). */
const CREDIT_EVENTS = new Set(['approve', 'merchant_agree', 'express_approve', 'reject', 'clear_risk']);

type ChangeInput = {
  actor: Actor | null;
  /** The version the caller's screen showed; a different one means the decision is stale. */
  expectedVersion?: number;
  reason?: string;
  data?: Record<string, unknown>;
  set?: Partial<typeof refundCase.$inferInsert>;
  ip: string | null;
  now: Date;
};

export type TransitionInput = ChangeInput & {
  event: CaseEvent;
  /** Who, in the machine's terms (a system step after a person's action passes 'system'). */
  as: CaseActor;
};

/**
 * Moves a case by one event, in the caller's transaction: checks the state machine, the version
 * (optimistic concurrency: a stale decision is refused, never applied), writes the new state, the
 * timeline row, the audit row and the site messages together. Returns the case as it now is.
 */
export async function applyTransition(tx: Db, c: CaseRow, input: TransitionInput): Promise<CaseRow> {
  return saveChange(tx, c, checkTransition(c, input), input.event, input);
}

/**
 * Whether the event may move the case now, and where to: the state machine and the version the caller
 * saw. A use-case that must work before the move (a decision's re-quote) asks this first, so a stale
 * or illegal request fails for what it is, not for something found on the way.
 */
export function checkTransition(
  c: CaseRow,
  input: Pick<TransitionInput, 'event' | 'as' | 'expectedVersion'>,
): CaseState {
  const t = transition(c.state, input.event, input.as);
  if (!t.ok)
    throw new AppError(t.reason === 'actor_not_allowed' ? 'AUTH.FORBIDDEN' : 'REFUND.ILLEGAL_TRANSITION', {
      state: c.state,
    });
  if (input.expectedVersion !== undefined && input.expectedVersion !== c.version)
    throw new AppError('REFUND.STALE', { version: c.version });
  return t.to;
}

/**
 * Records something done to a case that keeps its state (urge, escalate, fee dispute, contact,
 * merchant objection…), with the same guarantees as a transition: version check, timeline, audit,
 * messages, one transaction. The caller has checked that the action is allowed.
 */
export async function recordAction(
  tx: Db,
  c: CaseRow,
  input: ChangeInput & { kind: string },
): Promise<CaseRow> {
  return saveChange(tx, c, c.state, input.kind, input);
}

/**
 * One statement, one round trip: the case row (only at the version read — callers hold its row lock,
 * so this is a guard), and from its RETURNING the timeline row, the audit row and the site messages.
 * Nothing is written beside an update that did not happen.
 */
async function saveChange(
  tx: Db,
  c: CaseRow,
  to: CaseState,
  kind: string,
  input: ChangeInput,
): Promise<CaseRow> {
  if (input.expectedVersion !== undefined && input.expectedVersion !== c.version)
    throw new AppError('REFUND.STALE', { version: c.version });
  const next = { ...c, ...input.set, state: to };
  const update = tx
    .update(refundCase)
    .set({
      ...input.set,
      state: to,
      priority: casePriority(next),
      version: sql`${refundCase.version} + 1`,
      updatedAt: input.now,
    })
    .where(and(eq(refundCase.id, c.id), eq(refundCase.version, c.version)))
    .returning()
    .getSQL();
  const actorId = input.actor?.userId ?? null;
  const actorRole = input.actor?.role ?? 'system';
  const orderNo = c.orderNo ?? (await orderNoOf(tx, c.orderId));
  // The messages read the case as it will be: what the update sets, known here already.
  const after = { ...next, version: c.version + 1, updatedAt: input.now } as CaseRow;
  const messages = messagesInsert(
    caseMessages(kind, messageFacts(after, orderNo, input.reason ?? null, input.now)),
    messageTarget(after),
    { subject: `refund:${c.refundNo}`, refundNo: c.refundNo, now: input.now },
    sql`EXISTS (SELECT 1 FROM u)`,
  );
  const { rows } = await tx.execute<Record<string, unknown>>(sql`
    WITH u AS (${update}),
    e AS (
      INSERT INTO ${refundCaseEvent} (case_id, kind, from_state, to_state, actor_id, actor_role, reason, data, at)
      SELECT u.id, ${kind}, ${c.state}, ${to}, ${actorId}::bigint, ${actorRole}, ${input.reason ?? null}::text,
        ${JSON.stringify(input.data ?? {})}::jsonb, ${input.now}::timestamptz FROM u
    ),
    a AS (
      INSERT INTO ${auditLog} (actor_id, actor_role, ip, action, subject, data)
      SELECT ${actorId}::bigint, ${actorRole}, ${input.ip}::text, ${`refund.${kind}`}, ${`refund:${c.refundNo}`},
        ${JSON.stringify({ from: c.state, to, ...input.data })}::jsonb FROM u
    )${messages ? sql`, m AS (${messages})` : sql``}
    SELECT * FROM u`);
  if (!rows[0]) throw new AppError('REFUND.STALE');
  // A decision is a fact of the buyer's credit (信用分): recomputed with it, never on read.
  if (CREDIT_EVENTS.has(kind)) await refreshCredit(tx, c.buyerId, input.now);
  return { ...fromDbRow(refundCase, rows[0]), orderNo };
}

/** Sends the site messages this event calls for (see core/refunds/case-messages.ts). */
export async function notifyCase(tx: Db, c: CaseRow, kind: string, reason: string | null, now: Date) {
  await sendMessages(
    tx,
    caseMessages(kind, messageFacts(c, await orderNoOf(tx, c.orderId), reason, now)),
    messageTarget(c),
    { subject: `refund:${c.refundNo}`, refundNo: c.refundNo, now },
  );
}

/** What the message templates read about a case. */
export function messageFacts(c: CaseRow, orderNo: string, reason: string | null, now: Date): MessageFacts {
  const live = c.assigneeId !== null && c.claimExpiresAt !== null && c.claimExpiresAt > now;
  return {
    refundNo: c.refundNo,
    orderNo,
    reason,
    slaDeadline: c.slaDeadline,
    infoDeadline: c.infoDeadline,
    merchantDeadline: c.merchantDeadline,
    amountFen: c.amountFen,
    approvedFen: c.approvedFen,
    feeFen: c.feeFen,
    hasAssignee: c.assigneeId !== null,
    assigneeLive: live,
    returnPending: c.returnPostageBy !== null && c.returnShippedAt === null,
    returnDeadline: c.state === 'return_shipped' ? c.returnConfirmDeadline : c.returnDeadline,
    returnTracking: c.returnTrackingNo
      ? `${CARRIER_NAMES[c.returnCarrier as Carrier]?.zh ?? ''} ${c.returnTrackingNo}`.trim()
      : null,
  };
}

export const messageTarget = (c: CaseRow) => ({
  buyerId: c.buyerId,
  merchantId: c.merchantId,
  assigneeId: c.assigneeId,
});

async function orderNoOf(tx: Db, orderId: number): Promise<string> {
  const [o] = await tx
    .select({ orderNo: shopOrder.orderNo })
    .from(shopOrder)
    .where(eq(shopOrder.id, orderId));
  return o?.orderNo ?? '';
}
