import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { z } from 'zod';
import { pendingMigrations } from '../../platform/db/migrate.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { App } from '../../platform/http/server.ts';
import { lastHeartbeat } from './heartbeat.ts';

export function registerSystemRoutes(app: App, deps: { db: Db; pool: pg.Pool }): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  const Ready = z.object({
    status: z.enum(['ready', 'not_ready']),
    database: z.boolean(),
    pendingMigrations: z.array(z.string()),
    heartbeat: z.object({ lastRunAt: z.string(), runs: z.number() }).nullable(),
  });
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: database reachable and migrations current',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_req, reply) => {
      try {
        await deps.db.execute(sql`SELECT 1`);
        const pending = await pendingMigrations(deps.pool);
        const body = {
          status: pending.length === 0 ? ('ready' as const) : ('not_ready' as const),
          database: true,
          pendingMigrations: pending,
          heartbeat: await lastHeartbeat(deps.db),
        };
        return reply.status(pending.length === 0 ? 200 : 503).send(body);
      } catch {
        return reply
          .status(503)
          .send({ status: 'not_ready' as const, database: false, pendingMigrations: [], heartbeat: null });
      }
    },
  );
}
