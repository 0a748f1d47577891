import { eq } from 'drizzle-orm';
import { canSee } from '../../core/access.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { refundCase } from '../refunds/schema.ts';
import { evidence } from './schema.ts';
import { EVIDENCE_ID, type EvidenceRow } from './views.ts';

/**
 * The evidence with this id if the actor may see it: its uploader; staff; or the buyer or merchant of
 * the case it is attached to. Anyone else gets "not found", exactly like a missing id.
 */
export async function findVisibleEvidence(db: Db, publicId: string, actor: Actor): Promise<EvidenceRow> {
  if (!EVIDENCE_ID.test(publicId)) throw new AppError('RESOURCE.NOT_FOUND');
  const [row] = await db
    .select({ e: evidence, buyerId: refundCase.buyerId, merchantId: refundCase.merchantId })
    .from(evidence)
    .leftJoin(refundCase, eq(refundCase.id, evidence.caseId))
    .where(eq(evidence.publicId, publicId));
  if (!row) throw new AppError('RESOURCE.NOT_FOUND');
  const visible =
    canSee(actor, { userId: row.e.ownerId }) ||
    (row.buyerId !== null && canSee(actor, { buyerId: row.buyerId, merchantId: row.merchantId }));
  if (!visible) throw new AppError('RESOURCE.NOT_FOUND');
  return row.e;
}
