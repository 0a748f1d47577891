import { z } from 'zod';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { byNo } from '../refunds/http-schemas.ts';
import { readCredit } from './credit-view.ts';
import { decideExpressObjection, listExpressObjections, objectExpress } from './express-objection.ts';
import { CreditBody } from './http-schemas.ts';
import { auditExpress, expressFigures, listAudits } from './post-audit.ts';
import { registerRecoveryRoutes } from './recovery-routes.ts';

const Ok = z.object({ ok: z.literal(true) });
const Reason = z.string().trim().min(2).max(1000);
/** Who audits express cases and decides objections: supervisors (and admins for the audit). */
const AUDITORS = ['supervisor', 'admin'] as const;

/** 信用分 and 极速退款: the buyer's score, objections, the post-audit queue and the admin's figures. */
export function registerCreditRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  const tags = ['credit'];
  registerRecoveryRoutes(app, ctx);
  app.get(
    '/api/me/credit',
    {
      schema: {
        tags,
        summary: 'Your credit score (信用分): level, every factor with its points, and what would raise it',
        response: { 200: CreditBody, ...errorResponses },
      },
    },
    async (req) => readCredit(db, requireActor(req, 'buyer').userId, ctx.now()),
  );

  app.post(
    '/api/merchant/refunds/:refundNo/express-objection',
    {
      schema: {
        tags,
        summary: 'Object to an express refund with proof, within the objection window; a supervisor decides',
        params: byNo,
        body: z.object({ proof: Reason }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await objectExpress({
        db,
        merchant: requireActor(req, 'merchant'),
        refundNo: req.params.refundNo,
        proof: req.body.proof,
        ip: req.ip,
        now: ctx.now(),
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/review/express-objections',
    {
      schema: {
        tags,
        summary: 'Merchants’ open objections to express refunds, oldest first (supervisors)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                refundNo: z.string(),
                orderNo: z.string(),
                merchantId: z.number().int(),
                buyerId: z.number().int(),
                amountFen: z.number().int(),
                proof: z.string().nullable(),
                objectedAt: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'supervisor');
      return { items: await listExpressObjections(db) };
    },
  );

  app.post(
    '/api/review/express-objections/:refundNo',
    {
      schema: {
        tags,
        summary:
          'Decide an objection: upheld (the guarantee fund pays the merchant, the buyer loses express) or dismissed',
        params: byNo,
        body: z.object({ upheld: z.boolean(), reason: Reason }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await decideExpressObjection({
        db,
        supervisor: requireActor(req, 'supervisor'),
        refundNo: req.params.refundNo,
        ...req.body,
        ip: req.ip,
        now: ctx.now(),
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/review/audits',
    {
      schema: {
        tags,
        summary: 'Post-audit queue (事后抽检): sampled express cases waiting for a finding, oldest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                refundNo: z.string(),
                orderNo: z.string(),
                productName: z.string(),
                buyerId: z.number().int(),
                amountFen: z.number().int(),
                score: z.number().int(),
                sampledFor: z.enum(['amount', 'sample']),
                state: z.string(),
                createdAt: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, ...AUDITORS);
      return { items: await listAudits(db, req.query.limit) };
    },
  );

  app.post(
    '/api/review/audits/:refundNo',
    {
      schema: {
        tags,
        summary: 'Record the post-audit finding (fine or abusive, with a reason); it feeds the buyer’s score',
        params: byNo,
        body: z.object({ verdict: z.enum(['fine', 'abusive']), reason: Reason }),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await auditExpress({
        db,
        auditor: requireActor(req, ...AUDITORS),
        refundNo: req.params.refundNo,
        ...req.body,
        ip: req.ip,
        now: ctx.now(),
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/express',
    {
      schema: {
        tags,
        summary: 'Express figures: volume, amount, audit findings, objections and the loss rate',
        querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
        response: {
          200: z.object({
            days: z.number().int(),
            cases: z.number().int(),
            amountFen: z.number().int(),
            sampled: z.number().int(),
            audited: z.number().int(),
            abusive: z.number().int(),
            objections: z.number().int(),
            upheld: z.number().int(),
            lossFen: z.number().int(),
            lossRateBp: z.number().int(),
            recoveredFen: z.number().int(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return expressFigures(db, req.query.days, ctx.now());
    },
  );
}
