import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { queueChecks } from './checks/jobs.ts';
import { evidence, evidenceCheck, evidenceFingerprint } from './schema.ts';
import { type EvidenceRow, newEvidenceId } from './views.ts';

/**
 * 修改后重新提交 keeps the earlier evidence: the owner's files of the rejected case named in `publicIds`
 * are copied onto the new case, in the caller's transaction — new public ids, the same stored bytes
 * (blobs are never deleted from an attached file), the same check results and fingerprints, so the
 * reviewer of the new case sees what the reviewer of the old one saw; a copy whose original is still
 * waiting for its checks gets a check job of its own. An archive comes with its images.
 * The rejected case keeps its own files unchanged (its record stays as it was decided). Returns the
 * ids it carried (old → new); ids that are not the owner's files on that case are left to the caller.
 */
export async function carryEvidence(
  tx: Db,
  input: {
    fromCaseId: number;
    toCaseId: number;
    ownerId: number;
    publicIds: readonly string[];
    jobs: JobQueue;
  },
): Promise<Map<string, string>> {
  const carried = new Map<string, string>();
  if (input.publicIds.length === 0) return carried;
  const onOldCase = and(
    eq(evidence.caseId, input.fromCaseId),
    eq(evidence.ownerId, input.ownerId),
    isNull(evidence.caseMessageId),
  );
  const top = await tx
    .select()
    .from(evidence)
    .where(and(onOldCase, isNull(evidence.parentId), inArray(evidence.publicId, [...input.publicIds])))
    .orderBy(asc(evidence.id));
  if (top.length === 0) return carried;
  const members = await tx
    .select()
    .from(evidence)
    .where(
      and(
        onOldCase,
        inArray(
          evidence.parentId,
          top.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(evidence.id));
  const newIds = new Map<number, number>();
  const copy = async (rows: EvidenceRow[]) => {
    if (rows.length === 0) return;
    const inserted = await tx
      .insert(evidence)
      .values(
        rows.map(({ id: _id, publicId: _publicId, ...row }) => ({
          ...row,
          publicId: newEvidenceId(),
          caseId: input.toCaseId,
          complaintId: null,
          parentId: row.parentId === null ? null : newIds.get(row.parentId)!,
        })),
      )
      .returning({ id: evidence.id, publicId: evidence.publicId });
    rows.forEach((row, i) => {
      newIds.set(row.id, inserted[i]!.id);
      if (row.parentId === null) carried.set(row.publicId, inserted[i]!.publicId);
    });
  };
  await copy(top);
  await copy(members);
  const pairs = [...newIds.entries()];
  const from = sql.param(pairs.map(([oldId]) => oldId));
  const to = sql.param(pairs.map(([, id]) => id));
  const { rows } = await tx.execute<{ unchecked: number | null }>(sql`
    WITH pair AS (SELECT * FROM unnest(${from}::bigint[], ${to}::bigint[]) AS p(old_id, new_id)),
    checks AS (
      INSERT INTO ${evidenceCheck} (evidence_id, kind, result, confidence, reason_zh, reason_en, details, checker_version, checked_at)
      SELECT pair.new_id, c.kind, c.result, c.confidence, c.reason_zh, c.reason_en, c.details, c.checker_version, c.checked_at
        FROM ${evidenceCheck} c JOIN pair ON pair.old_id = c.evidence_id),
    prints AS (
      INSERT INTO ${evidenceFingerprint} (evidence_id, owner_id, dhash, bands)
      SELECT pair.new_id, f.owner_id, f.dhash, f.bands
        FROM ${evidenceFingerprint} f JOIN pair ON pair.old_id = f.evidence_id)
    SELECT pair.new_id AS unchecked FROM pair JOIN ${evidence} e ON e.id = pair.old_id
     WHERE e.kind <> 'archive'
       AND NOT EXISTS (SELECT 1 FROM ${evidenceCheck} c WHERE c.evidence_id = pair.old_id)`);
  await queueChecks(
    input.jobs,
    tx,
    rows.map((r) => Number(r.unchecked)),
  );
  return carried;
}
