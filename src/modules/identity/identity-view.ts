import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { identityVerification, otpChallenge } from './schema.ts';

export const IDENTITY_PURPOSE = 'identity';

export type IdentityView = {
  status: 'none' | 'pending' | 'verified';
  realNameMask: string | null;
  idNumberMask: string | null;
  phoneMask: string | null;
  verifiedAt: string | null;
  /** While pending: until when the last code sent can be confirmed (null when none is live). */
  codeExpiresAt: string | null;
};

/**
 * Serialises one user's verification steps (send a code, confirm it): the rate limits count rows, and
 * a confirm must see the code that belongs to the details being verified. Per user, so nobody waits on
 * anyone else; the two-key form keeps clear of the single-key locks elsewhere.
 */
export async function lockIdentityOf(tx: Db, userId: number): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(1407, ${userId % 2_147_483_647}::int)`);
}

/** The buyer's verification as their page shows it: masked values only. */
export async function readIdentity(db: Db, userId: number, now: Date): Promise<IdentityView> {
  const [row] = await db.select().from(identityVerification).where(eq(identityVerification.userId, userId));
  if (!row)
    return {
      status: 'none',
      realNameMask: null,
      idNumberMask: null,
      phoneMask: null,
      verifiedAt: null,
      codeExpiresAt: null,
    };
  let codeExpiresAt: string | null = null;
  if (row.status === 'pending') {
    const [code] = await db
      .select({ expiresAt: otpChallenge.expiresAt })
      .from(otpChallenge)
      .where(
        and(
          eq(otpChallenge.userId, userId),
          eq(otpChallenge.purpose, IDENTITY_PURPOSE),
          isNull(otpChallenge.consumedAt),
        ),
      )
      .orderBy(desc(otpChallenge.id))
      .limit(1);
    if (code && code.expiresAt > now) codeExpiresAt = code.expiresAt.toISOString();
  }
  return {
    status: row.status,
    realNameMask: row.realNameMask,
    idNumberMask: row.idNumberMask,
    phoneMask: row.phoneMask,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    codeExpiresAt,
  };
}
