import { eq } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { Actor } from './actor.ts';
import { userSession } from './schema.ts';

/** Ends the caller's session (the cookie becomes worthless even if someone kept a copy). */
export async function logoutUser(input: { db: Db; actor: Actor; ip: string }): Promise<void> {
  const { actor } = input;
  if (!actor.sessionHash) return;
  await inTransaction(input.db, async (tx) => {
    await tx.delete(userSession).where(eq(userSession.tokenHash, actor.sessionHash!));
    await writeAudit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      ip: input.ip,
      action: 'auth.logout',
      subject: `user:${actor.userId}`,
    });
  });
}
