import { createHash } from 'node:crypto';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Db, inTransaction } from '../db/pool.ts';
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
 * A key a route claims inside its own business transaction (route config `idempotency:
 * 'in-transaction'`): the claim row is inserted by the transaction's first statement and the answer
 * stored by its last, so the answer exists exactly when the change does — a crash or a refusal rolls
 * both back — and a concurrent duplicate waits on the key's unique index until the first commits.
 */
export type TxClaim = Claim & {
  method: string;
  path: string;
  hash: string;
  /** Set once the route's transaction stored its answer. */
  stored: boolean;
};

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
    /** This request's key, for a route that claims it in its own transaction. */
    txIdempotency: TxClaim | null;
  }
  interface FastifyContextConfig {
    secretAnswer?: SecretAnswer;
    /**
     * `in-transaction`: the route claims the key itself (answerOnce). `none`: the key is ignored — for a
     * route whose body must not be kept even as a hash (an ID number is guessable from its sha256), whose
     * repeats are harmless and bounded by limits of its own.
     */
    idempotency?: 'in-transaction' | 'none';
  }
}

/** A claim found taken by the transaction's first statement: the answer is someone else's to give. */
export class KeyAlreadyClaimed extends Error {
  constructor() {
    super('idempotency key already claimed');
  }
}

/** The statement claiming a key (RETURNING a row when this transaction got it), for a CTE. */
export function claimInsert(c: TxClaim): SQL {
  return sql`INSERT INTO "idempotency_key" ("scope", "key", "method", "path", "request_hash", "state")
    VALUES (${c.scope}, ${c.key}, ${c.method}, ${c.path}, ${c.hash}, 'in_progress')
    ON CONFLICT DO NOTHING RETURNING 1`;
}

/** The statement storing the answer of a key claimed in the same transaction, for a CTE. */
export function answerUpdate(c: TxClaim, status: number, body: string): SQL {
  return sql`UPDATE "idempotency_key" SET "state" = 'done', "response_status" = ${status},
    "response_body" = ${body}, "response_type" = ${JSON_TYPE}, "updated_at" = now()
    WHERE "scope" = ${c.scope} AND "key" = ${c.key}`;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends an answer already serialised (the one a use-case stored for replay), as is: what the client
 * gets is byte for byte what a replay would send.
 */
export function sendJsonText(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).type(JSON_TYPE).send(body);
}

/**
 * Runs a route that claims its Idempotency-Key in its own transaction (`run` gets the claim, or null
 * without a key, and returns the answer it stored). A key someone else holds is answered from their
 * stored answer — after waiting for it — or is free again when it expired.
 */
export async function answerOnce(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  run: (claim: TxClaim | null) => Promise<{ status: number; body: string }>,
): Promise<FastifyReply> {
  const claim = req.txIdempotency;
  for (;;) {
    try {
      const answer = await run(claim);
      if (claim) claim.stored = true;
      return sendJsonText(reply, answer.status, answer.body);
    } catch (err) {
      if (!(err instanceof KeyAlreadyClaimed) || !claim) throw err;
      const found = await awaitStoredAnswer(db, req, reply, claim, requestDeadline());
      if (found === 'taken_over') {
        // A claim a dead process left in progress: gone, so this transaction can claim the key.
        await db
          .delete(idempotencyKey)
          .where(and(eq(idempotencyKey.scope, claim.scope), eq(idempotencyKey.key, claim.key)));
      } else if (found !== 'free') return found;
    }
  }
}

/**
 * A route's whole change in one transaction with its Idempotency-Key (route config `idempotency:
 * 'in-transaction'`): the key's claim, the change and its JSON answer commit together. A crash before
 * the commit leaves neither, so a retry runs the change; after it, the retry replays the answer. (A
 * key claimed before the handler and answered after it — the default — leaves a window: a process
 * killed between the change's commit and the answer's left the key in progress, and the retry that
 * took it over two minutes later ran the change again — a second withdrawal.) `change` may open its
 * own transactions: they nest in this one.
 */
export function changeOnce(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  change: (tx: Db) => Promise<unknown>,
): Promise<FastifyReply> {
  return answerOnce(db, req, reply, (claim) =>
    inTransaction(db, async (tx) => {
      if (claim && (await tx.execute(claimInsert(claim))).rows.length === 0) throw new KeyAlreadyClaimed();
      const body = JSON.stringify(await change(tx));
      if (claim) await tx.execute(answerUpdate(claim, status, body));
      return { status, body };
    }),
  );
}

const requestDeadline = () => Date.now() + WAIT_MS;

/**
 * A key another request claimed: its stored answer replayed (a different body under the key → 409),
 * after waiting while it is in progress; a claim abandoned by a dead process is taken over, an
 * expired key deleted — then the key is 'free' to claim again.
 */
async function awaitStoredAnswer(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  claim: Claim & { hash: string },
  deadline: number,
): Promise<FastifyReply | 'free' | 'taken_over'> {
  const { scope, key, hash } = claim;
  for (;;) {
    const [row] = await db
      .select()
      .from(idempotencyKey)
      .where(and(eq(idempotencyKey.scope, scope), eq(idempotencyKey.key, key)));
    if (!row) return 'free'; // released by a failed first attempt: try to claim again
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
      return 'free';
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
    if (takenOver.length > 0) return 'taken_over';
    if (Date.now() > deadline) throw new AppError('IDEMPOTENCY.IN_PROGRESS');
    await new Promise((r) => setTimeout(r, POLL_MS));
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
  app.decorateRequest('txIdempotency', null);

  app.addHook('preHandler', async (req, reply) => {
    const header = req.headers[KEY_HEADER];
    if (req.method !== 'POST' || header === undefined) return;
    if (req.routeOptions.config.idempotency === 'none') return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 200) throw new AppError('IDEMPOTENCY.BAD_KEY');
    const scope = scopeOf(req);
    if (!scope) return;
    const hash = requestHash(req);
    const path = req.url.split('?')[0]!;
    if (req.routeOptions.config.idempotency === 'in-transaction') {
      // The route claims the key in its own transaction (see answerOnce): nothing to do here.
      req.txIdempotency = { scope, key, hash, method: req.method, path, stored: false };
      return;
    }
    const deadline = requestDeadline();
    for (;;) {
      const inserted = await db
        .insert(idempotencyKey)
        .values({ scope, key, method: req.method, path, requestHash: hash, state: 'in_progress' })
        .onConflictDoNothing()
        .returning({ key: idempotencyKey.key });
      if (inserted.length > 0) {
        req.idempotency = { scope, key };
        return;
      }
      const found = await awaitStoredAnswer(db, req, reply, { scope, key, hash }, deadline);
      if (found === 'taken_over') {
        req.idempotency = { scope, key };
        return;
      }
      if (found !== 'free') return found;
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const tx = req.txIdempotency;
    if (
      tx &&
      !tx.stored &&
      reply.statusCode >= 400 &&
      reply.statusCode < 500 &&
      typeof payload === 'string'
    ) {
      // The route's transaction rolled back with a refusal: the refusal is the key's final answer too.
      req.txIdempotency = null;
      await db
        .insert(idempotencyKey)
        .values({
          scope: tx.scope,
          key: tx.key,
          method: tx.method,
          path: tx.path,
          requestHash: tx.hash,
          state: 'done',
          responseStatus: reply.statusCode,
          responseBody: payload,
          responseType: String(reply.getHeader('content-type') ?? ''),
        })
        .onConflictDoNothing();
      return payload;
    }
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
