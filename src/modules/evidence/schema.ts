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
import { EVIDENCE_KINDS } from '../../core/evidence/limits.ts';
import { appUser } from '../auth/schema.ts';
import { refundCase } from '../refunds/schema.ts';

export { EVIDENCE_KINDS, type EvidenceKind } from '../../core/evidence/limits.ts';

/**
 * One uploaded file (凭证). Its type comes from its bytes; the bytes live in the blob store under
 * `blob_key` (and a thumbnail under `thumb_key` for images). An archive's images are rows of their own
 * with `parent_id` set. Uploaded first (no case), then attached to a case; sha256 lets later checks
 * find the same image used by another account.
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
    // The sweep of uploads never attached to a case.
    index('evidence_unattached_idx').on(t.createdAt).where(sql`case_id IS NULL`),
    check('evidence_size_check', sql`size_bytes >= 0`),
  ],
);
