import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { THREADS } from '../../core/refunds/conversation.ts';
import { appUser } from '../auth/schema.ts';
import { refundCase } from '../refunds/schema.ts';

/**
 * One message of a case's conversation (留言). Two threads per case: `buyer` (the buyer with the
 * platform staff) and `merchant` (the shop with the platform staff); staff read and write both, the
 * buyer and the shop only their own. Append-only, like the timeline.
 */
export const caseMessage = pgTable(
  'case_message',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => refundCase.id),
    thread: text('thread', { enum: THREADS }).notNull(),
    authorId: bigint('author_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    authorRole: text('author_role').notNull(),
    body: text('body').notNull(),
    /** The files sent with it (evidence public ids; the files carry case_message_id too). */
    evidenceIds: text('evidence_ids').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('case_message_case_idx').on(t.caseId, t.thread, t.id),
    index('case_message_created_idx').on(t.createdAt),
    check('case_message_thread_check', sql`thread IN ('buyer','merchant')`),
    check('case_message_body_check', sql`char_length(body) BETWEEN 1 AND 2000`),
  ],
);

/** How far one reader has read one case's conversation: unread is what came after, from the other side. */
export const caseMessageRead = pgTable(
  'case_message_read',
  {
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => refundCase.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    lastReadId: bigint('last_read_id', { mode: 'number' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'case_message_read_pk', columns: [t.caseId, t.userId] })],
);
