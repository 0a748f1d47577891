import { sql } from 'drizzle-orm';
import type { Actor } from '../modules/auth/actor.ts';
import type { Db } from '../platform/db/pool.ts';

/** The seed acts as these users (by username), as if each had signed in; absent names are left out. */
export async function loadActors(tx: Db, usernames: string[]): Promise<Map<string, Actor>> {
  const rows = await tx.execute<{
    id: number;
    username: string;
    display_name: string;
    role: Actor['role'];
    merchant_id: number | null;
  }>(sql`SELECT id, username, display_name, role, merchant_id FROM app_user WHERE username IN ${usernames}`);
  return new Map(
    rows.rows.map((u) => [
      u.username,
      {
        userId: Number(u.id),
        role: u.role,
        merchantId: u.merchant_id === null ? null : Number(u.merchant_id),
        username: u.username,
        displayName: u.display_name,
        via: 'session' as const,
      },
    ]),
  );
}
