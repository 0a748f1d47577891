import { z } from 'zod';
import { REFUND_TYPES } from '../../core/policy/index.ts';
import { CASE_STATES } from '../../core/refunds/case-machine.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { OrderNo } from '../orders/http-schemas.ts';
import { getRefund, listRefunds } from './get-refund.ts';
import { byNo, CaseDetail, CaseSummary } from './http-schemas.ts';
import { submitRefund } from './submit-refund.ts';
import { withdrawRefund } from './withdraw-refund.ts';

const tags = ['refunds'];

export function registerRefundRoutes(app: App, ctx: Context): void {
  const { db } = ctx;

  app.post(
    '/api/refunds',
    {
      schema: {
        tags,
        summary: 'Apply for a refund on one of your orders; returns the refund number (退款编号) at once',
        body: z.object({
          orderNo: OrderNo,
          type: z.enum(REFUND_TYPES),
          description: z.string().trim().min(1).max(2000),
          requestedFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
        }),
        response: { 201: CaseDetail.extend({ missing: z.array(z.string()) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const buyer = requireActor(req, 'buyer');
      const { refundNo, missing } = await submitRefund({
        db,
        buyer,
        ...req.body,
        ip: req.ip,
        now: ctx.now(),
      });
      return reply.status(201).send({ ...(await getRefund(db, buyer, refundNo)), missing });
    },
  );

  app.get(
    '/api/refunds',
    {
      schema: {
        tags,
        summary: 'Refund cases the caller may see, newest first',
        querystring: z.object({
          // One state or several, comma-separated (e.g. the buyer's 处理中 tab).
          status: z
            .string()
            .max(200)
            .transform((v) => v.split(','))
            .pipe(z.array(z.enum(CASE_STATES)).min(1))
            .optional(),
          cursor: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => listRefunds(db, requireActor(req), req.query),
  );

  app.get(
    '/api/refunds/:refundNo',
    {
      schema: {
        tags,
        summary: 'One refund case with its timeline and the actions open to the caller',
        params: byNo,
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => getRefund(db, requireActor(req), req.params.refundNo),
  );

  app.post(
    '/api/refunds/:refundNo/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw your refund request before it is approved',
        params: byNo,
        body: z.object({ reason: z.string().trim().max(500).optional() }).default({}),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      const buyer = requireActor(req, 'buyer');
      await withdrawRefund({
        db,
        buyer,
        refundNo: req.params.refundNo,
        reason: req.body.reason,
        ip: req.ip,
        now: ctx.now(),
      });
      return getRefund(db, buyer, req.params.refundNo);
    },
  );
}
