import { eq, type SQL, sql } from 'drizzle-orm';
import { casePriority } from '../../core/refunds/case-actions.ts';
import {
  type CaseActor,
  type CaseEvent,
  type CaseState,
  transition,
} from '../../core/refunds/case-machine.ts';
import { caseMessages, type MessageFacts } from '../../core/refunds/case-messages.ts';
import { CARRIER_NAMES, type Carrier } from '../../core/returns/carriers.ts';
import { merchantPostageFen } from '../../core/returns/return-policy.ts';
import { type Db, executePrepared } from '../../platform/db/pool.ts';
import { fromDbRow, rowUpdate } from '../../platform/db/rows.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { markCreditStale } from '../credit/refresh-credit.ts';
import { messagesInsert, sendMessages } from '../messages/send-messages.ts';
import { shopOrder } from '../orders/schema.ts';
import type { CaseEventJson } from './case-view.ts';
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
  /**
   * Collects the timeline rows the statement writes (this step's and any written with it), as the
   * case page reads them: an answer built from them needs no second read of the timeline.
   */
  written?: CaseEventJson[];
};

export type TransitionInput = ChangeInput & {
  event: CaseEvent;
  /** Who, in the machine's terms (a system step after a person's action passes 'system'). */
  as: CaseActor;
  /**
   * What is written besides, in the same statement and only when the case was: data-modifying
   * statements given the case as it will be, each ending in RETURNING id and conditioned on
   * `EXISTS (SELECT 1 FROM u)` (the case's update). The first one's id comes back as `alsoId`.
   */
  also?: (after: CaseRow) => SQL[];
};

/**
 * Moves a case by one event, in the caller's transaction: checks the state machine, the version
 * (optimistic concurrency: a stale decision is refused, never applied), writes the new state, the
 * timeline row, the audit row and the site messages together. Returns the case as it now is.
 */
export async function applyTransition(tx: Db, c: CaseRow, input: TransitionInput): Promise<CaseRow> {
  const to = checkTransition(c, input);
  return (await saveChange(tx, c, [{ kind: input.event, to, input }], input.also)).row;
}

/** The condition a write of the case's statement goes with: the case's update happened. */
export const CASE_WRITTEN = sql`EXISTS (SELECT 1 FROM u)`;

/**
 * Two steps in one statement: the event, then a system step at once (its own timeline, audit row and
 * messages — approve → start_payout), with what the input writes besides. One round trip for both.
 */
export async function applyTransitionThen(
  tx: Db,
  c: CaseRow,
  input: TransitionInput,
  then: CaseEvent,
): Promise<{ row: CaseRow; alsoId: number | null }> {
  const first = checkTransition(c, input);
  const t = transition(first, then, 'system');
  if (!t.ok) throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: first });
  const system: ChangeInput = { actor: null, ip: null, now: input.now };
  return saveChange(
    tx,
    c,
    [
      { kind: input.event, to: first, input },
      { kind: then, to: t.to, input: system },
    ],
    input.also,
  );
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
  return (await saveChange(tx, c, [{ kind: input.kind, to: c.state, input }])).row;
}

type Step = { kind: string; to: CaseState; input: ChangeInput };

/**
 * One statement, one round trip: the case row (only at the version read — callers hold its row lock,
 * so this is a guard), and from its RETURNING the timeline rows, the audit rows and the site messages
 * of each step. Nothing is written beside an update that did not happen.
 */
async function saveChange(
  tx: Db,
  c: CaseRow,
  steps: Step[],
  also?: (after: CaseRow) => SQL[],
): Promise<{ row: CaseRow; alsoId: number | null }> {
  const input = steps[0]!.input;
  if (input.expectedVersion !== undefined && input.expectedVersion !== c.version)
    throw new AppError('REFUND.STALE', { version: c.version });
  const to = steps.at(-1)!.to;
  const set = Object.assign({}, ...steps.map((s) => s.input.set ?? {})) as Partial<
    typeof refundCase.$inferInsert
  >;
  const next = { ...c, ...set, state: to };
  const update = rowUpdate(
    refundCase,
    {
      ...set,
      state: to,
      priority: casePriority(next),
      version: sql`${refundCase.version} + 1`,
      updatedAt: input.now,
    },
    sql`"id" = ${c.id} and "version" = ${c.version}`,
  );
  const orderNo = c.orderNo ?? (await orderNoOf(tx, c.orderId));
  // The messages read the case as it will be: what the update sets, known here already.
  const after = { ...next, version: c.version + 1, updatedAt: input.now, orderNo } as CaseRow;
  const written = CASE_WRITTEN;
  const extra = also?.(after) ?? [];
  const messages = messagesInsert(
    steps.flatMap((s) =>
      caseMessages(s.kind, messageFacts(after, orderNo, s.input.reason ?? null, s.input.now)),
    ),
    messageTarget(after),
    { subject: `refund:${c.refundNo}`, refundNo: c.refundNo, now: input.now },
    written,
  );
  let from: CaseState = c.state;
  const events: SQL[] = [];
  const audits: SQL[] = [];
  const eventRows: CaseEventJson[] = [];
  for (const s of steps) {
    const actorId = s.input.actor?.userId ?? null;
    const actorRole = s.input.actor?.role ?? 'system';
    const reason = s.input.reason ?? null;
    const data = JSON.stringify(s.input.data ?? {});
    events.push(sql`(${s.kind}, ${from}, ${s.to}, ${actorId}::bigint, ${actorRole}, ${reason}::text,
        ${data}::jsonb, ${s.input.now}::timestamptz)`);
    // The row as the case page reads it back (its data through JSON: no undefined, no Date).
    const at = s.input.now.toISOString();
    eventRows.push({
      kind: s.kind,
      fromState: from,
      toState: s.to,
      actorRole,
      reason,
      data: JSON.parse(data),
      at,
    });
    audits.push(sql`(${actorId}::bigint, ${actorRole}, ${s.input.ip}::text, ${`refund.${s.kind}`},
        ${JSON.stringify({ from, to: s.to, ...s.input.data })}::jsonb)`);
    from = s.to;
  }
  const credit = steps.some((s) => CREDIT_EVENTS.has(s.kind));
  // Prepared by its text: its shape is one per event, the columns it sets and the number of messages —
  // a few dozen in all — and planning it cost as much as running it.
  const { rows } = await executePrepared<Record<string, unknown>>(
    tx,
    sql`
    WITH u AS (${update}),
    e AS (
      INSERT INTO ${refundCaseEvent} (case_id, kind, from_state, to_state, actor_id, actor_role, reason, data, at)
      SELECT u.id, v.* FROM u, (VALUES ${sql.join(events, sql`, `)}) v
    ),
    a AS (
      INSERT INTO ${auditLog} (actor_id, actor_role, ip, action, subject, data)
      SELECT v.actor_id, v.actor_role, v.ip, v.action, ${`refund:${c.refundNo}`}, v.data
      FROM (VALUES ${sql.join(audits, sql`, `)}) v (actor_id, actor_role, ip, action, data) WHERE ${written}
    )${messages ? sql`, m AS (${messages})` : sql``}${
      // A decision is a fact of the buyer's credit (信用分): the stored score is marked stale with it
      // and recomputed by its next reader or a worker (refresh-credit.ts), not in the decision.
      credit ? sql`, cr AS (${markCreditStale(c.buyerId, written)})` : sql``
    }${sql.join(
      extra.map((w, i) => sql`, ${sql.raw(`x${i}`)} AS (${w})`),
      sql``,
    )}
    SELECT u.*${extra.length ? sql`, (SELECT id FROM x0) AS also_id` : sql``} FROM u`,
  );
  if (!rows[0]) throw new AppError('REFUND.STALE');
  input.written?.push(...eventRows);
  const alsoId = rows[0].also_id != null ? Number(rows[0].also_id) : null;
  return { row: { ...fromDbRow(refundCase, rows[0]), orderNo }, alsoId };
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
    returnPostageFen: merchantPostageFen(c.returnPostageBy, c.returnPostageFen, Number.MAX_SAFE_INTEGER),
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
