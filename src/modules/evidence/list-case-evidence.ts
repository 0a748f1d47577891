import { and, asc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/pool.ts';
import { appUser } from '../auth/schema.ts';
import { evidence } from './schema.ts';
import { type EvidenceView, evidenceView } from './views.ts';

export type CaseEvidenceItem = EvidenceView & {
  uploadedByRole: string;
  /** The archive this image came out of (its evidence id), or null for a direct upload. */
  parentId: string | null;
};

const parent = alias(evidence, 'parent');

/**
 * Everything attached to a case, in upload order (an archive, then its members), as the case page
 * shows it — not the files sent in the case conversation, which show in their thread. The caller has
 * already checked that the viewer may see the case.
 */
export async function listCaseEvidence(db: Db, caseId: number): Promise<CaseEvidenceItem[]> {
  const rows = await db
    .select({ e: evidence, role: appUser.role, parentId: parent.publicId })
    .from(evidence)
    .innerJoin(appUser, eq(appUser.id, evidence.ownerId))
    .leftJoin(parent, eq(parent.id, evidence.parentId))
    .where(and(eq(evidence.caseId, caseId), isNull(evidence.caseMessageId)))
    .orderBy(asc(evidence.id));
  return rows.map((r) => ({ ...evidenceView(r.e), uploadedByRole: r.role, parentId: r.parentId }));
}
