import { z } from 'zod';
import { REFUND_TYPES, renderPolicyText } from '../../core/policy/index.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { itemKeyIds, OrderNo, RefundItems } from '../orders/http-schemas.ts';
import { calendarWarnings, getCalendar, publishCalendar } from './admin-calendar.ts';
import { getDraft, listVersions, publishDraft, rollbackPolicy, saveDraft } from './admin-policy.ts';
import { currentPolicy } from './current-policy.ts';
import {
  PolicyTextSchema,
  QuoteResponse,
  quoteBody,
  SimulationResponse,
  VersionInfo,
} from './http-schemas.ts';
import { quoteRefund } from './quote-refund.ts';
import { simulatePolicy } from './simulate-policy.ts';

const tags = ['policy'];

export function registerPolicyRoutes(app: App, ctx: Context): void {
  const { db } = ctx;

  app.get(
    '/api/policy',
    {
      schema: {
        tags,
        summary: 'The refund policy in force: as data, and as help-centre text in zh and en (public)',
        response: {
          200: z.object({
            version: z.number().int(),
            publishedAt: z.string(),
            document: z.unknown(),
            text: z.object({ zh: PolicyTextSchema, en: PolicyTextSchema }),
          }),
        },
      },
    },
    async () => {
      const p = await currentPolicy(db);
      return {
        version: p.version,
        publishedAt: p.publishedAt.toISOString(),
        document: p.document,
        text: { zh: renderPolicyText(p.compiled, 'zh'), en: renderPolicyText(p.compiled, 'en') },
      };
    },
  );

  app.post(
    '/api/refunds/quote',
    {
      schema: {
        tags,
        summary:
          'What the policy allows for a refund on an order: eligibility, amount, fees, evidence, deadline, reasons',
        body: z.object({
          orderNo: OrderNo,
          type: z.enum(REFUND_TYPES),
          requestedFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          items: RefundItems,
        }),
        response: { 200: QuoteResponse, ...errorResponses },
      },
    },
    async (req) => {
      const { items, ...body } = req.body;
      const q = await quoteRefund({
        db,
        actor: requireActor(req),
        ...body,
        cardKeyIds: itemKeyIds(items),
        now: ctx.now(),
      });
      return quoteBody(q);
    },
  );

  app.get(
    '/api/admin/policy',
    {
      schema: {
        tags,
        summary: 'The current policy and the draft being edited',
        response: {
          200: z.object({
            current: z.object({ version: z.number().int(), document: z.unknown() }),
            draft: z.object({
              document: z.unknown(),
              updatedAt: z.string().nullable(),
              basedOn: z.number().int(),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      const current = await currentPolicy(db);
      return { current: { version: current.version, document: current.document }, draft: await getDraft(db) };
    },
  );

  app.put(
    '/api/admin/policy',
    {
      bodyLimit: 512 * 1024,
      schema: {
        tags,
        summary: 'Save the draft (validated; 400 POLICY.INVALID lists issues with paths)',
        body: z.object({ document: z.unknown() }),
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) => {
      await saveDraft({ db, admin: requireActor(req, 'admin'), ip: req.ip, document: req.body.document });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/admin/policy/publish',
    {
      schema: {
        tags,
        summary: 'Publish the draft as the next version (audited)',
        body: z.object({ note: z.string().trim().min(1).max(500) }),
        response: { 200: z.object({ version: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => ({
      version: await publishDraft({ db, admin: requireActor(req, 'admin'), ip: req.ip, note: req.body.note }),
    }),
  );

  app.post(
    '/api/admin/policy/rollback',
    {
      schema: {
        tags,
        summary: "Publish an earlier version's document again as a new version (audited)",
        // Versions are int4 in the database: a larger number is no version, not a 500.
        body: z.object({
          version: z.number().int().positive().max(2_147_483_647),
          note: z.string().trim().min(1).max(500),
          /** The version in force when the admin chose to roll back: a newer one since → 409 POLICY.STALE. */
          currentVersion: z.number().int().positive().max(2_147_483_647).optional(),
        }),
        response: { 200: z.object({ version: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => ({
      version: await rollbackPolicy({
        db,
        admin: requireActor(req, 'admin'),
        ip: req.ip,
        toVersion: req.body.version,
        note: req.body.note,
        currentVersion: req.body.currentVersion,
      }),
    }),
  );

  app.post(
    '/api/admin/policy/simulate',
    {
      bodyLimit: 512 * 1024,
      schema: {
        tags,
        summary:
          'What a draft policy would have decided on the refund requests of the last N days (nothing is written)',
        body: z.object({ document: z.unknown(), days: z.number().int().min(1).max(3650).default(90) }),
        response: { 200: SimulationResponse, ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return simulatePolicy({ db, draft: req.body.document, days: req.body.days, now: ctx.now() });
    },
  );

  app.get(
    '/api/admin/policy/versions',
    {
      schema: {
        tags,
        summary: 'Published versions, newest first',
        response: { 200: z.object({ items: z.array(VersionInfo) }), ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return { items: await listVersions(db) };
    },
  );

  const CalendarBody = z.object({
    years: z.array(z.number().int()).max(100),
    holidays: z.array(z.string().max(10)).max(2000),
    makeupWorkdays: z.array(z.string().max(10)).max(1000),
  });

  app.get(
    '/api/admin/calendar',
    {
      schema: {
        tags,
        summary: 'The business calendar in force (public holidays, 调休 working days, the years entered)',
        response: {
          200: z.object({
            version: z.number().int(),
            calendar: CalendarBody,
            /** Years an admin must enter now (this year; next year from 1 November). */
            missingYears: z.array(z.number().int()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return getCalendar(db, ctx.now());
    },
  );

  app.put(
    '/api/admin/calendar',
    {
      schema: {
        tags,
        summary:
          'Publish the policy with this calendar as the next version (audited); 400 POLICY.INVALID with paths',
        body: CalendarBody.extend({ note: z.string().trim().min(1).max(500) }),
        response: { 200: z.object({ version: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => {
      const { note, ...calendar } = req.body;
      return {
        version: await publishCalendar({ db, admin: requireActor(req, 'admin'), ip: req.ip, calendar, note }),
      };
    },
  );

  app.get(
    '/api/admin/warnings',
    {
      schema: {
        tags,
        summary:
          "What admins must act on now (e.g. next year's public holidays missing), shown on every admin page",
        response: {
          200: z.object({
            items: z.array(
              z.object({
                code: z.string(),
                years: z.array(z.number().int()),
                zh: z.string(),
                en: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return { items: await calendarWarnings(db, ctx.now()) };
    },
  );
}
