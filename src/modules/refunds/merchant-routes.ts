import { z } from 'zod';
import { CASE_STATES } from '../../core/refunds/case-machine.ts';
import { sendCsv } from '../../platform/http/csv-reply.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { caseListCsv } from './export-cases.ts';
import { getMerchantCase, getRefund, listRefunds } from './get-refund.ts';
import {
  byNo,
  CaseDetail,
  CaseSummary,
  csvDay,
  EvidenceIds,
  ListFormat,
  MerchantCase,
  SearchText,
} from './http-schemas.ts';
import { merchantAgree, merchantObject } from './merchant-response.ts';

const tags = ['merchant'];

/** The merchant portal's refund cases: the cases on its orders, and its answer within the window. */
export function registerMerchantRefundRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  const on = (req: { params: { refundNo: string }; ip: string }) => ({
    db,
    refundNo: req.params.refundNo,
    ip: req.ip,
    now: ctx.now(),
  });

  app.get(
    '/api/merchant/refunds',
    {
      schema: {
        tags,
        summary:
          "Refund cases on the merchant's orders, newest first; q searches refund no., order no. or product name; format=csv exports them; awaiting=answer: only those still waiting for the shop's answer, the earliest deadline first",
        querystring: z.object({
          status: z
            .string()
            .max(200)
            .transform((v) => v.split(','))
            .pipe(z.array(z.enum(CASE_STATES)).min(1))
            .optional(),
          q: SearchText,
          format: ListFormat,
          cursor: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          awaiting: z.literal('answer').optional(),
        }),
        response: {
          200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const merchant = requireActor(req, 'merchant');
      if (req.query.format === 'csv')
        return sendCsv(reply, `商家退款单-${csvDay(ctx.now())}.csv`, caseListCsv(db, merchant, req.query));
      const { awaiting, ...query } = req.query;
      return listRefunds(db, merchant, { ...query, ...(awaiting ? { awaitingAnswerAt: ctx.now() } : {}) });
    },
  );

  app.get(
    '/api/merchant/refunds/:refundNo',
    {
      schema: {
        tags,
        summary: "One case on the merchant's shop, with the order and its delivery and extraction records",
        params: byNo,
        response: { 200: MerchantCase, ...errorResponses },
      },
    },
    async (req) => getMerchantCase(db, requireActor(req, 'merchant'), req.params.refundNo, ctx.now()),
  );

  app.post(
    '/api/merchant/refunds/:refundNo/agree',
    {
      schema: {
        tags,
        summary: 'Agree to the refund within the response window; it goes to payout',
        params: byNo,
        body: z.object({ note: z.string().trim().max(1000).optional() }).default({}),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      const merchant = requireActor(req, 'merchant');
      await merchantAgree({ ...on(req), jobs: ctx.jobs, merchant, note: req.body.note });
      return getRefund(db, merchant, req.params.refundNo, ctx.now());
    },
  );

  app.post(
    '/api/merchant/refunds/:refundNo/object',
    {
      schema: {
        tags,
        summary: 'Object with reasons and evidence; an agent decides with the objection in view',
        params: byNo,
        body: z.object({ text: z.string().trim().min(5).max(2000), evidenceIds: EvidenceIds }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      const merchant = requireActor(req, 'merchant');
      await merchantObject({ ...on(req), merchant, ...req.body });
      return getRefund(db, merchant, req.params.refundNo, ctx.now());
    },
  );
}
