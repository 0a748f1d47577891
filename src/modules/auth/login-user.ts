import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { sha256 } from './actor.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { appUser, userSession } from './schema.ts';

export type PublicUser = {
  id: number;
  username: string;
  displayName: string;
  role: 'buyer' | 'merchant' | 'agent' | 'supervisor' | 'admin';
  merchantId: number | null;
};

export type LoginResult = { user: PublicUser; sessionToken: string; csrfToken: string; expiresAt: Date };

/**
 * Checks a password and opens a session. After `maxFailures` wrong passwords in a row the account is
 * locked for `lockMinutes`; while locked even the right password is refused, so guessing stalls.
 * Unknown usernames cost the same time as known ones and get the same answer.
 *
 * Every attempt is counted as a failure *before* its password is checked, in one atomic UPDATE that
 * also sets the lock once the count reaches the limit and matches only an unlocked account. So of any
 * number of attempts racing in, only those that found the account unlocked get a password check, and
 * the one that reaches the limit locks everyone after it out at once; a right password then clears
 * the count. (Counting after the check let 40 parallel guesses all be checked while the count lagged.)
 */
export async function loginUser(input: {
  db: Db;
  username: string;
  password: string;
  ip: string;
  userAgent: string | undefined;
  policy: { maxFailures: number; lockMinutes: number; sessionDays: number };
}): Promise<LoginResult> {
  const { db, policy } = input;
  const [user] = await db
    .update(appUser)
    .set({
      failedLogins: sql`${appUser.failedLogins} + 1`,
      lockedUntil: sql`CASE WHEN ${appUser.failedLogins} + 1 >= ${policy.maxFailures}
        THEN now() + make_interval(mins => ${policy.lockMinutes}) ELSE NULL END`,
    })
    .where(
      and(
        eq(appUser.username, input.username),
        or(isNull(appUser.lockedUntil), lte(appUser.lockedUntil, sql`now()`)),
      ),
    )
    .returning();
  if (!user) {
    const [locked] = await db
      .select({ lockedUntil: appUser.lockedUntil })
      .from(appUser)
      .where(eq(appUser.username, input.username));
    if (locked?.lockedUntil)
      throw new AppError('AUTH.LOCKED', { lockedUntil: locked.lockedUntil.toISOString() });
    await verifyPassword(await dummyPasswordHash(), input.password);
    await writeAudit(db, {
      actorId: null,
      actorRole: null,
      ip: input.ip,
      action: 'auth.login_failed',
      subject: `username:${input.username}`,
    });
    throw new AppError('AUTH.INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    // Already counted above; the lock (if this attempt reached the limit) is already in place.
    await writeAudit(db, {
      actorId: user.id,
      actorRole: user.role,
      ip: input.ip,
      action: user.lockedUntil ? 'auth.locked' : 'auth.login_failed',
      subject: `user:${user.id}`,
      data: { failedLogins: user.failedLogins },
    });
    if (user.lockedUntil) throw new AppError('AUTH.LOCKED', { lockedUntil: user.lockedUntil.toISOString() });
    throw new AppError('AUTH.INVALID_CREDENTIALS');
  }
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + policy.sessionDays * 86_400_000);
  await inTransaction(db, async (tx) => {
    await tx.update(appUser).set({ failedLogins: 0, lockedUntil: null }).where(eq(appUser.id, user.id));
    await tx.insert(userSession).values({
      tokenHash: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      expiresAt,
    });
    await writeAudit(tx, {
      actorId: user.id,
      actorRole: user.role,
      ip: input.ip,
      action: 'auth.login',
      subject: `user:${user.id}`,
    });
  });
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      merchantId: user.merchantId,
    },
    sessionToken,
    csrfToken,
    expiresAt,
  };
}
