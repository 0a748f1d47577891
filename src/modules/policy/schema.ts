import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { appUser } from '../auth/schema.ts';
import { shopOrder } from '../orders/schema.ts';

/**
 * Published refund policies (《退款政策》), one row per version, never changed once written. The
 * current policy is the highest version; a rollback publishes an older document again as a new
 * version, so history only grows and every case can name the version it was decided under.
 */
export const policyVersion = pgTable('policy_version', {
  version: integer('version').primaryKey(),
  document: jsonb('document').notNull(),
  note: text('note').notNull().default(''),
  basedOn: integer('based_on'),
  publishedBy: bigint('published_by', { mode: 'number' }).references(() => appUser.id),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The admins' working draft (one shared draft, like a document being edited). */
export const policyDraft = pgTable(
  'policy_draft',
  {
    id: integer('id').primaryKey().default(1),
    document: jsonb('document').notNull(),
    updatedBy: bigint('updated_by', { mode: 'number' }).references(() => appUser.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [check('policy_draft_single_check', sql`id = 1`)],
);

/**
 * Every refund quote a buyer (or an integration) asked for: the order facts as the engine saw them,
 * the request and the answer under the version in force. The what-if simulation replays submitted
 * cases, and shows these quote views apart (the latest per order and type).
 */
export const refundQuoteLog = pgTable(
  'refund_quote_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => shopOrder.id),
    type: text('type').notNull(),
    productKind: text('product_kind').notNull(),
    requestedFen: bigint('requested_fen', { mode: 'number' }),
    facts: jsonb('facts').notNull(),
    policyVersion: integer('policy_version').notNull(),
    eligible: boolean('eligible').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    ruleId: text('rule_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('refund_quote_log_at_idx').on(t.at, t.id),
    // The what-if's quote views: the latest quote per order and type.
    index('refund_quote_log_order_type_idx').on(t.orderId, t.type, t.at),
  ],
);
