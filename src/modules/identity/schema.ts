import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/db/columns.ts';
import { appUser } from '../auth/schema.ts';
import { refundCase } from '../refunds/schema.ts';

/**
 * 实名认证: what PIPL lets us keep. Name, ID number and phone are sealed (AES-GCM, like card keys) and
 * shown masked; `id_number_mac` (an HMAC, not a plain hash of a guessable number) finds one identity
 * behind several accounts. `pending` until the phone's one-time code is confirmed.
 */
export const identityVerification = pgTable(
  'identity_verification',
  {
    userId: bigint('user_id', { mode: 'number' })
      .primaryKey()
      .references(() => appUser.id),
    status: text('status', { enum: ['pending', 'verified'] }).notNull(),
    realNameEnc: bytea('real_name_enc').notNull(),
    realNameMask: text('real_name_mask').notNull(),
    idNumberEnc: bytea('id_number_enc').notNull(),
    idNumberMask: text('id_number_mask').notNull(),
    idNumberMac: text('id_number_mac').notNull(),
    phoneEnc: bytea('phone_enc').notNull(),
    phoneMask: text('phone_mask').notNull(),
    provider: text('provider').notNull(),
    providerRef: text('provider_ref'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('identity_verification_mac_idx').on(t.idNumberMac)],
);

/** One-time codes sent to a phone: only a hash of the code is kept; attempts and expiry bound guessing. */
export const otpChallenge = pgTable(
  'otp_challenge',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    purpose: text('purpose').notNull(),
    phoneMask: text('phone_mask').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('otp_challenge_user_idx').on(t.userId, t.createdAt)],
);

/**
 * 账户记录: the buyer's order history and payment vouchers, compiled by Kameng from its own books and
 * attached to a case — no typing. `sha256` covers the canonical JSON of `summary`; `signature` is the
 * platform's HMAC over that hash, so a changed summary no longer verifies.
 */
export const caseAccountRecord = pgTable(
  'case_account_record',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => refundCase.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    summary: jsonb('summary').notNull(),
    sha256: text('sha256').notNull(),
    signature: text('signature').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_account_record_case_idx').on(t.caseId)],
);
