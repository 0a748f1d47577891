import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/pool.ts';
import { ErrorBody, errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { ensureDevice, recordSignIn } from '../risk/device.ts';
import { CSRF_COOKIE, requireActor, SESSION_COOKIE } from './actor.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { DEMO_USERS } from './demo-users.ts';
import { loginUser } from './login-user.ts';
import { logoutUser } from './logout-user.ts';
import { ROLES } from './schema.ts';

const User = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  merchantId: z.number().int().nullable(),
});
const ApiKey = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

function setSessionCookies(
  req: FastifyRequest,
  reply: FastifyReply,
  session: string,
  csrf: string,
  expires: Date,
) {
  // Secure whenever the client reached us over TLS (directly or, with KAMENG_TRUST_PROXY, via a proxy).
  const base = { path: '/', sameSite: 'lax' as const, secure: req.protocol === 'https', expires };
  reply.setCookie(SESSION_COOKIE, session, { ...base, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}

export function registerAuthRoutes(app: App, deps: { db: Db; config: Config }): void {
  const { db, config } = deps;
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: config.login.ratePerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password; sets the session and CSRF cookies',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: User }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const result = await loginUser({
        db,
        username: req.body.username,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        policy: { ...config.login, sessionDays: config.sessionDays },
      });
      setSessionCookies(req, reply, result.sessionToken, result.csrfToken, result.expiresAt);
      // Risk control links buyer accounts signing in from one browser or network.
      await recordSignIn(db, result.user, { device: ensureDevice(req, reply), ip: req.ip }, new Date());
      return { user: result.user };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await logoutUser({ db, actor: requireActor(req), ip: req.ip });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/demo-users',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Demo mode only (KAMENG_DEMO_SEED=true): the demo users with their roles and password, for the login page; elsewhere an empty list',
        response: {
          200: z.object({
            demo: z.boolean(),
            password: z.string().nullable(),
            users: z.array(z.object({ username: z.string(), displayName: z.string(), role: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    // A production install (no demo seed) says nothing about who might exist.
    async () =>
      config.demoSeed
        ? { demo: true, password: config.demoPassword, users: DEMO_USERS }
        : { demo: false, password: null, users: [] },
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: z.object({ user: User }), ...errorResponses },
      },
    },
    async (req) => {
      const a = requireActor(req);
      return {
        user: {
          id: a.userId,
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          merchantId: a.merchantId,
        },
      };
    },
  );

  app.get(
    '/api/api-keys',
    {
      schema: {
        tags: ['auth'],
        summary: "The caller's integration API keys",
        response: { 200: z.object({ items: z.array(ApiKey) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listApiKeys({ db, actor: requireActor(req, 'merchant', 'admin') }) }),
  );

  app.post(
    '/api/api-keys',
    {
      // Shown once: a replay (same Idempotency-Key) answers 410 with the key's id and prefix, never the key.
      config: { secretAnswer: { fields: ['key'] } },
      schema: {
        tags: ['auth'],
        summary: 'Create an integration API key (the key is shown once)',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: ApiKey.extend({ key: z.string() }), 410: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const created = await createApiKey({
        db,
        actor: requireActor(req, 'merchant', 'admin'),
        name: req.body.name,
        ip: req.ip,
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/api-keys/:id/revoke',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API key',
        params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: ApiKey, ...errorResponses },
      },
    },
    async (req) =>
      revokeApiKey({ db, actor: requireActor(req, 'merchant', 'admin'), id: req.params.id, ip: req.ip }),
  );
}
