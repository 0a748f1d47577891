import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  isUnread,
  mayWrite,
  type Side,
  sideOf,
  type Thread,
  threadsFor,
} from '../../core/refunds/conversation.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser, merchant } from '../auth/schema.ts';
import { evidence } from '../evidence/schema.ts';
import { findVisibleCase } from '../refunds/find-case.ts';
import { readConversationInbox } from './notify.ts';
import { caseMessage, caseMessageRead } from './schema.ts';

/** The most messages shown: the newest ones (a case's conversation is rarely a tenth of it). */
const PAGE = 500;

export type MessageView = {
  id: number;
  thread: Thread;
  authorSide: Side;
  authorRole: string;
  authorName: string;
  mine: boolean;
  text: string;
  attachments: {
    evidenceId: string;
    kind: string;
    fileName: string;
    sizeBytes: number;
    url: string;
    thumbUrl: string | null;
  }[];
  /** Not seen by this reader before this read. */
  unread: boolean;
  at: string;
};

/**
 * The conversation of a case as this reader may see it (their threads; the newest PAGE messages, oldest
 * first), with what was unread until now; reading it moves the reader's marker to the newest message and
 * reads its inbox item — opening a chat marks it read, as in every messenger. `markRead: false` only looks.
 */
export async function listCaseMessages(input: {
  db: Db;
  actor: Actor;
  refundNo: string;
  markRead: boolean;
  now: Date;
}) {
  const { actor, now } = input;
  return inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, actor);
    const threads = threadsFor(actor.role);
    const rows = await tx
      .select({
        m: caseMessage,
        name: sql<string>`CASE WHEN ${appUser.role} = 'merchant' THEN coalesce(${merchant.name}, ${appUser.displayName}) ELSE ${appUser.displayName} END`,
      })
      .from(caseMessage)
      .innerJoin(appUser, eq(appUser.id, caseMessage.authorId))
      .leftJoin(merchant, eq(merchant.id, appUser.merchantId))
      .where(and(eq(caseMessage.caseId, c.id), inArray(caseMessage.thread, [...threads])))
      .orderBy(desc(caseMessage.id))
      .limit(PAGE)
      .then((newestFirst) => newestFirst.reverse());
    const [marker] = await tx
      .select({ lastReadId: caseMessageRead.lastReadId })
      .from(caseMessageRead)
      .where(and(eq(caseMessageRead.caseId, c.id), eq(caseMessageRead.userId, actor.userId)));
    const files = rows.length
      ? await tx
          .select()
          .from(evidence)
          .where(
            and(
              inArray(
                evidence.caseMessageId,
                rows.map((r) => r.m.id),
              ),
              sql`${evidence.parentId} IS NULL`,
            ),
          )
          .orderBy(asc(evidence.id))
      : [];
    const side = sideOf(actor.role);
    const lastStaff = new Map<Thread, number>();
    for (const r of rows)
      if (sideOf(r.m.authorRole as Actor['role']) === 'staff') lastStaff.set(r.m.thread, r.m.id);
    const items: MessageView[] = rows.map(({ m, name }) => {
      const authorSide = sideOf(m.authorRole as Actor['role']);
      return {
        id: m.id,
        thread: m.thread,
        authorSide,
        authorRole: m.authorRole,
        authorName: name,
        mine: m.authorId === actor.userId,
        text: m.body,
        attachments: files
          .filter((f) => f.caseMessageId === m.id)
          .map((f) => ({
            evidenceId: f.publicId,
            kind: f.kind,
            fileName: f.fileName,
            sizeBytes: f.sizeBytes,
            url: `/api/evidence/${f.publicId}`,
            thumbUrl: f.thumbKey ? `/api/evidence/${f.publicId}/thumb` : null,
          })),
        unread: isUnread(
          { id: m.id, authorSide },
          { side, lastReadId: marker?.lastReadId ?? 0, lastStaffReplyId: lastStaff.get(m.thread) ?? 0 },
        ),
        at: m.createdAt.toISOString(),
      };
    });
    const newest = rows.at(-1)?.m.id;
    if (input.markRead && newest !== undefined) {
      await tx
        .insert(caseMessageRead)
        .values({ caseId: c.id, userId: actor.userId, lastReadId: newest, readAt: now })
        .onConflictDoUpdate({
          target: [caseMessageRead.caseId, caseMessageRead.userId],
          set: {
            lastReadId: sql`greatest(${caseMessageRead.lastReadId}, excluded.last_read_id)`,
            readAt: now,
          },
        });
      await readConversationInbox(tx, actor.userId, c.refundNo, now);
    }
    return {
      refundNo: c.refundNo,
      threads: [...threads],
      canWrite: mayWrite(actor.role, c, now),
      unread: items.filter((i) => i.unread).length,
      items,
    };
  });
}
