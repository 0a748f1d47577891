import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { appUser, merchant } from '../auth/schema.ts';
import { refundCase } from '../refunds/schema.ts';

/**
 * A buyer's credit (信用分), recomputed in the transaction that changes one of its facts (order paid,
 * identity verified, audit finding). A case decision (approved, rejected, hold cleared) only counts up
 * `stale_gen` in its own statement; the score is recomputed by whoever reads it next or by a worker
 * within a second (refresh-credit.ts, migration 0030). `facts` is what the score read, `factors` how it
 * came to `score`. The level is not stored: its thresholds belong to the
 * policy in force, so it is derived from the score when read. The row is also the lock that serialises
 * a buyer's express submissions against the caps.
 */
export const buyerCredit = pgTable(
  'buyer_credit',
  {
    userId: bigint('user_id', { mode: 'number' })
      .primaryKey()
      .references(() => appUser.id),
    score: integer('score').notNull(),
    facts: jsonb('facts').notNull(),
    factors: jsonb('factors').notNull(),
    /** Lost after a wrong express refund (a merchant's objection upheld); never given back by the score. */
    expressRevoked: boolean('express_revoked').notNull().default(false),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
    /** Counted up by every decision that changes a fact of the score; stale while above `freshGen`. */
    staleGen: bigint('stale_gen', { mode: 'number' }).notNull().default(0),
    /** The `staleGen` the stored score's facts were read at. */
    freshGen: bigint('fresh_gen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    check('buyer_credit_score_check', sql`score BETWEEN 0 AND 1000`),
    index('buyer_credit_stale_idx').on(t.userId).where(sql`stale_gen > fresh_gen`),
  ],
);

export const OBJECTION_STATES = ['objected', 'upheld', 'dismissed'] as const;
export const AUDIT_STATES = ['pending', 'fine', 'abusive'] as const;

/**
 * One express refund (极速退款): approved by the system at submission. The merchant may object (with
 * proof) until `objection_deadline`; a supervisor decides. A sample goes to the post-audit (事后抽检).
 * `created_at` with `buyer_id` counts the buyer's express use against the caps.
 */
export const expressRefund = pgTable(
  'express_refund',
  {
    caseId: bigint('case_id', { mode: 'number' })
      .primaryKey()
      .references(() => refundCase.id),
    buyerId: bigint('buyer_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    merchantId: bigint('merchant_id', { mode: 'number' })
      .notNull()
      .references(() => merchant.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    policyVersion: integer('policy_version').notNull(),
    /** The credit score when it was granted. */
    score: integer('score').notNull(),
    objectionDeadline: timestamp('objection_deadline', { withTimezone: true }).notNull(),
    objection: text('objection', { enum: OBJECTION_STATES }),
    objectionNote: text('objection_note'),
    objectionEvidence: jsonb('objection_evidence').notNull().default(sql`'[]'::jsonb`),
    objectedAt: timestamp('objected_at', { withTimezone: true }),
    objectionDecidedBy: bigint('objection_decided_by', { mode: 'number' }).references(() => appUser.id),
    objectionDecidedAt: timestamp('objection_decided_at', { withTimezone: true }),
    objectionReason: text('objection_reason'),
    /** Why it was sampled ('amount': at or above the threshold; 'sample': the policy's rate), or null. */
    auditReason: text('audit_reason', { enum: ['amount', 'sample'] }),
    audit: text('audit', { enum: AUDIT_STATES }),
    auditNote: text('audit_note'),
    auditedBy: bigint('audited_by', { mode: 'number' }).references(() => appUser.id),
    auditedAt: timestamp('audited_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('express_refund_buyer_idx').on(t.buyerId, t.createdAt),
    index('express_refund_audit_idx').on(t.createdAt).where(sql`audit = 'pending'`),
    index('express_refund_objection_idx').on(t.objectedAt).where(sql`objection = 'objected'`),
    index('express_refund_created_idx').on(t.createdAt),
  ],
);

export const RECOVERY_STATES = ['requested', 'recovered', 'refused'] as const;
export type RecoveryState = (typeof RECOVERY_STATES)[number];

/**
 * Recovering an upheld express loss from the buyer (追回), only with their consent (migration 0023).
 * Asked when a supervisor upholds a merchant's objection (`requested`); the buyer agrees — the loss
 * comes back to the guarantee fund from their balance as far as it goes and the rest through a payment
 * channel (`recovered`) — or refuses with a reason (`refused`: the loss stays the platform's). The row
 * is the lock concurrent answers serialise on; the database refuses more than the loss.
 * `recovery_no` is the channel's out_trade_no for the part paid through it.
 */
export const expressRecovery = pgTable(
  'express_recovery',
  {
    caseId: bigint('case_id', { mode: 'number' })
      .primaryKey()
      .references(() => expressRefund.caseId),
    recoveryNo: text('recovery_no').notNull().unique(),
    buyerId: bigint('buyer_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    lossFen: bigint('loss_fen', { mode: 'number' }).notNull(),
    state: text('state', { enum: RECOVERY_STATES }).notNull().default('requested'),
    fromBalanceFen: bigint('from_balance_fen', { mode: 'number' }).notNull().default(0),
    fromChannelFen: bigint('from_channel_fen', { mode: 'number' }).notNull().default(0),
    channel: text('channel', { enum: ['alipay', 'wechatpay'] }),
    channelTradeNo: text('channel_trade_no'),
    refusalReason: text('refusal_reason'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('express_recovery_requested_idx').on(t.requestedAt.desc()),
    check('express_recovery_state_check', sql`state IN ('requested', 'recovered', 'refused')`),
    check(
      'express_recovery_amounts_check',
      sql`loss_fen > 0 AND from_balance_fen >= 0 AND from_channel_fen >= 0 AND from_balance_fen + from_channel_fen <= loss_fen AND (state = 'recovered') = (from_balance_fen + from_channel_fen = loss_fen)`,
    ),
  ],
);
