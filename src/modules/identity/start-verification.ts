import { randomInt } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { assertNever } from '../../core/assert-never.ts';
import { checkIdentityInput, type IdentityProblem } from '../../core/identity/identity-input.ts';
import { maskIdNumber, maskName, maskPhone } from '../../core/identity/mask.ts';
import { OTP_RULES, type SendRefusal, sendRefusal } from '../../core/identity/otp-rules.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { AppError, type ErrorCode } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { IDENTITY_PURPOSE, lockIdentityOf } from './identity-view.ts';
import type { IdentityServices } from './ports.ts';
import { identityVerification, otpChallenge } from './schema.ts';

const PROBLEM_CODES: Record<IdentityProblem, ErrorCode> = {
  name_invalid: 'IDENTITY.NAME_INVALID',
  id_format: 'IDENTITY.ID_FORMAT',
  id_old_format: 'IDENTITY.ID_OLD_FORMAT',
  id_region: 'IDENTITY.ID_REGION',
  id_birth_date: 'IDENTITY.ID_BIRTH_DATE',
  id_checksum: 'IDENTITY.ID_CHECKSUM',
  phone_invalid: 'IDENTITY.PHONE_INVALID',
};

function refusalError(r: SendRefusal): AppError {
  const details = { retryAt: r.retryAt.toISOString() };
  switch (r.code) {
    case 'too_soon':
      return new AppError('IDENTITY.CODE_TOO_SOON', details);
    case 'hourly_limit':
      return new AppError('IDENTITY.CODE_LIMIT', details);
    case 'daily_attempts':
      return new AppError('IDENTITY.TOO_MANY_ATTEMPTS', details);
    default:
      return assertNever(r.code, 'refusal');
  }
}

/** The code's HMAC, bound to the user and to this code's expiry so equal codes never share a hash. */
export function codeHash(box: IdentityServices['box'], userId: number, expiresAt: Date, code: string) {
  return box.fingerprint(`otp:${IDENTITY_PURPOSE}:${userId}:${expiresAt.toISOString()}:${code}`);
}

/** Refuses the step when the user is verified already or has hit a limit (under the user's lock). */
async function checkLimits(tx: Db, userId: number, now: Date, countAttempts: boolean): Promise<void> {
  const [row] = await tx
    .select({ status: identityVerification.status })
    .from(identityVerification)
    .where(eq(identityVerification.userId, userId));
  if (row?.status === 'verified') throw new AppError('IDENTITY.ALREADY_VERIFIED');
  const codes = await tx
    .select({ at: otpChallenge.createdAt })
    .from(otpChallenge)
    .where(
      and(eq(otpChallenge.userId, userId), gt(otpChallenge.createdAt, new Date(now.getTime() - 3_600_000))),
    );
  const attempts = countAttempts
    ? await tx
        .select({ at: auditLog.at })
        .from(auditLog)
        .where(
          and(
            eq(auditLog.subject, `user:${userId}`),
            eq(auditLog.action, 'identity.attempt'),
            gt(auditLog.at, new Date(now.getTime() - 86_400_000)),
          ),
        )
    : [];
  const refusal = sendRefusal({
    codesSentAt: codes.map((c) => c.at),
    attemptsAt: attempts.map((a) => a.at),
    now,
  });
  if (refusal) throw refusalError(refusal);
}

/**
 * 实名认证, step 1: checks what the buyer typed (GB 11643 and the rest, before anyone is asked), counts
 * the attempt, asks the verifier whether name and ID number belong together, then stores them sealed
 * and masked (status `pending`) with a fresh one-time code, and sends the code to the phone.
 *
 * The attempt is committed before the provider is called, so failed and crashed attempts count toward
 * the daily limit too; the limits are checked again under the lock before the code is written, since
 * a concurrent request may have sent one meanwhile.
 */
export async function startVerification(input: {
  db: Db;
  identity: IdentityServices;
  buyer: Actor;
  realName: string;
  idNumber: string;
  phone: string;
  ip: string;
  now: Date;
}): Promise<{ phoneMask: string; expiresAt: string }> {
  const { db, identity, buyer, now } = input;
  const checked = checkIdentityInput(input, now);
  if (!checked.ok) throw new AppError(PROBLEM_CODES[checked.problem]);
  const { realName, idNumber, phone } = checked.value;
  const masks = {
    realNameMask: maskName(realName),
    idNumberMask: maskIdNumber(idNumber),
    phoneMask: maskPhone(phone),
  };
  const audit = (action: string, data: Record<string, unknown> = {}) => ({
    actorId: buyer.userId,
    actorRole: buyer.role,
    ip: input.ip,
    action,
    subject: `user:${buyer.userId}`,
    data: { ...masks, ...data },
    at: now,
  });

  await inTransaction(db, async (tx) => {
    await lockIdentityOf(tx, buyer.userId);
    await checkLimits(tx, buyer.userId, now, true);
    await writeAudit(tx, audit('identity.attempt', { provider: identity.verifier.name }));
  });

  let verdict: Awaited<ReturnType<IdentityServices['verifier']['verify']>>;
  try {
    verdict = await identity.verifier.verify({ realName, idNumber });
  } catch {
    await writeAudit(db, audit('identity.provider_error', { provider: identity.verifier.name }));
    throw new AppError('IDENTITY.PROVIDER_UNAVAILABLE');
  }
  if (!verdict.ok) {
    await writeAudit(
      db,
      audit('identity.mismatch', { providerRef: verdict.providerRef, reason: verdict.reason }),
    );
    throw new AppError('IDENTITY.MISMATCH');
  }

  return inTransaction(db, async (tx) => {
    await lockIdentityOf(tx, buyer.userId);
    await checkLimits(tx, buyer.userId, now, false);
    const sealed = {
      status: 'pending' as const,
      realNameEnc: identity.box.seal(realName),
      idNumberEnc: identity.box.seal(idNumber),
      // One identity behind several accounts is found by this, never by decrypting every row.
      idNumberMac: identity.box.fingerprint(`id:${idNumber}`),
      phoneEnc: identity.box.seal(phone),
      ...masks,
      provider: identity.verifier.name,
      providerRef: verdict.providerRef,
      verifiedAt: null,
      updatedAt: now,
    };
    await tx
      .insert(identityVerification)
      .values({ userId: buyer.userId, ...sealed, createdAt: now })
      .onConflictDoUpdate({ target: identityVerification.userId, set: sealed });
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + OTP_RULES.ttlMs);
    const [challenge] = await tx
      .insert(otpChallenge)
      .values({
        userId: buyer.userId,
        purpose: IDENTITY_PURPOSE,
        phoneMask: masks.phoneMask,
        codeHash: codeHash(identity.box, buyer.userId, expiresAt, code),
        expiresAt,
        createdAt: now,
      })
      .returning({ id: otpChallenge.id });
    await writeAudit(
      tx,
      audit('identity.start', {
        provider: identity.verifier.name,
        providerRef: verdict.providerRef,
        challengeId: challenge!.id,
      }),
    );
    // Sent last, inside the transaction: a gateway that refuses rolls the code back (the buyer may ask
    // again at once); a commit that fails after a sent SMS leaves a code that matches nothing.
    await identity.sms
      .sendCode({
        userId: buyer.userId,
        phone,
        code,
        ttlMinutes: OTP_RULES.ttlMs / 60_000,
      })
      .catch(() => {
        throw new AppError('IDENTITY.PROVIDER_UNAVAILABLE');
      });
    return { phoneMask: masks.phoneMask, expiresAt: expiresAt.toISOString() };
  });
}
