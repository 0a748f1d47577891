import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/pool.ts';
import { idempotencyKey } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { App } from './server.ts';

const KEY_HEADER = 'idempotency-key';
const WAIT_MS = 15_000;
const POLL_MS = 25;
// A first request that has not finished after this long is presumed dead (process crash); a retry takes over.
const STALE_SECONDS = 120;
/** How long a key is kept for replay; older rows are swept (and a key that old is a new request). */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

type Claim = { scope: string; key: string };
type StoredBody = Record<string, unknown>;

/**
 * A route whose answer carries a secret (a plain card key, a new API key). The answer is stored for replay
 * without `fields`, so the idempotency table never holds a secret. A replay puts them back with `reread`,
 * which reads them again under the caller's current authorization; a route without `reread` (the secret
 * exists nowhere any more) answers a replay with 410 IDEMPOTENCY.SECRET_SHOWN_ONCE.
 */
export type SecretAnswer = {
  fields: string[];
  reread?: (req: FastifyRequest, stored: StoredBody) => Promise<StoredBody>;
};

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Claim | null;
  }
  interface FastifyContextConfig {
    secretAnswer?: SecretAnswer;
  }
}

function withoutSecrets(payload: string, secret: SecretAnswer | undefined): string {
  if (!secret) return payload;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return ''; // not JSON: keep nothing rather than something that might hold the secret
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return '';
  const kept = { ...(body as StoredBody) };
  for (const field of secret.fields) delete kept[field];
  return JSON.stringify(kept);
}

/** Deletes keys past their retention, in batches; returns how many went. */
export async function sweepIdempotencyKeys(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await db.execute(sql`
      DELETE FROM idempotency_key WHERE ctid IN (
        SELECT ctid FROM idempotency_key
        WHERE created_at < now() - make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS})
        LIMIT 5000)`);
    total += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < 5000) return total;
  }
}

function requestHash(req: FastifyRequest): string {
  return createHash('sha256')
    .update(
      `${req.method} ${req.routeOptions.url ?? req.url}\n${JSON.stringify(req.params ?? {})}\n${JSON.stringify(req.body ?? null)}`,
    )
    .digest('hex');
}

async function replay(
  req: FastifyRequest,
  reply: FastifyReply,
  row: typeof idempotencyKey.$inferSelect,
): Promise<FastifyReply> {
  const status = row.responseStatus ?? 200;
  const secret = req.routeOptions.config.secretAnswer;
  if (secret && status < 300) {
    const stored = JSON.parse(row.responseBody || '{}') as StoredBody;
    if (!secret.reread) throw new AppError('IDEMPOTENCY.SECRET_SHOWN_ONCE', { status, response: stored });
    const body = await secret.reread(req, stored);
    reply.header('idempotent-replayed', 'true');
    return reply.status(status).send(body);
  }
  reply.header('idempotent-replayed', 'true');
  if (row.responseType) reply.header('content-type', row.responseType);
  return reply.status(status).send(row.responseBody ?? '');
}

/**
 * `Idempotency-Key` on state-changing POSTs. The first request claims the key by inserting a row
 * (the primary key decides races between concurrent duplicates: exactly one insert wins); the others
 * wait for its stored response and replay it. A different body under the same key is a 409. Keys are
 * scoped to the caller, so two users' keys never meet. Server errors (5xx) release the key so a retry
 * can run again; 4xx answers are final like any other.
 */
export function installIdempotency(app: App, db: Db, scopeOf: (req: FastifyRequest) => string | null): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    const header = req.headers[KEY_HEADER];
    if (req.method !== 'POST' || header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 200) throw new AppError('IDEMPOTENCY.BAD_KEY');
    const scope = scopeOf(req);
    if (!scope) return;
    const hash = requestHash(req);
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const inserted = await db
        .insert(idempotencyKey)
        .values({
          scope,
          key,
          method: req.method,
          path: req.url.split('?')[0]!,
          requestHash: hash,
          state: 'in_progress',
        })
        .onConflictDoNothing()
        .returning({ key: idempotencyKey.key });
      if (inserted.length > 0) {
        req.idempotency = { scope, key };
        return;
      }
      const [row] = await db
        .select()
        .from(idempotencyKey)
        .where(and(eq(idempotencyKey.scope, scope), eq(idempotencyKey.key, key)));
      if (!row) continue; // released by a failed first attempt: try to claim again
      if (row.createdAt.getTime() < Date.now() - IDEMPOTENCY_RETENTION_HOURS * 3_600_000) {
        // Past its retention (the sweep has not reached it yet): the key is free again.
        await db
          .delete(idempotencyKey)
          .where(
            and(
              eq(idempotencyKey.scope, scope),
              eq(idempotencyKey.key, key),
              sql`${idempotencyKey.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS})`,
            ),
          );
        continue;
      }
      if (row.requestHash !== hash) throw new AppError('IDEMPOTENCY.KEY_REUSED');
      if (row.state === 'done') return replay(req, reply, row);
      const takenOver = await db
        .update(idempotencyKey)
        .set({ updatedAt: sql`now()` })
        .where(
          and(
            eq(idempotencyKey.scope, scope),
            eq(idempotencyKey.key, key),
            eq(idempotencyKey.state, 'in_progress'),
            sql`${idempotencyKey.updatedAt} < now() - make_interval(secs => ${STALE_SECONDS})`,
          ),
        )
        .returning({ key: idempotencyKey.key });
      if (takenOver.length > 0) {
        req.idempotency = { scope, key };
        return;
      }
      if (Date.now() > deadline) throw new AppError('IDEMPOTENCY.IN_PROGRESS');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const claim = req.idempotency;
    if (!claim) return payload;
    req.idempotency = null;
    const where = and(eq(idempotencyKey.scope, claim.scope), eq(idempotencyKey.key, claim.key));
    const storable = typeof payload === 'string' || Buffer.isBuffer(payload) || payload == null;
    if (reply.statusCode >= 500 || !storable) {
      await db.delete(idempotencyKey).where(where);
      return payload;
    }
    await db
      .update(idempotencyKey)
      .set({
        state: 'done',
        responseStatus: reply.statusCode,
        responseBody: withoutSecrets(
          payload == null ? '' : payload.toString(),
          req.routeOptions.config.secretAnswer,
        ),
        responseType: String(reply.getHeader('content-type') ?? ''),
        updatedAt: sql`now()`,
      })
      .where(where);
    return payload;
  });
}
