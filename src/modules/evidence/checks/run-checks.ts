import { buffer } from 'node:stream/consumers';
import { and, eq, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  bandsOf,
  dhashOf,
  hammingDistance,
  NEAR_DUPLICATE_BITS,
} from '../../../core/evidence/checks/dhash.ts';
import {
  duplicateCheck,
  errorCheck,
  type Match,
  metadataCheck,
  plausibilityCheck,
} from '../../../core/evidence/checks/hints.ts';
import { differentContent } from '../../../core/evidence/checks/ocr-text.ts';
import { CHECKER_VERSION, type Check, type CheckKind } from '../../../core/evidence/checks/types.ts';
import type { BlobStore } from '../../../platform/blobs/blob-store.ts';
import { type Db, inTransaction } from '../../../platform/db/pool.ts';
import { appUser } from '../../auth/schema.ts';
import { refundCase } from '../../refunds/schema.ts';
import { evidence, evidenceCheck, evidenceFingerprint } from '../schema.ts';
import { readImageFacts, UnreadableImage } from './image-facts.ts';
import { posterFrame } from './video-frame.ts';

const ocrRow = alias(evidenceCheck, 'ocr_row');
type Reading = { numbers: readonly string[]; text: string } | null;

/** Candidates read per lookup: more near-identical images than this add nothing a reviewer needs. */
const MAX_CANDIDATES = 200;
/** Matches kept in a check's details. */
const MAX_MATCHES = 10;

/** The OCR step (part two of the checks), when configured: given the bytes, its check. */
export type OcrStep = (bytes: Buffer, evidenceId: number) => Promise<Check>;

export type CheckDeps = { db: Db; blobs: BlobStore; ocr?: OcrStep | null };

/** Near-identical images already stored: same bytes (sha256) or a hash within NEAR_DUPLICATE_BITS. */
async function findMatches(
  db: Db,
  row: { id: number; ownerId: number; sha256: string },
  hash: string,
  bands: number[],
  reading: Reading,
): Promise<{ matches: Match[]; sameLayout: number }> {
  const near = bands.length ? sql`${evidenceFingerprint.bands} && ${sql.param(bands)}::int[]` : sql`false`;
  const rows = await db
    .select({
      publicId: evidence.publicId,
      ownerId: evidence.ownerId,
      ownerRole: appUser.role,
      sha256: evidence.sha256,
      dhash: evidenceFingerprint.dhash,
      refundNo: refundCase.refundNo,
      numbers: sql<string[] | null>`${ocrRow.details}->'facts'->'numbers'`,
      text: sql<string | null>`${ocrRow.details}->>'text'`,
    })
    .from(evidence)
    .innerJoin(appUser, eq(appUser.id, evidence.ownerId))
    .leftJoin(evidenceFingerprint, eq(evidenceFingerprint.evidenceId, evidence.id))
    .leftJoin(ocrRow, and(eq(ocrRow.evidenceId, evidence.id), eq(ocrRow.kind, 'ocr')))
    .leftJoin(refundCase, eq(refundCase.id, evidence.caseId))
    .where(and(ne(evidence.id, row.id), or(eq(evidence.sha256, row.sha256), near)))
    .limit(MAX_CANDIDATES);
  const matches: Match[] = [];
  let sameLayout = 0;
  for (const r of rows) {
    const distance = r.sha256 === row.sha256 ? 0 : r.dhash ? hammingDistance(hash, r.dhash) : 999;
    if (distance > NEAR_DUPLICATE_BITS) continue;
    // A picture the shop or the staff uploaded first (the shop's objection, a screenshot sent in the
    // conversation) is one the buyer was given: using it again is no sign of anything.
    if (r.ownerId !== row.ownerId && r.ownerRole !== 'buyer') continue;
    // The same page layout showing another order number or other text is another screenshot, not a
    // copy: a perceptual hash cannot see a few changed digits, OCR can (when both were read).
    const theirs = r.text === null ? null : { numbers: r.numbers ?? [], text: r.text };
    if (r.sha256 !== row.sha256 && differentContent(reading, theirs)) {
      sameLayout++;
      continue;
    }
    matches.push({
      evidenceId: r.publicId,
      sameOwner: r.ownerId === row.ownerId,
      identical: r.sha256 === row.sha256,
      distance,
      caseNo: r.refundNo,
    });
  }
  // Other accounts first, then the closest.
  matches.sort((a, b) => Number(a.sameOwner) - Number(b.sameOwner) || a.distance - b.distance);
  return { matches: matches.slice(0, MAX_MATCHES), sameLayout };
}

async function save(
  db: Db,
  evidenceId: number,
  checks: Check[],
  fingerprint: { ownerId: number; dhash: string; bands: number[] } | null,
) {
  await inTransaction(db, async (tx) => {
    if (fingerprint)
      await tx
        .insert(evidenceFingerprint)
        .values({ evidenceId, ...fingerprint })
        .onConflictDoUpdate({
          target: evidenceFingerprint.evidenceId,
          set: { dhash: fingerprint.dhash, bands: fingerprint.bands },
        });
    if (!checks.length) return;
    await tx
      .insert(evidenceCheck)
      .values(checks.map((c) => ({ evidenceId, ...c, checkerVersion: CHECKER_VERSION })))
      .onConflictDoUpdate({
        target: [evidenceCheck.evidenceId, evidenceCheck.kind],
        set: {
          result: sql`excluded.result`,
          confidence: sql`excluded.confidence`,
          reasonZh: sql`excluded.reason_zh`,
          reasonEn: sql`excluded.reason_en`,
          details: sql`excluded.details`,
          checkerVersion: sql`excluded.checker_version`,
          checkedAt: sql`now()`,
        },
      });
  });
}

/**
 * Runs every check of one evidence image (job `evidence.check`) and stores the results, replacing
 * earlier ones. Idempotent. A file that cannot be read gets an "error" result with the reason on each
 * check — the upload itself stays as it is. A video is checked by its poster frame (its first picture:
 * a screen recording starts on the page it records) — reused, plausible, OCR — but has no metadata
 * check (the frame has none). Archives have no checks of their own (their images do). Returns the
 * checks written, or null when there was nothing to check.
 */
export async function runEvidenceChecks(deps: CheckDeps, evidenceId: number): Promise<Check[] | null> {
  const [row] = await deps.db.select().from(evidence).where(eq(evidence.id, evidenceId));
  if (row?.kind !== 'image' && row?.kind !== 'video') return null;
  const video = row.kind === 'video';
  const kinds: CheckKind[] = [
    'duplicate',
    ...(video ? [] : (['metadata'] as const)),
    'plausibility',
    ...(deps.ocr ? (['ocr'] as const) : []),
  ];
  const stream = await deps.blobs.get(row.blobKey);
  const failAll = async (zh: string, en: string, details = {}) => {
    const checks = kinds.map((k) => errorCheck(k, zh, en, details));
    await save(deps.db, row.id, checks, null);
    return checks;
  };
  if (!stream) return failAll('文件不在存储中', 'the file is missing from storage');
  let bytes: Buffer = await buffer(stream);
  let read: Awaited<ReturnType<typeof readImageFacts>>;
  try {
    if (video) bytes = await posterFrame(bytes);
    read = await readImageFacts(bytes);
  } catch (err) {
    if (err instanceof UnreadableImage) return failAll(err.zh, err.en);
    throw err;
  }
  const hash = dhashOf(read.grey);
  const bands = bandsOf(hash);
  let ocr: Check | null = null;
  if (deps.ocr) {
    try {
      ocr = await deps.ocr(bytes, row.id);
    } catch (err) {
      ocr = errorCheck('ocr', '文字识别失败', 'text recognition failed', {
        error: String(err).slice(0, 200),
      });
    }
  }
  const facts = ocr?.details.facts as { numbers: string[] } | undefined;
  const reading = facts ? { numbers: facts.numbers, text: String(ocr?.details.text ?? '') } : null;
  const { matches, sameLayout } = await findMatches(deps.db, row, hash, bands, reading);
  const dup = duplicateCheck(hash, matches);
  if (sameLayout) dup.details.sameLayoutOtherOrder = sameLayout;
  const checks = [
    dup,
    ...(video ? [] : [metadataCheck(read.facts)]),
    plausibilityCheck(read.facts),
    ...(ocr ? [ocr] : []),
  ];
  if (video) for (const c of checks) c.details.posterFrame = true;
  await save(deps.db, row.id, checks, { ownerId: row.ownerId, dhash: hash, bands });
  return checks;
}
