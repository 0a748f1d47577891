import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { REFUND_TYPES } from '../../core/policy/vocabulary.ts';
import { CASE_STATES } from '../../core/refunds/case-machine.ts';
import { appUser, merchant, type ReturnAddress } from '../auth/schema.ts';
import { shopOrder } from '../orders/schema.ts';

/** Feeds refund numbers (退款编号), like order numbers but with an R in front. */
export const refundNoSeq = pgSequence('refund_no_seq', { startWith: 1000, cycle: true, maxValue: 9_999_999 });

/**
 * A refund case (退款单). `amount_fen` is what the policy quoted at submission: while the case is open
 * it is reserved against the order, so open cases plus refunds never exceed what was paid. At most
 * one case per order is open at a time (partial unique index). `version` guards decisions against
 * stale screens (optimistic concurrency).
 */
export const refundCase = pgTable(
  'refund_case',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    refundNo: text('refund_no').notNull().unique(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => shopOrder.id),
    buyerId: bigint('buyer_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    merchantId: bigint('merchant_id', { mode: 'number' })
      .notNull()
      .references(() => merchant.id),
    type: text('type', { enum: REFUND_TYPES }).notNull(),
    state: text('state', { enum: CASE_STATES }).notNull().default('submitted'),
    description: text('description').notNull(),
    requestedFen: bigint('requested_fen', { mode: 'number' }),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    feeFen: bigint('fee_fen', { mode: 'number' }).notNull().default(0),
    policyVersion: integer('policy_version').notNull(),
    /** The quote in force: the one at submission, or the one a decision was taken on (see `requote`). */
    quote: jsonb('quote').notNull(),
    /**
     * What the policy engine read at submission — the order's facts and the request — so the what-if
     * simulation replays submitted cases exactly. Null for cases older than this column.
     */
    quoteInput: jsonb('quote_input'),
    /** The card keys the case covers (chosen at submission); unrevealed ones are locked while it is open. */
    cardKeyIds: bigint('card_key_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    slaDeadline: timestamp('sla_deadline', { withTimezone: true }).notNull(),
    urgedAt: timestamp('urged_at', { withTimezone: true }),
    escalated: boolean('escalated').notNull().default(false),
    assigneeId: bigint('assignee_id', { mode: 'number' }).references(() => appUser.id),
    /** A claim lets one agent work the case; it lapses at this time so a case is never stuck. */
    claimExpiresAt: timestamp('claim_expires_at', { withTimezone: true }),
    /** Urged and escalated cases come first in the queue. */
    priority: integer('priority').notNull().default(0),
    /** What was approved (≤ amount_fen), set on approval. */
    approvedFen: bigint('approved_fen', { mode: 'number' }),
    rejectReasonCode: text('reject_reason_code'),
    /** Who rejected: an appeal must go to someone else. */
    rejectedBy: bigint('rejected_by', { mode: 'number' }).references(() => appUser.id),
    previousCaseId: bigint('previous_case_id', { mode: 'number' }),
    /** A fee dispute (手续费争议) filed from a refunded case: the case whose kept fee it disputes. */
    feeDisputeOf: bigint('fee_dispute_of', { mode: 'number' }),
    /** How many times this chain was resubmitted after rejection (0 for the first case). */
    resubmitCount: integer('resubmit_count').notNull().default(0),
    /** While info is requested the SLA clock is paused from this time; the deadline moves on answer. */
    slaPausedAt: timestamp('sla_paused_at', { withTimezone: true }),
    /** An information request unanswered by then closes the case (the buyer may reopen once). */
    infoDeadline: timestamp('info_deadline', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    urgeCount: integer('urge_count').notNull().default(0),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** 要求升级: when the buyer asked for a supervisor (once per case; the reason is on the timeline). */
    buyerEscalatedAt: timestamp('buyer_escalated_at', { withTimezone: true }),
    appealCount: integer('appeal_count').notNull().default(0),
    /** A rejected case may be appealed until then (the policy's appealWithinDays); null once it may not. */
    appealDeadline: timestamp('appeal_deadline', { withTimezone: true }),
    /** The merchant may agree or object until then; afterwards the case proceeds without it. */
    merchantDeadline: timestamp('merchant_deadline', { withTimezone: true }),
    merchantResponse: text('merchant_response', { enum: ['agreed', 'objected', 'lapsed'] }),
    merchantNote: text('merchant_note'),
    /** The buyer disputes the fee (手续费争议); a supervisor may waive it. */
    feeDisputed: boolean('fee_disputed').notNull().default(false),
    feeWaivedFen: bigint('fee_waived_fen', { mode: 'number' }).notNull().default(0),
    /** 退货寄回: who pays the return postage, set with an approval that wants the goods back. */
    returnPostageBy: text('return_postage_by', { enum: ['buyer', 'merchant'] }),
    /** The merchant's return address as it was when the return was asked for. */
    returnAddress: jsonb('return_address').$type<ReturnAddress>(),
    /** The buyer ships by then or the case closes; reminded at return_remind_at (cleared once sent). */
    returnDeadline: timestamp('return_deadline', { withTimezone: true }),
    returnRemindAt: timestamp('return_remind_at', { withTimezone: true }),
    returnCarrier: text('return_carrier'),
    returnTrackingNo: text('return_tracking_no'),
    /** What the buyer says the postage cost (fen); the merchant owes it up to the policy's cap when it pays. */
    returnPostageFen: bigint('return_postage_fen', { mode: 'number' }),
    returnShippedAt: timestamp('return_shipped_at', { withTimezone: true }),
    /** The merchant confirms receipt (or objects) by then; after it the return counts as received. */
    returnConfirmDeadline: timestamp('return_confirm_deadline', { withTimezone: true }),
    returnReceivedAt: timestamp('return_received_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refund_case_one_open_uq')
      .on(t.orderId)
      .where(
        sql`state IN ('submitted','info_requested','risk_hold','approved','awaiting_return','return_shipped','refunding','refund_failed','appealed')`,
      ),
    index('refund_case_buyer_idx').on(t.buyerId, t.createdAt.desc(), t.id.desc()),
    index('refund_case_order_idx').on(t.orderId),
    // The review queue: open cases by priority, then deadline.
    index('refund_case_queue_idx')
      .on(t.priority.desc(), t.slaDeadline, t.id)
      .where(sql`state IN ('submitted','info_requested','risk_hold','appealed')`),
    // The timer sweeps read only due rows through these partial indexes.
    index('refund_case_sla_due_idx')
      .on(t.slaDeadline)
      .where(sql`NOT escalated AND state IN ('submitted','risk_hold','appealed')`),
    index('refund_case_info_due_idx').on(t.infoDeadline).where(sql`state = 'info_requested'`),
    index('refund_case_merchant_due_idx')
      .on(t.merchantDeadline)
      .where(sql`merchant_response IS NULL AND state = 'submitted'`),
    index('refund_case_return_due_idx').on(t.returnDeadline).where(sql`state = 'awaiting_return'`),
    index('refund_case_return_remind_idx')
      .on(t.returnRemindAt)
      .where(sql`state = 'awaiting_return' AND return_remind_at IS NOT NULL`),
    index('refund_case_return_confirm_idx').on(t.returnConfirmDeadline).where(sql`state = 'return_shipped'`),
    index('refund_case_merchant_idx').on(t.merchantId, t.id.desc()),
    // Risk signals count a shop's recent cases (has its refund rate jumped?) without reading its history.
    index('refund_case_merchant_created_idx').on(t.merchantId, t.createdAt),
    // The queue filtered by merchant (alone or with rarer filters), in queue order.
    index('refund_case_merchant_queue_idx')
      .on(t.merchantId, t.priority.desc(), t.slaDeadline, t.id)
      .where(sql`state IN ('submitted','info_requested','risk_hold','appealed')`),
    // 我的处理: an agent's own open cases, in queue order.
    index('refund_case_assignee_queue_idx')
      .on(t.assigneeId, t.priority.desc(), t.slaDeadline, t.id)
      .where(sql`state IN ('submitted','info_requested','risk_hold','appealed')`),
    index('refund_case_previous_idx').on(t.previousCaseId),
    index('refund_case_fee_dispute_idx').on(t.feeDisputeOf).where(sql`fee_dispute_of IS NOT NULL`),
    check('refund_case_amount_check', sql`amount_fen >= 0 AND fee_fen >= 0 AND fee_waived_fen >= 0`),
    check(
      'refund_case_approved_check',
      sql`approved_fen IS NULL OR (approved_fen > 0 AND approved_fen <= amount_fen)`,
    ),
  ],
);

/** The case timeline: every transition, append-only (who, when, from, to, why). */
export const refundCaseEvent = pgTable(
  'refund_case_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => refundCase.id),
    kind: text('kind').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorRole: text('actor_role').notNull(),
    reason: text('reason'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('refund_case_event_case_idx').on(t.caseId, t.at)],
);
