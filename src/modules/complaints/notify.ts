import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import type { ComplaintRow } from './find-complaint.ts';

/** Who hears about a step: the buyer, the shop's users, eligible supervisors (or the handler), admins. */
export type ComplaintRecipient = 'buyer' | 'merchant' | 'handlers' | 'admins';

export type ComplaintMessage = {
  to: ComplaintRecipient;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
};

function linkFor(to: ComplaintRecipient, no: string): string {
  if (to === 'buyer') return `/buyer/complaints/${no}`;
  if (to === 'merchant') return `/merchant/complaints/${no}`;
  if (to === 'admins') return `/admin/complaints/${no}`;
  return `/agent/complaints/${no}`;
}

function readers(to: ComplaintRecipient, c: ComplaintRow): SQL {
  switch (to) {
    case 'buyer':
      return sql`SELECT ${c.buyerId}::bigint AS id`;
    case 'merchant':
      return sql`SELECT id FROM app_user WHERE role = 'merchant' AND merchant_id = ${c.merchantId}`;
    case 'admins':
      return sql`SELECT id FROM app_user WHERE role = 'admin'`;
    case 'handlers':
      // The supervisor handling it, or — before anyone has — every supervisor not concerned with the case.
      return c.handlerId !== null
        ? sql`SELECT ${c.handlerId}::bigint AS id`
        : sql`SELECT id FROM app_user WHERE role = 'supervisor'
            AND NOT (id = ANY(${`{${c.concernedStaffIds.join(',')}}`}::bigint[]))`;
  }
}

/** Writes site messages (站内信) about a complaint in the caller's transaction. */
export async function notifyComplaint(
  tx: Db,
  c: ComplaintRow,
  kind: string,
  messages: ComplaintMessage[],
  now: Date,
): Promise<void> {
  for (const m of messages) {
    await tx.execute(sql`
      INSERT INTO site_message (user_id, kind, subject, title_zh, title_en, body_zh, body_en, link, created_at)
      SELECT r.id, ${`complaint.${kind}`}, ${`complaint:${c.complaintNo}`}, ${m.titleZh}, ${m.titleEn},
             ${m.bodyZh}, ${m.bodyEn}, ${linkFor(m.to, c.complaintNo)}, ${now.toISOString()}::timestamptz
      FROM (${readers(m.to, c)}) r`);
  }
}
