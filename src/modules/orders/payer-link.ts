import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { accountLink } from '../risk/schema.ts';

/**
 * Notes, in the payment's own transaction, that `buyerId` paid from `payerAccount` (the channel's
 * buyer id / openid), so risk control can find many buyer accounts behind one payer. One row per payer
 * and buyer: paying again only widens first_seen … last_seen, so a repeated or replayed payment never
 * adds a row. LEAST/GREATEST rather than the newest value: pushed orders carry the shop's own paid_at
 * and may arrive out of order. No payer (balance, or a channel that did not say): nothing to note.
 */
export async function linkPayer(
  tx: Db,
  input: { payerAccount: string | null; buyerId: number; at: Date },
): Promise<void> {
  if (!input.payerAccount) return;
  await tx
    .insert(accountLink)
    .values({
      kind: 'payer',
      value: input.payerAccount,
      userId: input.buyerId,
      firstSeen: input.at,
      lastSeen: input.at,
    })
    .onConflictDoUpdate({
      target: [accountLink.kind, accountLink.value, accountLink.userId],
      set: {
        firstSeen: sql`LEAST(${accountLink.firstSeen}, excluded.first_seen)`,
        lastSeen: sql`GREATEST(${accountLink.lastSeen}, excluded.last_seen)`,
      },
    });
}
