import { type SQL, sql } from 'drizzle-orm';
import { assertNever } from '../../core/assert-never.ts';
import type { CaseMessage, Recipient } from '../../core/refunds/case-messages.ts';
import type { Db } from '../../platform/db/pool.ts';

export type MessageTarget = { buyerId: number; merchantId: number; assigneeId: number | null };
export type MessageAbout = { subject: string; refundNo: string; now: Date };

/** Where the message takes its reader: the case page of the reader's own section of the web app. */
function linkFor(to: Recipient, refundNo: string): string {
  if (to === 'buyer') return `/buyer/refunds/${refundNo}`;
  if (to === 'merchant') return `/merchant/refunds/${refundNo}`;
  return `/agent/queue/${refundNo}`;
}

/** The rows one message becomes: a SELECT of (reader, message columns), readers found in SQL. */
function rowsOf(m: CaseMessage, t: MessageTarget, about: MessageAbout): SQL | null {
  const cols = sql`${m.kind}::text, ${about.subject}::text, ${m.titleZh}::text, ${m.titleEn}::text,
    ${m.bodyZh}::text, ${m.bodyEn}::text, ${linkFor(m.to, about.refundNo)}::text, ${about.now}::timestamptz`;
  switch (m.to) {
    case 'buyer':
      return sql`SELECT ${t.buyerId}::bigint, ${cols}`;
    case 'assignee':
      return t.assigneeId === null ? null : sql`SELECT ${t.assigneeId}::bigint, ${cols}`;
    // Staff are found through app_user_staff_idx, never by reading every buyer.
    case 'merchant':
      return sql`SELECT "id", ${cols} FROM "app_user" WHERE "role" = 'merchant' AND "merchant_id" = ${t.merchantId}`;
    case 'supervisors':
      return sql`SELECT "id", ${cols} FROM "app_user" WHERE "role" = 'supervisor'`;
    default:
      return assertNever(m.to, 'recipient');
  }
}

/**
 * The statement writing these site messages (站内信) to all their readers at once, or null when there
 * are none. A use-case that writes several things in one statement (a submission) embeds it.
 */
export function messagesInsert(
  messages: CaseMessage[],
  target: MessageTarget,
  about: MessageAbout,
  /** A condition the rows are written under (in a statement of several writes: "the update happened"). */
  onlyIf?: SQL,
): SQL | null {
  const rows = messages.map((m) => rowsOf(m, target, about)).filter((r): r is SQL => r !== null);
  if (rows.length === 0) return null;
  const all = sql.join(rows, sql` UNION ALL `);
  return sql`INSERT INTO "site_message" ("user_id", "kind", "subject", "title_zh", "title_en", "body_zh", "body_en", "link", "created_at")
    ${onlyIf ? sql`SELECT * FROM (${all}) r WHERE ${onlyIf}` : all}`;
}

/** Writes site messages in the caller's transaction, so they exist exactly when the change does. */
export async function sendMessages(
  tx: Db,
  messages: CaseMessage[],
  target: MessageTarget,
  about: MessageAbout,
): Promise<void> {
  const insert = messagesInsert(messages, target, about);
  if (insert) await tx.execute(insert);
}
