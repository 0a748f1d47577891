import { and, eq, inArray, or } from 'drizzle-orm';
import {
  MAX_MESSAGE_FILES,
  mayWrite,
  recipientSide,
  sideOf,
  type Thread,
  threadToWrite,
} from '../../core/refunds/conversation.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { attachEvidence } from '../evidence/attach-evidence.ts';
import { evidence } from '../evidence/schema.ts';
import { findVisibleCase } from '../refunds/find-case.ts';
import { notifyNewMessage } from './notify.ts';
import { caseMessage } from './schema.ts';

export type PostInput = {
  db: Db;
  actor: Actor;
  refundNo: string;
  /** Staff choose the thread (the buyer's by default); the buyer and the shop write their own. */
  thread?: Thread;
  text: string;
  evidenceIds?: string[];
  ip: string;
  now: Date;
};

/**
 * Writes one message in the case conversation, with its files: the files are the author's own uploads
 * (POST /api/evidence, with its checks), attached to the case under the case's limits and marked as this
 * message's. The case row is locked meanwhile, so concurrent messages count the case's files exactly.
 * An audit row and (coalesced) 站内信 to the other side go in the same transaction. The case's state
 * and version stay: a message is not a decision.
 */
export async function postCaseMessage(input: PostInput): Promise<{ id: number }> {
  const { actor, now } = input;
  const ids = [...new Set(input.evidenceIds ?? [])];
  if (ids.length > MAX_MESSAGE_FILES)
    throw new AppError('REQUEST.VALIDATION', { field: 'evidenceIds', max: MAX_MESSAGE_FILES });
  return inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, actor, { forUpdate: true });
    // The other party's thread does not exist for this reader.
    const thread = threadToWrite(actor.role, input.thread);
    if (thread === null) throw new AppError('RESOURCE.NOT_FOUND');
    if (!mayWrite(actor.role, c, now)) throw new AppError('CONVERSATION.CLOSED', { state: c.state });
    const [m] = await tx
      .insert(caseMessage)
      .values({
        caseId: c.id,
        thread,
        authorId: actor.userId,
        authorRole: actor.role,
        body: input.text,
        evidenceIds: ids,
        createdAt: now,
      })
      .returning({ id: caseMessage.id });
    const id = m!.id;
    if (ids.length > 0) {
      await attachEvidence(tx, { publicIds: ids, ownerId: actor.userId, caseId: c.id });
      const top = tx.select({ id: evidence.id }).from(evidence).where(inArray(evidence.publicId, ids));
      await tx
        .update(evidence)
        .set({ caseMessageId: id })
        .where(
          and(eq(evidence.caseId, c.id), or(inArray(evidence.id, top), inArray(evidence.parentId, top))),
        );
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      ip: input.ip,
      action: 'refund.message',
      subject: `refund:${c.refundNo}`,
      data: { messageId: id, thread, files: ids.length, chars: input.text.length },
      at: now,
    });
    await notifyNewMessage(tx, c, {
      thread,
      to: recipientSide(thread, sideOf(actor.role)),
      authorId: actor.userId,
      text: input.text,
      now,
    });
    return { id };
  });
}
