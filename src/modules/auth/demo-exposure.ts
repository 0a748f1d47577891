import { inArray } from 'drizzle-orm';
import { isLoopback, PUBLISHED_DEMO_PASSWORD } from '../../platform/config.ts';
import type { Db } from '../../platform/db/pool.ts';
import { DEMO_USERS } from './demo-users.ts';
import { verifyPassword } from './passwords.ts';
import { appUser } from './schema.ts';

export type DemoExposure = {
  /** Demo users (buyer, merchant, agent, supervisor, admin…) that exist in this database. */
  users: string[];
  /** Those of them that still have the password printed in the README. */
  withPublishedPassword: string[];
};

/**
 * Demo users reachable from other machines: nothing when the server listens on loopback only. The
 * demo users' names are public, and so is their default password, admin included — a demo database
 * served on a network address lets anyone in. Checked once at start; argon2 makes it ~20 ms a user.
 */
export async function findDemoExposure(db: Db, host: string): Promise<DemoExposure> {
  if (isLoopback(host)) return { users: [], withPublishedPassword: [] };
  const rows = await db
    .select({ username: appUser.username, passwordHash: appUser.passwordHash })
    .from(appUser)
    .where(
      inArray(
        appUser.username,
        DEMO_USERS.map((u) => u.username),
      ),
    );
  const withPublishedPassword: string[] = [];
  for (const row of rows)
    if (await verifyPassword(row.passwordHash, PUBLISHED_DEMO_PASSWORD))
      withPublishedPassword.push(row.username);
  return { users: rows.map((r) => r.username).sort(), withPublishedPassword: withPublishedPassword.sort() };
}
