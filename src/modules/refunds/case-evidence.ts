import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { attachEvidence } from '../evidence/attach-evidence.ts';
import { carryEvidence } from '../evidence/carry-evidence.ts';
import type { CaseRow } from './find-case.ts';

/** Files a case may carry in all, counting every upload by the buyer and the merchant. */
export const MAX_EVIDENCE_PER_CASE = 20;

/**
 * Attaches the caller's uploaded evidence to the case in the caller's transaction (ids of someone
 * else's or already attached files are refused, so nothing is half-attached). With `carry` (a
 * resubmission), ids of the caller's files on that earlier case are copied onto this one instead.
 * Returns the case's ids of the files, for the timeline.
 */
export async function attachCaseEvidence(
  tx: Db,
  c: CaseRow,
  owner: Actor,
  ids: string[] | undefined,
  carry: { fromCaseId: number; jobs: JobQueue } | null = null,
): Promise<string[]> {
  if (!ids?.length) return [];
  const carried =
    carry === null
      ? new Map<string, string>()
      : await carryEvidence(tx, { ...carry, toCaseId: c.id, ownerId: owner.userId, publicIds: ids });
  const uploads = ids.filter((id) => !carried.has(id));
  if (uploads.length > 0)
    await attachEvidence(tx, {
      publicIds: uploads,
      ownerId: owner.userId,
      caseId: c.id,
      maxPerCase: MAX_EVIDENCE_PER_CASE,
    });
  return ids.map((id) => carried.get(id) ?? id);
}
