import { eq } from 'drizzle-orm';
import { MERCHANT_VISIBLE_KINDS } from '../../core/complaints/complaint-machine.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { complaint } from './schema.ts';

export type ComplaintRow = typeof complaint.$inferSelect;

export { MERCHANT_VISIBLE_KINDS };

/**
 * Whether the actor may see the complaint: the buyer who filed it, the shop it is about (for kinds
 * about the merchant), supervisors and admins. Agents never: a complaint may be about them.
 */
export function maySeeComplaint(actor: Actor, c: ComplaintRow): boolean {
  switch (actor.role) {
    case 'buyer':
      return c.buyerId === actor.userId;
    case 'merchant':
      return (
        actor.merchantId !== null &&
        c.merchantId === actor.merchantId &&
        MERCHANT_VISIBLE_KINDS.includes(c.kind)
      );
    case 'agent':
      return false;
    case 'supervisor':
    case 'admin':
      return true;
  }
}

/** The complaint with this number if the actor may see it; otherwise "not found", like a missing one. */
export async function findComplaint(
  tx: Db,
  complaintNo: string,
  actor: Actor,
  opts: { forUpdate?: boolean } = {},
): Promise<ComplaintRow> {
  if (!/^C\d{14}$/.test(complaintNo)) throw new AppError('RESOURCE.NOT_FOUND');
  const q = tx.select().from(complaint).where(eq(complaint.complaintNo, complaintNo));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row || !maySeeComplaint(actor, row)) throw new AppError('RESOURCE.NOT_FOUND');
  return row;
}
