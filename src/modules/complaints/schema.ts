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
import { COMPLAINT_KINDS, COMPLAINT_STATES } from '../../core/complaints/complaint-machine.ts';
import { appUser, merchant } from '../auth/schema.ts';
import { refundCase } from '../refunds/schema.ts';

/** Feeds complaint numbers (投诉编号): C + the order-number format. */
export const complaintNoSeq = pgSequence('complaint_no_seq', {
  startWith: 1000,
  cycle: true,
  maxValue: 9_999_999,
});

/**
 * A complaint (投诉) by a buyer about a refund case's handling or about a merchant. It goes to
 * supervisors, never to staff in `concerned_staff_ids` (those who handled the case). `deadline` is the
 * policy's business-day limit for a resolution; past it the complaint is escalated to admins.
 */
export const complaint = pgTable(
  'complaint',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintNo: text('complaint_no').notNull().unique(),
    buyerId: bigint('buyer_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    merchantId: bigint('merchant_id', { mode: 'number' })
      .notNull()
      .references(() => merchant.id),
    caseId: bigint('case_id', { mode: 'number' }).references(() => refundCase.id),
    kind: text('kind', { enum: COMPLAINT_KINDS }).notNull(),
    state: text('state', { enum: COMPLAINT_STATES }).notNull().default('submitted'),
    text: text('text').notNull(),
    /** Public ids of the files filed with it (evidence.complaint_id; also the case's, for a case complaint). */
    evidenceIds: text('evidence_ids').array().notNull().default(sql`'{}'::text[]`),
    policyVersion: integer('policy_version').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    concernedStaffIds: bigint('concerned_staff_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    /** The supervisor who accepted it. */
    handlerId: bigint('handler_id', { mode: 'number' }).references(() => appUser.id),
    urgedAt: timestamp('urged_at', { withTimezone: true }),
    urgeCount: integer('urge_count').notNull().default(0),
    escalated: boolean('escalated').notNull().default(false),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    priority: integer('priority').notNull().default(0),
    merchantAnswerDeadline: timestamp('merchant_answer_deadline', { withTimezone: true }),
    merchantAnswer: text('merchant_answer'),
    merchantAnsweredAt: timestamp('merchant_answered_at', { withTimezone: true }),
    /** What was decided: actions taken, money moved, the explanation to the buyer (zh and en). */
    outcome: jsonb('outcome'),
    /** A fee given back by this complaint's outcome (at most one per case: see the unique index). */
    feeRefundedFen: bigint('fee_refunded_fen', { mode: 'number' }).notNull().default(0),
    compensationFen: bigint('compensation_fen', { mode: 'number' }).notNull().default(0),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Whether it was decided by its deadline (set when resolved or dismissed). */
    metDeadline: boolean('met_deadline'),
    reopenCount: integer('reopen_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('complaint_buyer_idx').on(t.buyerId, t.id.desc()),
    index('complaint_merchant_idx').on(t.merchantId, t.id.desc()),
    index('complaint_case_idx').on(t.caseId),
    index('complaint_queue_idx')
      .on(t.priority.desc(), t.deadline, t.id)
      .where(sql`state IN ('submitted','accepted','investigating')`),
    index('complaint_due_idx')
      .on(t.deadline)
      .where(sql`NOT escalated AND state IN ('submitted','accepted','investigating')`),
    // One fee refund per case, whichever complaint gives it.
    uniqueIndex('complaint_fee_refund_uq').on(t.caseId).where(sql`fee_refunded_fen > 0`),
    check('complaint_money_check', sql`fee_refunded_fen >= 0 AND compensation_fen >= 0`),
    check('complaint_case_kind_check', sql`(kind = 'merchant_general') = (case_id IS NULL)`),
  ],
);

/** The complaint's timeline: every step, append-only. */
export const complaintEvent = pgTable(
  'complaint_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: bigint('complaint_id', { mode: 'number' })
      .notNull()
      .references(() => complaint.id),
    kind: text('kind').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorRole: text('actor_role').notNull(),
    text: text('text'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('complaint_event_complaint_idx').on(t.complaintId, t.id)],
);
