import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { type Actor, sha256 } from './actor.ts';
import { apiKey } from './schema.ts';

export type ApiKeyView = {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const view = (r: typeof apiKey.$inferSelect): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/**
 * Creates an integration key. The full key is shown once; only its sha256 is kept (a 256-bit random
 * key needs no slow hash — nothing to guess — and is checked on every API call).
 */
export async function createApiKey(input: {
  db: Db;
  actor: Actor;
  name: string;
  ip: string;
}): Promise<ApiKeyView & { key: string }> {
  const prefix = randomBytes(4).toString('hex');
  const key = `km_${prefix}_${randomBytes(32).toString('base64url')}`;
  return inTransaction(input.db, async (tx) => {
    const [row] = await tx
      .insert(apiKey)
      .values({ userId: input.actor.userId, name: input.name, prefix, keyHash: sha256(key) })
      .returning();
    await writeAudit(tx, {
      actorId: input.actor.userId,
      actorRole: input.actor.role,
      ip: input.ip,
      action: 'api_key.create',
      subject: `api_key:${row!.id}`,
      data: { name: input.name, prefix },
    });
    return { ...view(row!), key };
  });
}

export async function listApiKeys(input: { db: Db; actor: Actor }): Promise<ApiKeyView[]> {
  const rows = await input.db
    .select()
    .from(apiKey)
    .where(eq(apiKey.userId, input.actor.userId))
    .orderBy(desc(apiKey.id));
  return rows.map(view);
}

/**
 * Revokes one of the caller's keys (an admin may revoke any). Someone else's key is "not found",
 * exactly like a missing one.
 */
export async function revokeApiKey(input: {
  db: Db;
  actor: Actor;
  id: number;
  ip: string;
}): Promise<ApiKeyView> {
  return inTransaction(input.db, async (tx) => {
    const [row] = await tx.select().from(apiKey).where(eq(apiKey.id, input.id)).for('update');
    if (!row || (row.userId !== input.actor.userId && input.actor.role !== 'admin'))
      throw new AppError('RESOURCE.NOT_FOUND');
    const [updated] = await tx
      .update(apiKey)
      .set({ revokedAt: sql`coalesce(${apiKey.revokedAt}, now())` })
      .where(and(eq(apiKey.id, row.id), isNull(apiKey.revokedAt)))
      .returning();
    if (updated) {
      await writeAudit(tx, {
        actorId: input.actor.userId,
        actorRole: input.actor.role,
        ip: input.ip,
        action: 'api_key.revoke',
        subject: `api_key:${row.id}`,
      });
    }
    return view(updated ?? row);
  });
}
