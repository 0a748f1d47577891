import { z } from 'zod';
import { writeAudit } from '../../platform/audit.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { getRun, listRuns } from './read-runs.ts';
import { reconcileDay } from './reconcile-day.ts';
import { RECON_MISMATCH_KINDS, RECON_RUN_STATUSES, RECON_TRIGGERS } from './schema.ts';

const tags = ['reconciliation'];
/** The shape only; whether it is a real, non-future date is the use-case's check (RECON.*). */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Run = z.object({
  id: z.number().int(),
  day: z.string(),
  /** The run's number within its day: 1 for the day's first run. */
  seq: z.number().int(),
  status: z.enum(RECON_RUN_STATUSES),
  triggeredBy: z.enum(RECON_TRIGGERS),
  checked: z.number().int(),
  mismatched: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const RunWithMismatches = Run.extend({
  mismatches: z.array(
    z.object({
      id: z.number().int(),
      outRefundNo: z.string(),
      channel: z.enum(['alipay', 'wechatpay', 'balance']),
      kind: z.enum(RECON_MISMATCH_KINDS),
      oursStatus: z.string().nullable(),
      theirsStatus: z.string().nullable(),
      oursFen: z.number().int().nullable(),
      theirsFen: z.number().int().nullable(),
      detail: z.string(),
      createdAt: z.string(),
    }),
  ),
});
const RunId = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** 对账, for admins: the runs, one run's mismatches, and a run of a chosen day now. */
export function registerReconciliationRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  app.get(
    '/api/admin/reconciliation/runs',
    {
      schema: {
        tags,
        summary: 'Reconciliation runs, latest first',
        querystring: z.object({
          day: Day.optional(),
          cursor: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({ items: z.array(Run), nextCursor: z.number().int().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return listRuns(db, req.query);
    },
  );
  app.get(
    '/api/admin/reconciliation/runs/:id',
    {
      schema: {
        tags,
        summary: 'One run with its mismatches (the first 1000)',
        params: RunId,
        response: { 200: RunWithMismatches, ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return getRun(db, req.params.id);
    },
  );
  app.post(
    '/api/admin/reconciliation/runs',
    {
      schema: {
        tags,
        summary: "Reconciles a day's payouts (Beijing time) against the channels and the ledger, now",
        body: z.object({ day: Day }),
        response: { 201: RunWithMismatches, ...errorResponses },
      },
    },
    async (req, reply) => {
      const admin = requireActor(req, 'admin');
      const run = await reconcileDay({
        db,
        gateways: ctx.gateways,
        day: req.body.day,
        triggeredBy: 'admin',
        now: ctx.now,
      });
      await writeAudit(db, {
        actorId: admin.userId,
        actorRole: admin.role,
        ip: req.ip,
        action: 'reconciliation.run',
        subject: `recon_run:${run.id}`,
        data: { day: run.day, status: run.status, mismatched: run.mismatched },
      });
      return reply.status(201).send(await getRun(db, run.id));
    },
  );
}
