import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REFUND_TYPES } from '../../core/policy/index.ts';
import { CASE_STATES } from '../../core/refunds/case-machine.ts';
import { sendCsv } from '../../platform/http/csv-reply.ts';
import { answerOnce, sendJsonText } from '../../platform/http/idempotency.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { itemKeyIds, OrderNo, RefundItems } from '../orders/http-schemas.ts';
import { refundToBalance } from '../payouts/resume-payout.ts';
import { deviceOf } from '../risk/device.ts';
import { appealRefund, disputeFee, reopenRefund, urgeRefund } from './buyer-actions.ts';
import { supplementRefund } from './decide-refund.ts';
import { caseListCsv } from './export-cases.ts';
import { getRefund, listRefunds } from './get-refund.ts';
import {
  byNo,
  CaseDetail,
  CaseSummary,
  csvDay,
  EvidenceIds,
  ListFormat,
  SearchText,
} from './http-schemas.ts';
import { requestEscalation } from './request-escalation.ts';
import { resubmitRefund } from './resubmit-refund.ts';
import { submitRefund } from './submit-refund.ts';
import { withdrawRefund } from './withdraw-refund.ts';

const tags = ['refunds'];

export function registerRefundRoutes(app: App, ctx: Context): void {
  const { db, jobs } = ctx;
  const merchantHours = ctx.config.refunds.merchantResponseHours;
  /** What every buyer action needs from the request besides its body. */
  const on = (req: FastifyRequest & { params: { refundNo: string } }) => ({
    db,
    jobs,
    buyer: requireActor(req, 'buyer'),
    refundNo: req.params.refundNo,
    ip: req.ip,
    now: ctx.now(),
  });
  const after = (req: FastifyRequest, refundNo: string) =>
    getRefund(db, requireActor(req), refundNo, ctx.now());

  app.post(
    '/api/refunds',
    {
      // The Idempotency-Key is claimed, and the answer stored, in the submission's own transaction.
      config: { idempotency: 'in-transaction' },
      schema: {
        tags,
        summary: 'Apply for a refund on one of your orders; returns the refund number (退款编号) at once',
        body: z.object({
          orderNo: OrderNo,
          type: z.enum(REFUND_TYPES),
          description: z.string().trim().min(1).max(2000),
          requestedFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          items: RefundItems,
          evidenceIds: EvidenceIds,
        }),
        response: { 201: CaseDetail.extend({ missing: z.array(z.string()) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const buyer = requireActor(req, 'buyer');
      const { items, ...body } = req.body;
      return answerOnce(db, req, reply, async (claim) => {
        const submitted = await submitRefund({
          db,
          jobs,
          buyer,
          ...body,
          cardKeyIds: itemKeyIds(items),
          merchantHours,
          claim,
          device: deviceOf(req),
          risk: ctx.config.risk.enabled,
          ip: req.ip,
          now: ctx.now(),
        });
        return { status: 201, body: submitted.body };
      });
    },
  );

  app.get(
    '/api/refunds',
    {
      schema: {
        tags,
        summary:
          'Refund cases the caller may see, newest first; q searches refund no., order no. (or product name); format=csv exports them',
        querystring: z.object({
          // One state or several, comma-separated (e.g. the buyer's 处理中 tab).
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
        }),
        response: {
          200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (req.query.format === 'csv')
        return sendCsv(reply, `退款单-${csvDay(ctx.now())}.csv`, caseListCsv(db, actor, req.query));
      return listRefunds(db, actor, req.query);
    },
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
    async (req) => after(req, req.params.refundNo),
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
      await withdrawRefund({ ...on(req), reason: req.body.reason });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/refunds/:refundNo/supplement',
    {
      schema: {
        tags,
        summary: 'Answer an information request (text and perhaps evidence); the review clock runs again',
        params: byNo,
        body: z.object({ text: z.string().trim().min(2).max(2000), evidenceIds: EvidenceIds }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await supplementRefund({ ...on(req), ...req.body });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/refunds/:refundNo/refund-to-balance',
    {
      schema: {
        tags,
        summary: 'Agree to take a refund the channel could not pay back (退款失败) to the balance instead',
        params: byNo,
        body: z.object({ expectedVersion: z.number().int().positive().optional() }).optional(),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await refundToBalance({ ...on(req), expectedVersion: req.body?.expectedVersion });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/refunds/:refundNo/urge',
    {
      schema: {
        tags,
        summary: 'Urge (催办) a late case: after its review deadline, once per business day',
        params: byNo,
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await urgeRefund(on(req));
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/refunds/:refundNo/escalate',
    {
      schema: {
        tags,
        summary:
          'Ask for a supervisor (要求升级) with a reason: after urging at least once, once per case, while the platform is to act',
        params: byNo,
        body: z.object({ reason: z.string().trim().min(2).max(500) }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await requestEscalation({ ...on(req), reason: req.body.reason });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/refunds/:refundNo/appeal',
    {
      schema: {
        tags,
        summary: 'Appeal (申诉) a rejection: a supervisor other than the rejecting reviewer decides',
        params: byNo,
        body: z.object({ text: z.string().trim().min(5).max(2000), evidenceIds: EvidenceIds }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await appealRefund({ ...on(req), ...req.body });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/refunds/:refundNo/resubmit',
    {
      schema: {
        tags,
        summary: 'Resubmit a rejected request, changed: a new case linked to this one (limited times)',
        params: byNo,
        body: z.object({
          type: z.enum(REFUND_TYPES),
          description: z.string().trim().min(1).max(2000),
          requestedFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          items: RefundItems,
          evidenceIds: EvidenceIds,
        }),
        response: { 201: CaseDetail.extend({ missing: z.array(z.string()) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { items, ...body } = req.body;
      const resubmitted = await resubmitRefund({
        ...on(req),
        ...body,
        cardKeyIds: itemKeyIds(items),
        merchantHours,
      });
      return sendJsonText(reply, 201, resubmitted.body);
    },
  );

  app.post(
    '/api/refunds/:refundNo/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a case closed for an unanswered information request (once), with the answer',
        params: byNo,
        body: z.object({ text: z.string().trim().min(2).max(2000), evidenceIds: EvidenceIds }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await reopenRefund({ ...on(req), ...req.body });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/refunds/:refundNo/dispute-fee',
    {
      schema: {
        tags,
        summary:
          'Dispute the fee (手续费争议): before the decision a supervisor may waive it; after the refund a fee-dispute case is opened (see feeDisputeRefundNo)',
        params: byNo,
        body: z.object({ text: z.string().trim().min(2).max(1000) }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await disputeFee({ ...on(req), text: req.body.text, merchantHours });
      return after(req, req.params.refundNo);
    },
  );
}
