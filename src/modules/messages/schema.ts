import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { appUser } from '../auth/schema.ts';

/** 站内信: one message to one user, in both languages, with a link to what it is about. */
export const siteMessage = pgTable(
  'site_message',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    kind: text('kind').notNull(),
    /** What it is about, e.g. `refund:R20261125000123`. */
    subject: text('subject'),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    bodyZh: text('body_zh').notNull(),
    bodyEn: text('body_en').notNull(),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('site_message_user_idx').on(t.userId, t.id.desc()),
    index('site_message_unread_idx').on(t.userId).where(sql`read_at IS NULL`),
  ],
);
