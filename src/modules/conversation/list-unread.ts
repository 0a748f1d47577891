import { sql } from 'drizzle-orm';
import { sideOf } from '../../core/refunds/conversation.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { Actor } from '../auth/actor.ts';

/** Staff unread counts look back this far: older unanswered messages are the queue's business. */
const STAFF_LOOKBACK_DAYS = 30;
const MAX_CASES = 200;

/**
 * The cases with messages this reader has not seen (core/refunds/conversation.ts isUnread, in SQL), for
 * the badges on lists: the buyer's 我的退款, the shop's cases, the review queue. For staff, a party's
 * message that a colleague has answered no longer counts.
 */
export async function listUnread(db: Db, actor: Actor, now: Date) {
  const side = sideOf(actor.role);
  const which =
    side === 'buyer'
      ? sql`c.buyer_id = ${actor.userId} AND m.thread = 'buyer' AND m.author_role IN ('agent','supervisor','admin')`
      : side === 'merchant'
        ? sql`c.merchant_id = ${actor.merchantId ?? -1} AND m.thread = 'merchant' AND m.author_role IN ('agent','supervisor','admin')`
        : sql`m.author_role IN ('buyer','merchant')
            AND m.created_at > ${new Date(now.getTime() - STAFF_LOOKBACK_DAYS * 86_400_000)}::timestamptz
            AND NOT EXISTS (SELECT 1 FROM case_message s WHERE s.case_id = m.case_id AND s.thread = m.thread
              AND s.id > m.id AND s.author_role IN ('agent','supervisor','admin'))`;
  const { rows } = await db.execute<{ refundNo: string; unread: number }>(sql`
    SELECT c.refund_no AS "refundNo", count(*)::int AS unread
    FROM case_message m
    JOIN refund_case c ON c.id = m.case_id
    LEFT JOIN case_message_read r ON r.case_id = m.case_id AND r.user_id = ${actor.userId}
    WHERE m.id > coalesce(r.last_read_id, 0) AND ${which}
    GROUP BY c.refund_no
    ORDER BY max(m.id) DESC
    LIMIT ${MAX_CASES}`);
  return { total: rows.reduce((n, r) => n + r.unread, 0), cases: rows };
}
