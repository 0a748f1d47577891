import { type SQL, sql } from 'drizzle-orm';
import { likePrefix } from '../../core/search/case-search.ts';
import { isPgTime } from '../../platform/db/pg-time.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';

export type AuditFilter = {
  /** A user id, or a username (exact). */
  actor?: string;
  /** An action (`refund.approve`), or a family ending in a dot (`refund.`). */
  action?: string;
  /** The kind of object (`refund`, `order`, `policy`, `ledger_txn` …): the subject's prefix. */
  targetType?: string;
  /** The object's id within its type (a refund number, an order number …); needs targetType. */
  targetId?: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit: number;
};

export type AuditRow = {
  id: number;
  at: string;
  actorId: number | null;
  actorUsername: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  data: Record<string, unknown>;
};

type Cursor = { at: string; id: number };

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(cursor: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    // PostgreSQL's own text of a timestamptz, of a time that exists, so the cast back cannot fail.
    if (typeof c.at === 'string' && isPgTime(c.at) && Number.isSafeInteger(c.id) && c.id > 0) return c;
  } catch {}
  throw new AppError('REQUEST.VALIDATION', {
    fields: [{ field: 'query.cursor', message: 'invalid cursor' }],
  });
}

/**
 * The audit log, newest first, keyset-paged on (at, id): who did what to which object, when and from
 * which IP. Each filter reads its own index in that order (migration 0028): the actor's, the
 * action's, the subject's, or (at, id) alone.
 */
export async function listAudit(
  db: Db,
  f: AuditFilter,
): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (f.actor) {
    const actor = f.actor.trim();
    where.push(
      /^\d{1,15}$/.test(actor)
        ? sql`a.actor_id = ${Number(actor)}`
        : sql`a.actor_id = (SELECT u.id FROM app_user u WHERE u.username = ${actor})`,
    );
  }
  if (f.action) {
    where.push(
      f.action.endsWith('.') ? sql`a.action LIKE ${likePrefix(f.action)}` : sql`a.action = ${f.action}`,
    );
  }
  if (f.targetId && !f.targetType)
    throw new AppError('REQUEST.VALIDATION', {
      fields: [{ field: 'query.targetType', message: 'a target id needs its target type' }],
    });
  if (f.targetType)
    where.push(
      f.targetId
        ? sql`a.subject = ${`${f.targetType}:${f.targetId}`}`
        : sql`a.subject LIKE ${likePrefix(`${f.targetType}:`)}`,
    );
  if (f.from) where.push(sql`a.at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`a.at < ${f.to.toISOString()}::timestamptz`);
  if (f.cursor) {
    const c = decode(f.cursor);
    where.push(sql`(a.at, a.id) < (${c.at}::timestamptz, ${c.id}::bigint)`);
  }
  const { rows } = await db.execute<{
    id: string;
    at: string;
    at_text: string;
    actor_id: string | null;
    username: string | null;
    display_name: string | null;
    actor_role: string | null;
    action: string;
    subject: string | null;
    ip: string | null;
    data: Record<string, unknown>;
  }>(sql`
    SELECT a.id, a.at, a.at::text AS at_text, a.actor_id, u.username, u.display_name, a.actor_role,
      a.action, a.subject, a.ip, a.data
    FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id
    ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    ORDER BY a.at DESC, a.id DESC
    LIMIT ${f.limit + 1}`);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const colon = r.subject?.indexOf(':') ?? -1;
      return {
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id === null ? null : Number(r.actor_id),
        actorUsername: r.username,
        actorName: r.display_name,
        actorRole: r.actor_role,
        action: r.action,
        targetType: r.subject === null ? null : colon < 0 ? r.subject : r.subject.slice(0, colon),
        targetId: r.subject === null || colon < 0 ? null : r.subject.slice(colon + 1),
        ip: r.ip,
        data: r.data ?? {},
      };
    }),
    nextCursor: rows.length > f.limit && last ? encode({ at: last.at_text, id: Number(last.id) }) : null,
  };
}

/**
 * The actions recorded so far, for the filter's choices: a loose index scan over audit_log_action_idx
 * (one index probe per distinct action), not a scan of the whole log.
 */
export async function listAuditActions(db: Db): Promise<string[]> {
  const { rows } = await db.execute<{ action: string }>(sql`
    WITH RECURSIVE t(action) AS (
      (SELECT action FROM audit_log ORDER BY action LIMIT 1)
      UNION ALL
      SELECT (SELECT a.action FROM audit_log a WHERE a.action > t.action ORDER BY a.action LIMIT 1)
      FROM t WHERE t.action IS NOT NULL
    )
    SELECT action FROM t WHERE action IS NOT NULL LIMIT 500`);
  return rows.map((r) => r.action);
}
