import { eq, sql } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { identityVerification } from '../identity/schema.ts';
import { findVisibleCase } from './find-case.ts';

/** How many buyers' contacts one staff member may reveal per rolling hour (docs/operations.md). */
export const REVEALS_PER_HOUR = 20;

/**
 * The buyer's name and phone as the workbench shows them before anything is revealed: masked (张*明,
 * 138****5678), from the verified identity (实名认证) — the only place Kameng keeps them. Null fields
 * when the buyer has no verified identity.
 */
export async function maskedBuyerContact(db: Db, staff: Actor, refundNo: string) {
  const c = await findVisibleCase(db, refundNo, staff);
  const [row] = await db
    .select({ name: identityVerification.realNameMask, phone: identityVerification.phoneMask })
    .from(identityVerification)
    .where(eq(identityVerification.userId, c.buyerId));
  const verified = row !== undefined;
  return { verified, nameMasked: row?.name ?? null, phoneMasked: row?.phone ?? null };
}

/**
 * 查看: the buyer's full name and phone, for a call about this case. Every reveal is an audit row (who,
 * whose contact, which case, when, from where) in the same transaction as the read, and one staff member
 * may reveal at most REVEALS_PER_HOUR per rolling hour — counted from those rows under a per-user lock,
 * so a burst of parallel requests cannot slip past the limit.
 */
export async function revealBuyerContact(input: {
  db: Db;
  box: SecretBox;
  staff: Actor;
  refundNo: string;
  ip: string;
  now: Date;
}): Promise<{ name: string; phone: string }> {
  const { staff, now } = input;
  return inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, staff);
    const [idv] = await tx
      .select()
      .from(identityVerification)
      .where(eq(identityVerification.userId, c.buyerId));
    if (!idv) throw new AppError('REFUND.NO_CONTACT');
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('reveal_contact'), ${staff.userId}::int)`);
    const since = new Date(now.getTime() - 3_600_000);
    const { rows } = await tx.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM audit_log
      WHERE action = 'refund.reveal_contact' AND actor_id = ${staff.userId} AND at > ${since}::timestamptz`);
    if ((rows[0]?.n ?? 0) >= REVEALS_PER_HOUR)
      throw new AppError('REFUND.CONTACT_REVEAL_LIMIT', { perHour: REVEALS_PER_HOUR });
    await writeAudit(tx, {
      actorId: staff.userId,
      actorRole: staff.role,
      ip: input.ip,
      action: 'refund.reveal_contact',
      subject: `refund:${c.refundNo}`,
      data: { buyerId: c.buyerId, fields: ['name', 'phone'] },
      at: now,
    });
    return { name: input.box.open(idv.realNameEnc), phone: input.box.open(idv.phoneEnc) };
  });
}
