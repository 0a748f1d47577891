import { randomBytes } from 'node:crypto';
import { and, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
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

// An attempt that reaches the limit holds the account while its password is checked (~20 ms; this is
// the bound for a process that dies meanwhile). A check that fails turns it into the real lock.
const CHECKING_SECONDS = 30;
// How long an attempt waits for those checks to settle before it gives up with AUTH.LOCKED.
const WAIT_MS = 5_000;
const POLL_MS = 40;

type UserRow = typeof appUser.$inferSelect;

/**
 * Counts one attempt, before its password is checked, in one atomic UPDATE that matches only an
 * unlocked account. The attempt that brings the count to the limit also puts a short hold on the
 * account, so every attempt after it waits for its outcome: no more than `maxFailures` passwords are
 * ever checked against one count, however many guesses race in. An attempt that finds the account held
 * polls (holding no connection) until the hold is cleared by a right password or becomes a lock.
 */
async function countAttempt(
  db: Db,
  username: string,
  maxFailures: number,
): Promise<UserRow | { lockedUntil: Date } | null> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const [user] = await db
      .update(appUser)
      .set({
        failedLogins: sql`${appUser.failedLogins} + 1`,
        lockedUntil: sql`CASE WHEN ${appUser.failedLogins} + 1 >= ${maxFailures}
          THEN now() + make_interval(secs => ${CHECKING_SECONDS}) ELSE NULL END`,
      })
      .where(
        and(
          eq(appUser.username, username),
          or(isNull(appUser.lockedUntil), lte(appUser.lockedUntil, sql`now()`)),
        ),
      )
      .returning();
    if (user) return user;
    const [held] = await db
      .select({
        lockedUntil: appUser.lockedUntil,
        checking: sql<boolean>`${appUser.lockedUntil} <= now() + make_interval(secs => ${CHECKING_SECONDS})`,
      })
      .from(appUser)
      .where(eq(appUser.username, username));
    if (!held) return null;
    if (held.lockedUntil && (!held.checking || Date.now() > deadline))
      return { lockedUntil: held.lockedUntil };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Checks a password and opens a session. After `maxFailures` wrong passwords in a row the account is
 * locked for `lockMinutes`; while locked even the right password is refused, so guessing stalls.
 * Unknown usernames cost the same time as known ones and get the same answer. Attempts are counted
 * before they are checked (countAttempt), so parallel guesses cannot outrun the count: counting after
 * the check let 40 parallel guesses all be checked while the count lagged. A right password clears it.
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
  const counted = await countAttempt(db, input.username, policy.maxFailures);
  if (counted && !('id' in counted))
    throw new AppError('AUTH.LOCKED', { lockedUntil: counted.lockedUntil.toISOString() });
  if (!counted) {
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
  const user = counted;
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    // Already counted. If this attempt reached the limit, its hold becomes the lock — unless a right
    // password checked meanwhile has cleared the count.
    const [locked] = user.lockedUntil
      ? await db
          .update(appUser)
          .set({ lockedUntil: sql`now() + make_interval(mins => ${policy.lockMinutes})` })
          .where(and(eq(appUser.id, user.id), gte(appUser.failedLogins, policy.maxFailures)))
          .returning({ lockedUntil: appUser.lockedUntil })
      : [];
    await writeAudit(db, {
      actorId: user.id,
      actorRole: user.role,
      ip: input.ip,
      action: locked ? 'auth.locked' : 'auth.login_failed',
      subject: `user:${user.id}`,
      data: { failedLogins: user.failedLogins },
    });
    if (locked?.lockedUntil)
      throw new AppError('AUTH.LOCKED', { lockedUntil: locked.lockedUntil.toISOString() });
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
