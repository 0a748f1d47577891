import { sql } from 'drizzle-orm';
import type { Side, Thread } from '../../core/refunds/conversation.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { CaseRow } from '../refunds/find-case.ts';

/** The site-message kind of "new messages on a case"; one unread item per reader and case at most. */
export const CONVERSATION_KIND = 'case_message';

const linkFor = (side: Side, refundNo: string) =>
  side === 'buyer'
    ? `/buyer/refunds/${refundNo}`
    : side === 'merchant'
      ? `/merchant/refunds/${refundNo}`
      : `/agent/queue/${refundNo}`;

/** The first characters of a message, on one line, for the inbox. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/**
 * 站内信 for a new message, to the other side: the buyer, the shop's users, or the staff member who holds
 * the case (the supervisors when nobody does). Coalesced: a reader who still has an unread "new
 * messages" item about this case gets no second one — a burst of chat is one inbox item, and the next
 * message after they have read it (or opened the conversation) is a new one.
 */
export async function notifyNewMessage(
  tx: Db,
  c: CaseRow,
  m: { thread: Thread; to: Side; authorId: number; text: string; now: Date },
): Promise<void> {
  const readers =
    m.to === 'buyer'
      ? sql`SELECT ${c.buyerId}::bigint AS id`
      : m.to === 'merchant'
        ? sql`SELECT id FROM app_user WHERE role = 'merchant' AND merchant_id = ${c.merchantId}`
        : c.assigneeId !== null
          ? sql`SELECT ${c.assigneeId}::bigint AS id`
          : sql`SELECT id FROM app_user WHERE role = 'supervisor'`;
  const subject = `refund:${c.refundNo}`;
  const from = m.thread === 'merchant' && m.to === 'staff' ? '商家' : m.to === 'staff' ? '买家' : '平台客服';
  const fromEn =
    m.thread === 'merchant' && m.to === 'staff' ? 'The shop' : m.to === 'staff' ? 'The buyer' : 'Support';
  await tx.execute(sql`
    INSERT INTO site_message (user_id, kind, subject, title_zh, title_en, body_zh, body_en, link, created_at)
    SELECT r.id, ${CONVERSATION_KIND}, ${subject},
      ${`退款 ${c.refundNo} 有新留言`}::text, ${`New message on refund ${c.refundNo}`}::text,
      ${`${from}：${excerpt(m.text)}`}::text, ${`${fromEn}: ${excerpt(m.text)}`}::text,
      ${linkFor(m.to, c.refundNo)}::text, ${m.now}::timestamptz
    FROM (${readers}) r
    WHERE r.id <> ${m.authorId}
      AND NOT EXISTS (
        SELECT 1 FROM site_message s
        WHERE s.user_id = r.id AND s.kind = ${CONVERSATION_KIND} AND s.subject = ${subject} AND s.read_at IS NULL
      )`);
}

/** Opening the conversation reads its inbox item too, so the next message makes a new one. */
export async function readConversationInbox(tx: Db, userId: number, refundNo: string, now: Date) {
  await tx.execute(sql`
    UPDATE site_message SET read_at = ${now}::timestamptz
    WHERE user_id = ${userId} AND kind = ${CONVERSATION_KIND} AND subject = ${`refund:${refundNo}`}
      AND read_at IS NULL`);
}
