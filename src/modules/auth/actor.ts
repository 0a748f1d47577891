import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../../core/access.ts';
import { compiledSelect, type Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http/server.ts';
import { apiKey, appUser, userSession } from './schema.ts';

export const SESSION_COOKIE = 'kameng_session';
export const CSRF_COOKIE = 'kameng_csrf';

/** Who is asking: resolved once per request from the session cookie or an API key. */
export type Actor = Viewer & {
  username: string;
  displayName: string;
  via: 'session' | 'api_key';
  sessionHash?: string;
  csrfToken?: string;
  apiKeyId?: number;
};

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const userColumns = {
  userId: appUser.id,
  role: appUser.role,
  merchantId: appUser.merchantId,
  username: appUser.username,
  displayName: appUser.displayName,
};

// Every signed-in request runs this: built once, a named statement planned once per connection.
const sessionActor = compiledSelect('session_actor', (db) =>
  db
    .select({ ...userColumns, csrfToken: userSession.csrfToken })
    .from(userSession)
    .innerJoin(appUser, eq(appUser.id, userSession.userId))
    .where(
      and(eq(userSession.tokenHash, sql.placeholder('tokenHash')), gt(userSession.expiresAt, sql`now()`)),
    ),
);

async function fromSession(db: Db, token: string): Promise<Actor | null> {
  const tokenHash = sha256(token);
  const [row] = await sessionActor(db, { tokenHash });
  return row ? { ...row, via: 'session', sessionHash: tokenHash } : null;
}

async function fromApiKey(db: Db, key: string): Promise<Actor | null> {
  const [row] = await db
    .select({ ...userColumns, apiKeyId: apiKey.id })
    .from(apiKey)
    .innerJoin(appUser, eq(appUser.id, apiKey.userId))
    .where(and(eq(apiKey.keyHash, sha256(key)), isNull(apiKey.revokedAt)));
  if (!row) return null;
  await db.update(apiKey).set({ lastUsedAt: sql`now()` }).where(eq(apiKey.id, row.apiKeyId));
  return { ...row, via: 'api_key' };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves `req.actor` for every request. A bearer key that does not match is an error (an
 * integration must learn its key is wrong); a stale cookie is simply no session. Cookie-authenticated
 * writes must echo the session's CSRF token in `x-csrf-token` (double submit); API keys are exempt.
 */
export function installAuth(app: App, db: Db): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.actor = await fromApiKey(db, auth.slice(7).trim());
      if (!req.actor) throw new AppError('AUTH.UNAUTHENTICATED');
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    req.actor = await fromSession(db, token);
    if (req.actor && !SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !sameToken(header, req.actor.csrfToken ?? '')) {
        throw new AppError('AUTH.CSRF');
      }
    }
  });
}

/** The caller, who must be signed in and (if roles are given) hold one of them. */
export function requireActor(req: FastifyRequest, ...roles: Actor['role'][]): Actor {
  const actor = req.actor;
  if (!actor) throw new AppError('AUTH.UNAUTHENTICATED');
  if (roles.length > 0 && !roles.includes(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  return actor;
}
