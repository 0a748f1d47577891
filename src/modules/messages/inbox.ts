import { and, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { siteMessage } from './schema.ts';

export async function unreadCount(db: Db, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(siteMessage)
    .where(and(eq(siteMessage.userId, userId), isNull(siteMessage.readAt)));
  return row?.n ?? 0;
}

/** The user's messages, newest first, keyset-paged by id. */
export async function listMessages(
  db: Db,
  userId: number,
  q: { unread?: boolean; cursor?: string; limit: number },
) {
  const where: SQL[] = [eq(siteMessage.userId, userId)];
  if (q.unread) where.push(isNull(siteMessage.readAt));
  if (q.cursor) {
    const id = Number(q.cursor);
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new AppError('REQUEST.VALIDATION', {
        fields: [{ field: 'query.cursor', message: 'invalid cursor' }],
      });
    where.push(sql`${siteMessage.id} < ${id}`);
  }
  const rows = await db
    .select()
    .from(siteMessage)
    .where(and(...where))
    .orderBy(desc(siteMessage.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((m) => ({
      id: m.id,
      kind: m.kind,
      title: { zh: m.titleZh, en: m.titleEn },
      body: { zh: m.bodyZh, en: m.bodyEn },
      link: m.link,
      readAt: m.readAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
    })),
    unread: await unreadCount(db, userId),
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
  };
}

/** Marks one of the user's messages read; someone else's message is "not found". */
export async function markRead(db: Db, userId: number, id: number, now: Date): Promise<void> {
  const [row] = await db
    .update(siteMessage)
    .set({ readAt: sql`coalesce(${siteMessage.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(siteMessage.id, id), eq(siteMessage.userId, userId)))
    .returning({ id: siteMessage.id });
  if (!row) throw new AppError('RESOURCE.NOT_FOUND');
}

export async function markAllRead(db: Db, userId: number, now: Date): Promise<number> {
  const rows = await db
    .update(siteMessage)
    .set({ readAt: now })
    .where(and(eq(siteMessage.userId, userId), isNull(siteMessage.readAt)))
    .returning({ id: siteMessage.id });
  return rows.length;
}
