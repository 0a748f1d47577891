import { eq } from 'drizzle-orm';
import { canSee } from '../../core/access.ts';
import { threadsFor } from '../../core/refunds/conversation.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { maySeeComplaint } from '../complaints/find-complaint.ts';
import { complaint } from '../complaints/schema.ts';
import { caseMessage } from '../conversation/schema.ts';
import { refundCase } from '../refunds/schema.ts';
import { evidence } from './schema.ts';
import { EVIDENCE_ID, type EvidenceRow } from './views.ts';

/**
 * The evidence with this id if the actor may see it: its uploader; the buyer, merchant or staff of the
 * case it is attached to; whoever may see the complaint it was filed with (the buyer, the shop it is
 * about, supervisors and admins — not agents, as a complaint may be about them); staff for an upload not
 * attached yet. Anyone else gets "not found", exactly like a missing id.
 */
export async function findVisibleEvidence(db: Db, publicId: string, actor: Actor): Promise<EvidenceRow> {
  if (!EVIDENCE_ID.test(publicId)) throw new AppError('RESOURCE.NOT_FOUND');
  const [row] = await db
    .select({
      e: evidence,
      buyerId: refundCase.buyerId,
      merchantId: refundCase.merchantId,
      complaint,
      thread: caseMessage.thread,
    })
    .from(evidence)
    .leftJoin(refundCase, eq(refundCase.id, evidence.caseId))
    .leftJoin(caseMessage, eq(caseMessage.id, evidence.caseMessageId))
    .leftJoin(complaint, eq(complaint.id, evidence.complaintId))
    .where(eq(evidence.publicId, publicId));
  if (!row) throw new AppError('RESOURCE.NOT_FOUND');
  const own = row.e.ownerId === actor.userId;
  // A file sent in the case conversation is seen in its thread only: never the buyer's by the shop.
  const viaCase =
    row.buyerId !== null &&
    canSee(actor, { buyerId: row.buyerId, merchantId: row.merchantId }) &&
    (row.thread === null || threadsFor(actor.role).includes(row.thread));
  const viaComplaint = row.complaint !== null && maySeeComplaint(actor, row.complaint);
  const unattached = row.e.caseId === null && row.e.complaintId === null;
  const visible = own || viaCase || viaComplaint || (unattached && canSee(actor, { userId: row.e.ownerId }));
  if (!visible) throw new AppError('RESOURCE.NOT_FOUND');
  return row.e;
}
