import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const RECON_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export const RECON_TRIGGERS = ['schedule', 'cli', 'admin'] as const;
/**
 * What can disagree between our books and a channel's:
 * - missing_at_channel: we booked a refund the channel has no record of;
 * - status_differs: both know the refund, but one says paid and the other not (or not yet);
 * - amount_differs: both say paid, for different amounts;
 * - ledger_differs: our payout says paid but the ledger's refund transaction is missing or differs.
 */
export const RECON_MISMATCH_KINDS = [
  'missing_at_channel',
  'status_differs',
  'amount_differs',
  'ledger_differs',
] as const;

/** One reconciliation of one (Beijing) calendar day's payouts against the channels' records. */
export const reconRun = pgTable(
  'recon_run',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The day reconciled, YYYY-MM-DD in Beijing time. */
    day: text('day').notNull(),
    status: text('status', { enum: RECON_RUN_STATUSES }).notNull().default('running'),
    triggeredBy: text('triggered_by', { enum: RECON_TRIGGERS }).notNull(),
    checked: integer('checked').notNull().default(0),
    mismatched: integer('mismatched').notNull().default(0),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('recon_run_day_idx').on(t.day, t.id),
    check('recon_run_day_check', sql`day ~ '^\\d{4}-\\d{2}-\\d{2}$'`),
  ],
);

/** One disagreement found by a run, with both sides' words. */
export const reconMismatch = pgTable(
  'recon_mismatch',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => reconRun.id),
    outRefundNo: text('out_refund_no').notNull(),
    channel: text('channel', { enum: ['alipay', 'wechatpay', 'balance'] }).notNull(),
    kind: text('kind', { enum: RECON_MISMATCH_KINDS }).notNull(),
    oursStatus: text('ours_status'),
    theirsStatus: text('theirs_status'),
    oursFen: bigint('ours_fen', { mode: 'number' }),
    theirsFen: bigint('theirs_fen', { mode: 'number' }),
    detail: text('detail').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recon_mismatch_run_idx').on(t.runId, t.id)],
);
