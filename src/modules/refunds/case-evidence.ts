import type { Db } from '../../platform/db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { attachEvidence } from '../evidence/attach-evidence.ts';
import type { CaseRow } from './find-case.ts';

/** Files a case may carry in all, counting every upload by the buyer and the merchant. */
export const MAX_EVIDENCE_PER_CASE = 20;

/**
 * Attaches the caller's uploaded evidence to the case in the caller's transaction (ids of someone
 * else's or already attached files are refused, so nothing is half-attached). Returns the ids, for
 * the timeline.
 */
export async function attachCaseEvidence(
  tx: Db,
  c: CaseRow,
  owner: Actor,
  ids: string[] | undefined,
): Promise<string[]> {
  if (!ids?.length) return [];
  await attachEvidence(tx, {
    publicIds: ids,
    ownerId: owner.userId,
    caseId: c.id,
    maxPerCase: MAX_EVIDENCE_PER_CASE,
  });
  return ids;
}
