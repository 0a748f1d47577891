import { sql } from 'drizzle-orm';
import { DEMO_USERS } from '../modules/auth/demo-users.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import type { Db } from '../platform/db/pool.ts';
import { seedReturnAddresses } from './seed-returns.ts';

export const DEMO_MERCHANT = '星辰数码';

/**
 * The six demo users (and the demo merchant 星辰数码), all with `password`. Safe to run again:
 * existing rows are left alone (a changed password does not overwrite a user's own). The demo
 * marketplace — shops, products, orders — is seedDemoMarketplace (seed-marketplace.ts); the
 * integration tests' template database gets only these users.
 */
export async function seedDemo(db: Db, password: string): Promise<{ created: string[] }> {
  const merchant = await db.execute<{ id: number }>(sql`
    INSERT INTO merchant (name) VALUES (${DEMO_MERCHANT})
    ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`);
  const merchantId = merchant.rows[0]!.id;
  const existing = await db.execute<{ username: string }>(sql`SELECT username FROM app_user`);
  const have = new Set(existing.rows.map((r) => r.username));
  const created: string[] = [];
  const missing = DEMO_USERS.filter((u) => !have.has(u.username));
  // One hash for all: argon2 is slow on purpose (~20 ms), and demo users share the password anyway.
  const passwordHash = missing.length ? await hashPassword(password) : '';
  for (const u of missing) {
    const res = await db.execute(sql`
      INSERT INTO app_user (username, display_name, role, merchant_id, password_hash)
      VALUES (${u.username}, ${u.displayName}, ${u.role}, ${u.role === 'merchant' ? merchantId : null}, ${passwordHash})
      ON CONFLICT (username) DO NOTHING`);
    if (res.rowCount) created.push(u.username);
  }
  await seedReturnAddresses(db);
  return { created };
}
