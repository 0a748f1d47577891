import { sql } from 'drizzle-orm';
import { bigint, check, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { appUser } from '../auth/schema.ts';

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
