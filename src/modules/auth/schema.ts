import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

export const ROLES = ['buyer', 'merchant', 'agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Where buyers send goods back (退货地址); the phone is the shop's, not a person's. */
export type ReturnAddress = { name: string; phone: string; address: string };

/** 商家. The marketplace issue adds deposits and status details. */

export const merchant = pgTable('merchant', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull().unique(),
  /** 退货地址: shown to a buyer asked to send goods back; null until the merchant sets it. */
  returnAddress: jsonb('return_address').$type<ReturnAddress>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const appUser = pgTable(
  'app_user',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** Set exactly when role = 'merchant' (checked in SQL). */
    merchantId: bigint('merchant_id', { mode: 'number' }).references(() => merchant.id),
    passwordHash: text('password_hash').notNull(),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('app_user_role_check', sql`role IN ('buyer','merchant','agent','supervisor','admin')`),
    check('app_user_merchant_check', sql`(role = 'merchant') = (merchant_id IS NOT NULL)`),
    // Site messages go to a shop's merchant users or to the supervisors on most case events: read
    // through this index, the few staff rows, never a scan of every buyer (10,000s of them).
    index('app_user_staff_idx').on(t.role, t.merchantId).where(sql`role <> 'buyer'`),
    // Staff find a buyer by the start of the username (LIKE 'abc%'), migration 0028.
    index('app_user_username_prefix_idx')
      .using('btree', sql`${t.username} text_pattern_ops`)
      .where(sql`role = 'buyer'`),
  ],
);

/** A browser session. The cookie carries a random token; only its sha256 is stored. */
export const userSession = pgTable(
  'user_session',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('user_session_user_idx').on(t.userId)],
);

/** Integration keys (`Authorization: Bearer km_…`), hashed at rest like passwords' cousins. */
export const apiKey = pgTable(
  'api_key',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_key_user_idx').on(t.userId)],
);
