import { z } from 'zod';
import { sendCsv } from '../../platform/http/csv-reply.ts';
import { errorResponses, IsoTime } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { csvDay, ListFormat } from '../refunds/http-schemas.ts';
import { auditCsv } from './export-audit.ts';
import { listAudit, listAuditActions } from './list-audit.ts';

const tags = ['admin'];
const when = IsoTime;
/** Names in the log are short codes (`refund.approve`, `refund`, `R26120600001234`). */
const Code = z.string().trim().max(64).optional();

const AuditItem = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorUsername: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

/** The audit log (审计日志) for admins: who did what to which object, when and from where. */
export function registerAuditRoutes(app: App, ctx: Context): void {
  const { db } = ctx;

  app.get(
    '/api/admin/audit',
    {
      schema: {
        tags,
        summary:
          'The audit log, newest first: filter by actor (id or username), action (or a family such as "refund."), target type/id and time; format=csv exports it',
        querystring: z.object({
          actor: Code,
          action: Code,
          targetType: Code,
          targetId: Code,
          from: when.optional(),
          to: when.optional(),
          format: ListFormat,
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ items: z.array(AuditItem), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      requireActor(req, 'admin');
      if (req.query.format === 'csv') {
        const { cursor: _c, limit: _l, format: _f, ...filter } = req.query;
        return sendCsv(reply, `审计日志-${csvDay(ctx.now())}.csv`, auditCsv(db, filter));
      }
      return listAudit(db, req.query);
    },
  );

  app.get(
    '/api/admin/audit/actions',
    {
      schema: {
        tags,
        summary: 'The actions recorded in the audit log (the choices of its filter)',
        response: { 200: z.object({ items: z.array(z.string()) }), ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return { items: await listAuditActions(db) };
    },
  );
}
