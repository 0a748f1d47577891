import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { CHECK_KINDS, CHECK_RESULTS } from '../../core/evidence/checks/types.ts';
import { EVIDENCE_KINDS } from '../../core/evidence/limits.ts';
import { appUser } from '../auth/schema.ts';
import { complaint } from '../complaints/schema.ts';
import { caseMessage } from '../conversation/schema.ts';
import { refundCase } from '../refunds/schema.ts';

export { EVIDENCE_KINDS, type EvidenceKind } from '../../core/evidence/limits.ts';

/**
 * One uploaded file (凭证). Its type comes from its bytes; the bytes live in the blob store under
 * `blob_key` (and a thumbnail under `thumb_key` for images). An archive's images are rows of their own
 * with `parent_id` set. Uploaded first (no case), then attached to a case or to a complaint (投诉) — a
 * complaint about a case sets both, a complaint about a merchant in general only `complaint_id`; sha256
 * lets later checks find the same image used by another account.
 */
export const evidence = pgTable(
  'evidence',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What the API shows: not guessable, not a sequence. */
    publicId: text('public_id').notNull().unique(),
    ownerId: bigint('owner_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    caseId: bigint('case_id', { mode: 'number' }).references(() => refundCase.id),
    /** The complaint it was filed with, if any (whose supervisors and merchant may then see it). */
    complaintId: bigint('complaint_id', { mode: 'number' }).references(() => complaint.id),
    /** The conversation message it was sent with: shown in that message's thread only. */
    caseMessageId: bigint('case_message_id', { mode: 'number' }).references(() => caseMessage.id),
    parentId: bigint('parent_id', { mode: 'number' }),
    kind: text('kind', { enum: EVIDENCE_KINDS }).notNull(),
    mime: text('mime').notNull(),
    fileName: text('file_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    blobKey: text('blob_key').notNull(),
    thumbKey: text('thumb_key'),
    width: integer('width'),
    height: integer('height'),
    /** Results of the checks run on upload (and later automatic ones), shown to reviewers. */
    checks: jsonb('checks').notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('evidence_case_idx').on(t.caseId),
    index('evidence_owner_idx').on(t.ownerId, t.createdAt),
    index('evidence_sha256_idx').on(t.sha256),
    index('evidence_parent_idx').on(t.parentId),
    index('evidence_complaint_idx').on(t.complaintId).where(sql`complaint_id IS NOT NULL`),
    // The sweep of uploads never attached to a case or a complaint.
    index('evidence_unattached_idx').on(t.createdAt).where(sql`case_id IS NULL AND complaint_id IS NULL`),
    check('evidence_size_check', sql`size_bytes >= 0`),
  ],
);

/**
 * The result of one check of one evidence file (凭证核验, issue 15): written by the `evidence.check` job
 * after the upload, replaced by a re-check. A hint for reviewers and a risk signal, never a verdict.
 */
export const evidenceCheck = pgTable(
  'evidence_check',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    evidenceId: bigint('evidence_id', { mode: 'number' })
      .notNull()
      .references(() => evidence.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: CHECK_KINDS }).notNull(),
    result: text('result', { enum: CHECK_RESULTS }).notNull(),
    /** How sure the check is of its own result, 0–1. */
    confidence: doublePrecision('confidence').notNull(),
    reasonZh: text('reason_zh').notNull(),
    reasonEn: text('reason_en').notNull(),
    details: jsonb('details').notNull().default(sql`'{}'::jsonb`),
    checkerVersion: text('checker_version').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('evidence_check_kind_idx').on(t.evidenceId, t.kind),
    // The risk signal's read: an upload's reuse warning.
    index('evidence_check_duplicate_idx').on(t.evidenceId).where(sql`kind = 'duplicate' AND result = 'warn'`),
    check('evidence_check_confidence_check', sql`confidence >= 0 AND confidence <= 1`),
  ],
);

/**
 * An image's perceptual hash (dHash, 256 bits) and its bands, by which near-identical images are found
 * (GIN on `bands`, then the exact distance in the application): src/core/evidence/checks/dhash.ts.
 */
export const evidenceFingerprint = pgTable(
  'evidence_fingerprint',
  {
    evidenceId: bigint('evidence_id', { mode: 'number' })
      .primaryKey()
      .references(() => evidence.id, { onDelete: 'cascade' }),
    ownerId: bigint('owner_id', { mode: 'number' }).notNull(),
    dhash: text('dhash').notNull(),
    bands: integer('bands').array().notNull(),
  },
  (t) => [index('evidence_fingerprint_bands_idx').using('gin', t.bands)],
);
