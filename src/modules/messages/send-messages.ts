import { and, eq, inArray } from 'drizzle-orm';
import type { CaseMessage, Recipient } from '../../core/refunds/case-messages.ts';
import type { Db } from '../../platform/db/pool.ts';
import { appUser } from '../auth/schema.ts';
import { siteMessage } from './schema.ts';

export type MessageTarget = { buyerId: number; merchantId: number; assigneeId: number | null };

async function usersFor(tx: Db, to: Recipient, t: MessageTarget): Promise<number[]> {
  if (to === 'buyer') return [t.buyerId];
  if (to === 'assignee') return t.assigneeId ? [t.assigneeId] : [];
  const rows = await tx
    .select({ id: appUser.id })
    .from(appUser)
    .where(
      to === 'merchant'
        ? and(eq(appUser.role, 'merchant'), eq(appUser.merchantId, t.merchantId))
        : inArray(appUser.role, ['supervisor']),
    );
  return rows.map((r) => r.id);
}

/** Where the message takes its reader: the case page of the reader's own section of the web app. */
function linkFor(to: Recipient, refundNo: string): string {
  if (to === 'buyer') return `/buyer/refunds/${refundNo}`;
  if (to === 'merchant') return `/merchant/refunds/${refundNo}`;
  return `/agent/queue/${refundNo}`;
}

/** Writes site messages (站内信) in the caller's transaction, so they exist exactly when the change does. */
export async function sendMessages(
  tx: Db,
  messages: CaseMessage[],
  target: MessageTarget,
  about: { subject: string; refundNo: string; now: Date },
): Promise<void> {
  const rows: (typeof siteMessage.$inferInsert)[] = [];
  for (const m of messages) {
    for (const userId of await usersFor(tx, m.to, target)) {
      rows.push({
        userId,
        kind: m.kind,
        subject: about.subject,
        titleZh: m.titleZh,
        titleEn: m.titleEn,
        bodyZh: m.bodyZh,
        bodyEn: m.bodyEn,
        link: linkFor(m.to, about.refundNo),
        createdAt: about.now,
      });
    }
  }
  if (rows.length) await tx.insert(siteMessage).values(rows);
}
