import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import {
  type CaseUsage,
  checkCaseCapacity,
  countForCase,
  EVIDENCE_LIMITS,
} from '../../core/evidence/limits.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { evidence } from './schema.ts';

export { type CaseEvidenceItem, listCaseEvidence } from './list-case-evidence.ts';

/**
 * What a case (or a complaint) already carries, counted as core countForCase says: images, videos and
 * archive members are files (an archive itself is not); bytes are what was uploaded (archives, not their
 * members).
 */
export async function caseEvidenceUsage(db: Db, caseId: number): Promise<CaseUsage> {
  return usageWhere(db, eq(evidence.caseId, caseId));
}

async function usageWhere(db: Db, where: SQL): Promise<CaseUsage> {
  const [row] = await db
    .select({
      files: sql<number>`count(*) FILTER (WHERE ${evidence.kind} <> 'archive' OR ${evidence.parentId} IS NOT NULL)::int`,
      bytes: sql<number>`coalesce(sum(${evidence.sizeBytes}) FILTER (WHERE ${evidence.parentId} IS NULL), 0)::bigint`,
    })
    .from(evidence)
    .where(where);
  return { files: row?.files ?? 0, bytes: Number(row?.bytes ?? 0) };
}

export type AttachResult = {
  /** Public ids attached (uploads only; their archive members go with them). */
  evidenceIds: string[];
  /** What the attached uploads add to the case. */
  added: CaseUsage;
  /** The case's usage afterwards. */
  usage: CaseUsage;
};

/** Where uploads go: a case (and, for a complaint about it, that complaint too) or a complaint alone. */
export type EvidenceTarget =
  | { caseId: number; complaintId?: number }
  | { caseId?: undefined; complaintId: number };

/**
 * Attaches the owner's uploads to a case, in the caller's transaction. Each id must be the owner's own
 * upload (EVIDENCE.NOT_FOUND otherwise — also for an archive member, which goes with its archive) and
 * not attached yet (EVIDENCE.ALREADY_ATTACHED, even to this same case). The case may not exceed
 * `maxPerCase` files (default 20) nor 100 MB (EVIDENCE.CASE_LIMIT) — the count is exact only if the caller
 * holds the case row lock (SELECT … FOR UPDATE), as the refund use-cases do. Archive members get the
 * case id too, so access checks need no join through the parent. With `complaintId` (a complaint about
 * the case), the files are marked as that complaint's as well.
 */
export async function attachEvidence(
  tx: Db,
  input: {
    publicIds: readonly string[];
    ownerId: number;
    caseId: number;
    complaintId?: number;
    maxPerCase?: number;
  },
): Promise<AttachResult> {
  return attachTo(tx, input, { caseId: input.caseId, complaintId: input.complaintId });
}

/**
 * Attaches the owner's uploads to a complaint that has no case (投诉商家), in the caller's transaction:
 * the same checks and the same per-case limits as a case, counted over the complaint's files. The files
 * then belong to the complaint: its supervisors and the merchant it is about may see them, and the
 * unattached-upload sweep leaves them alone.
 */
export async function attachComplaintEvidence(
  tx: Db,
  input: { publicIds: readonly string[]; ownerId: number; complaintId: number },
): Promise<AttachResult> {
  return attachTo(tx, input, { complaintId: input.complaintId });
}

async function attachTo(
  tx: Db,
  input: { publicIds: readonly string[]; ownerId: number; maxPerCase?: number },
  target: EvidenceTarget,
): Promise<AttachResult> {
  const ids = [...new Set(input.publicIds)];
  const before = await usageWhere(
    tx,
    target.caseId !== undefined
      ? eq(evidence.caseId, target.caseId)
      : eq(evidence.complaintId, target.complaintId),
  );
  if (ids.length === 0) return { evidenceIds: [], added: { files: 0, bytes: 0 }, usage: before };
  const rows = await tx
    .select()
    .from(evidence)
    .where(inArray(evidence.publicId, ids))
    .orderBy(evidence.id)
    .for('update');
  const byId = new Map(rows.map((r) => [r.publicId, r]));
  for (const id of ids) {
    const r = byId.get(id);
    if (!r || r.ownerId !== input.ownerId || r.parentId !== null)
      throw new AppError('EVIDENCE.NOT_FOUND', { evidenceId: id });
    if (r.caseId !== null || r.complaintId !== null)
      throw new AppError('EVIDENCE.ALREADY_ATTACHED', { evidenceId: id });
  }
  const archiveIds = rows.filter((r) => r.kind === 'archive').map((r) => r.id);
  const [m] = archiveIds.length
    ? await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(evidence)
        .where(inArray(evidence.parentId, archiveIds))
    : [{ n: 0 }];
  const added = rows.reduce(
    (sum, r) => {
      const c = countForCase({ kind: r.kind, sizeBytes: r.sizeBytes, isMember: false });
      return { files: sum.files + c.files, bytes: sum.bytes + c.bytes };
    },
    { files: m?.n ?? 0, bytes: 0 },
  );
  const caps = {
    ...EVIDENCE_LIMITS.perCase,
    ...(input.maxPerCase === undefined ? {} : { files: input.maxPerCase }),
  };
  const verdict = checkCaseCapacity(before, added, caps);
  if (!verdict.ok)
    throw new AppError('EVIDENCE.CASE_LIMIT', {
      limit: verdict.limit,
      max: verdict.max,
      would: verdict.would,
    });
  const topIds = rows.map((r) => r.id);
  await tx
    .update(evidence)
    .set({ caseId: target.caseId ?? null, complaintId: target.complaintId ?? null })
    .where(
      and(
        isNull(evidence.caseId),
        isNull(evidence.complaintId),
        or(inArray(evidence.id, topIds), inArray(evidence.parentId, topIds)),
      ),
    );
  return {
    evidenceIds: ids,
    added,
    usage: { files: before.files + added.files, bytes: before.bytes + added.bytes },
  };
}
