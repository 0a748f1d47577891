import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { shopOrder } from '../orders/schema.ts';
import { refundCase } from '../refunds/schema.ts';

export const PAYOUT_STATUSES = ['pending', 'processing', 'unknown', 'succeeded', 'failed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/**
 * One attempt to pay an approved refund back through its channel. Written before the channel is
 * called; its `out_refund_no` is the channel's idempotency number (out_request_no / out_refund_no),
 * reused on every retry of the attempt. The outcome comes only from a verified notification or a
 * query, never from a timeout. At most one unfinished attempt per case.
 */
export const payoutAttempt = pgTable(
  'payout_attempt',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outRefundNo: text('out_refund_no').notNull().unique(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => refundCase.id),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => shopOrder.id),
    channel: text('channel', { enum: ['alipay', 'wechatpay', 'balance'] }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    feeFen: bigint('fee_fen', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: PAYOUT_STATUSES }).notNull().default('pending'),
    channelRefundId: text('channel_refund_id'),
    /** Calls made to the channel (requests and queries). */
    calls: integer('calls').notNull().default(0),
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payout_attempt_one_open_uq')
      .on(t.caseId)
      .where(sql`status IN ('pending','processing','unknown')`),
    index('payout_attempt_check_idx').on(t.nextCheckAt).where(sql`status IN ('processing','unknown')`),
    // Reconciliation reads a day's attempts: created or settled in it.
    index('payout_attempt_created_idx').on(t.createdAt),
    // The payout sweep: attempts never started.
    index('payout_attempt_pending_idx').on(t.createdAt).where(sql`status = 'pending'`),
    index('payout_attempt_settled_idx').on(t.settledAt).where(sql`settled_at IS NOT NULL`),
    // An order's attempts: the fees its refunds kept (its escrow), and its refunds' ledger entries
    // that settlement reads; without it both read every attempt ever made.
    index('payout_attempt_order_idx').on(t.orderId),
    check('payout_attempt_amount_check', sql`amount_fen > 0 AND fee_fen >= 0`),
  ],
);
