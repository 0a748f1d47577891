import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { OrderFacts } from '../../core/evidence/checks/judge.ts';
import type { Db } from '../../platform/db/pool.ts';
import { appUser } from '../auth/schema.ts';
import { type CheckView, checksOf } from './checks/list-checks.ts';
import type { CaseEvidenceItem } from './list-case-evidence.ts';
import { evidence } from './schema.ts';
import { evidenceView, neutralView } from './views.ts';

const parent = alias(evidence, 'parent');

export type ComplaintEvidenceItem = CaseEvidenceItem & { checkResults?: CheckView[] };

/**
 * The files filed with a complaint, in upload order (an archive, then its images), as the complaint page
 * shows them. `withChecks`: the evidence checks (凭证核验) too, judged against `order` when the complaint
 * is about a case — hints for the supervisors, not for the parties. `neutralNames`: the uploader's file
 * names replaced by 凭证-01.png …, for a viewer who should see the files but not what the buyer called
 * them (a name often carries a person's name or phone number). The caller has checked that the viewer
 * may see the complaint.
 */
export async function listComplaintEvidence(
  db: Db,
  complaintId: number,
  opts: { withChecks: boolean; order: OrderFacts | null; neutralNames: boolean },
): Promise<ComplaintEvidenceItem[]> {
  const rows = await db
    .select({ e: evidence, role: appUser.role, parentId: parent.publicId })
    .from(evidence)
    .innerJoin(appUser, eq(appUser.id, evidence.ownerId))
    .leftJoin(parent, eq(parent.id, evidence.parentId))
    .where(eq(evidence.complaintId, complaintId))
    .orderBy(asc(evidence.id));
  const checks = opts.withChecks
    ? await checksOf(
        db,
        rows.map((r) => r.e),
        opts.order,
        { role: 'supervisor' }, // withChecks is for supervisors and admins only
      )
    : null;
  return rows.map((r, i) => {
    const view = evidenceView(r.e);
    return {
      ...(opts.neutralNames ? neutralView(view, i) : view),
      uploadedByRole: r.role,
      parentId: r.parentId,
      ...(checks ? { checkResults: checks.get(r.e.id) ?? [] } : {}),
    };
  });
}
