import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { merchant } from '../auth/schema.ts';

/** A shop's name, for the books' memos (商户「星辰数码」); null for an unknown id. */
export async function merchantName(db: Db, merchantId: number): Promise<string | null> {
  const [m] = await db.select({ name: merchant.name }).from(merchant).where(eq(merchant.id, merchantId));
  return m?.name ?? null;
}
