import { timingSafeEqual } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { assertNever } from '../../core/assert-never.ts';
import { type ConfirmRefusal, confirmRefusal, OTP_RULES } from '../../core/identity/otp-rules.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { refreshCredit } from '../credit/refresh-credit.ts';
import { IDENTITY_PURPOSE, type IdentityView, lockIdentityOf, readIdentity } from './identity-view.ts';
import type { IdentityServices } from './ports.ts';
import { identityVerification, otpChallenge } from './schema.ts';
import { codeHash } from './start-verification.ts';

type Outcome = { ok: true } | { ok: false; refusal: ConfirmRefusal } | { ok: false; wrong: number };

function refusalError(r: ConfirmRefusal): AppError {
  switch (r) {
    case 'no_code':
      return new AppError('IDENTITY.NO_CODE');
    case 'used':
      return new AppError('IDENTITY.CODE_USED');
    case 'expired':
      return new AppError('IDENTITY.CODE_EXPIRED');
    case 'locked':
      return new AppError('IDENTITY.CODE_LOCKED');
    default:
      return assertNever(r, 'confirm refusal');
  }
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * 实名认证, step 2: the code from the phone. Only the latest code counts (a new request voids the
 * earlier ones), under the user's lock and the code's row lock: of twenty confirms racing with the
 * right code, one verifies and the others find it used. A wrong try is counted and committed before
 * the error is answered, so guesses cannot be rolled back.
 */
export async function confirmVerification(input: {
  db: Db;
  identity: IdentityServices;
  buyer: Actor;
  code: string;
  ip: string;
  now: Date;
}): Promise<IdentityView> {
  const { db, identity, buyer, now } = input;
  const outcome = await inTransaction(db, async (tx): Promise<Outcome> => {
    await lockIdentityOf(tx, buyer.userId);
    const [challenge] = await tx
      .select()
      .from(otpChallenge)
      .where(and(eq(otpChallenge.userId, buyer.userId), eq(otpChallenge.purpose, IDENTITY_PURPOSE)))
      .orderBy(desc(otpChallenge.id))
      .limit(1)
      .for('update');
    const refusal = confirmRefusal(challenge ?? null, now);
    if (refusal || !challenge) return { ok: false, refusal: refusal ?? 'no_code' };
    if (
      !sameText(codeHash(identity.box, buyer.userId, challenge.expiresAt, input.code), challenge.codeHash)
    ) {
      await tx
        .update(otpChallenge)
        .set({ attempts: sql`${otpChallenge.attempts} + 1` })
        .where(eq(otpChallenge.id, challenge.id));
      await writeAudit(tx, {
        actorId: buyer.userId,
        actorRole: buyer.role,
        ip: input.ip,
        action: 'identity.code_wrong',
        subject: `user:${buyer.userId}`,
        data: { challengeId: challenge.id, phoneMask: challenge.phoneMask, tries: challenge.attempts + 1 },
        at: now,
      });
      return { ok: false, wrong: OTP_RULES.maxTries - challenge.attempts - 1 };
    }
    const consumed = await tx
      .update(otpChallenge)
      .set({ consumedAt: now })
      .where(and(eq(otpChallenge.id, challenge.id), sql`${otpChallenge.consumedAt} IS NULL`))
      .returning({ id: otpChallenge.id });
    const [verified] = await tx
      .update(identityVerification)
      .set({ status: 'verified', verifiedAt: now, updatedAt: now })
      .where(and(eq(identityVerification.userId, buyer.userId), eq(identityVerification.status, 'pending')))
      .returning();
    // Both hold under the locks; if either found nothing the code was spent (and nothing is kept).
    if (consumed.length === 0 || !verified) throw new AppError('IDENTITY.CODE_USED');
    await refreshCredit(tx, buyer.userId, now);
    await writeAudit(tx, {
      actorId: buyer.userId,
      actorRole: buyer.role,
      ip: input.ip,
      action: 'identity.verified',
      subject: `user:${buyer.userId}`,
      data: {
        realNameMask: verified.realNameMask,
        idNumberMask: verified.idNumberMask,
        phoneMask: verified.phoneMask,
        provider: verified.provider,
        providerRef: verified.providerRef,
        challengeId: challenge.id,
      },
      at: now,
    });
    return { ok: true };
  });
  if ('wrong' in outcome)
    throw outcome.wrong > 0
      ? new AppError('IDENTITY.CODE_WRONG', { triesLeft: outcome.wrong })
      : new AppError('IDENTITY.CODE_LOCKED');
  if (!outcome.ok) throw refusalError(outcome.refusal);
  return readIdentity(db, buyer.userId, now);
}
