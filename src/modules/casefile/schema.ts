import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { CASE_FILE_SCOPES } from '../../core/casefile/scope.ts';
import { appUser } from '../auth/schema.ts';
import { refundCase } from '../refunds/schema.ts';

/**
 * One export of a case file (案件档案): requested by a person, built by the `casefile.build` job into a
 * PDF and a zip in the blob store. `manifest_sha256` is the digest of the zip's manifest.json, kept here
 * (and in the audit log) so a file handed to a regulator can be matched with the platform's record.
 */
export const caseFile = pgTable(
  'case_file',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: bigint('case_id', { mode: 'number' })
      .notNull()
      .references(() => refundCase.id),
    scope: text('scope', { enum: CASE_FILE_SCOPES }).notNull(),
    requestedBy: bigint('requested_by', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    state: text('state', { enum: ['queued', 'ready', 'failed'] })
      .notNull()
      .default('queued'),
    pdfKey: text('pdf_key'),
    zipKey: text('zip_key'),
    pdfBytes: integer('pdf_bytes'),
    zipBytes: integer('zip_bytes'),
    pdfSha256: text('pdf_sha256'),
    manifestSha256: text('manifest_sha256'),
    /** How many timeline events the hash chain covers, and its last hash. */
    events: integer('events'),
    chainHead: text('chain_head'),
    error: text('error'),
    buildMs: integer('build_ms'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readyAt: timestamp('ready_at', { withTimezone: true }),
  },
  (t) => [
    index('case_file_case_idx').on(t.caseId, t.scope, t.id.desc()),
    // One queued build per case and scope (migration 0035): asking again joins it.
    uniqueIndex('case_file_one_queued_idx').on(t.caseId, t.scope).where(sql`state = 'queued'`),
    // The hourly cap counts one person's builds.
    index('case_file_requester_idx').on(t.requestedBy, t.createdAt),
  ],
);
