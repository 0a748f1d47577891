import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PRODUCT_KINDS, REFUND_TYPES } from '../../core/policy/index.ts';
import { CASE_STATES } from '../../core/refunds/case-machine.ts';
import { REJECT_REASON_CODES, REJECT_REASONS } from '../../core/refunds/reject-reasons.ts';
import { sendCsv } from '../../platform/http/csv-reply.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { retryPayout } from '../payouts/resume-payout.ts';
import { caseContextFrom, presentCase } from './case-view.ts';
import { claimRefund } from './claim-refund.ts';
import { approveRefund, rejectRefund, requestInfo } from './decide-refund.ts';
import { reviewQueueCsv } from './export-cases.ts';
import { getRefund, getReviewCase } from './get-refund.ts';
import { byNo, CaseDetail, csvDay, ListFormat, QueueItem, ReviewCase, SearchText } from './http-schemas.ts';
import { listReviewQueue } from './list-review-queue.ts';
import { escalateRefund, logContact, waiveFee } from './staff-actions.ts';

const tags = ['review'];
const Version = { expectedVersion: z.number().int().positive() };
const STAFF = ['agent', 'supervisor', 'admin'] as const;

export function registerReviewRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  const after = (req: FastifyRequest, refundNo: string) =>
    getRefund(db, requireActor(req), refundNo, ctx.now());
  /** What every case action needs from the request besides its body. */
  const on = (req: { params: { refundNo: string }; ip: string }) => ({
    db,
    refundNo: req.params.refundNo,
    ip: req.ip,
    now: ctx.now(),
  });

  app.get(
    '/api/review/queue',
    {
      schema: {
        tags,
        summary:
          'Open cases for review: urged and escalated first, then by SLA deadline; q searches refund no., order no. or buyer; format=csv exports them',
        querystring: z.object({
          type: z.enum(REFUND_TYPES).optional(),
          productKind: z.enum(PRODUCT_KINDS).optional(),
          merchantId: z.coerce.number().int().positive().optional(),
          state: z.enum(CASE_STATES).optional(),
          overdue: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          mine: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          q: SearchText,
          format: ListFormat,
          limit: z.coerce.number().int().min(1).max(100).default(50),
        }),
        response: { 200: z.object({ items: z.array(QueueItem) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const staff = requireActor(req, ...STAFF);
      const now = ctx.now();
      if (req.query.format === 'csv') {
        const { limit: _, ...filter } = req.query;
        const name = `${req.query.mine ? '我的处理' : '审核队列'}-${csvDay(now)}.csv`;
        return sendCsv(reply, name, reviewQueueCsv(db, staff, filter, now));
      }
      return { items: await listReviewQueue(db, staff, req.query, now) };
    },
  );

  app.get(
    '/api/review/reject-reasons',
    {
      schema: {
        tags,
        summary: 'Reason codes for rejections, with the text the buyer sees',
        response: {
          200: z.object({ items: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, ...STAFF);
      return { items: REJECT_REASON_CODES.map((code) => ({ code, ...REJECT_REASONS[code] })) };
    },
  );

  app.post(
    '/api/review/:refundNo/claim',
    {
      schema: {
        tags,
        summary: 'Take the case (one agent at a time; the claim lapses after 30 minutes)',
        params: byNo,
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      const agent = requireActor(req, ...STAFF);
      // The claim's own statement returns the case and its page's context: no second read to answer.
      const { c, context } = await claimRefund({ ...on(req), agent });
      return presentCase(agent, c, await caseContextFrom(db, c, context), ctx.now());
    },
  );

  app.post(
    '/api/review/:refundNo/request-info',
    {
      schema: {
        tags,
        summary: 'Ask the buyer for more information',
        params: byNo,
        body: z.object({ reason: z.string().trim().min(2).max(1000), ...Version }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await requestInfo({
        ...on(req),
        jobs: ctx.jobs,
        infoDays: ctx.config.refunds.infoRequestDays,
        reviewer: requireActor(req, ...STAFF),
        ...req.body,
      });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/review/:refundNo/approve',
    {
      schema: {
        tags,
        summary: 'Approve in full or in part (≤ what the policy allows); hands over to payout',
        params: byNo,
        body: z.object({
          amountFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          /**
           * The amount the reviewer saw quoted on today's facts (`currentQuote` in the review view).
           * A different figure on the server means the order changed meanwhile: 409 REFUND.QUOTE_CHANGED.
           */
          quotedFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          note: z.string().trim().max(1000).optional(),
          ...Version,
        }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      const reviewer = requireActor(req, ...STAFF);
      // The approval returns the case and its page's context: no second read to answer.
      const approved = await approveRefund({ ...on(req), jobs: ctx.jobs, reviewer, ...req.body });
      return presentCase(
        reviewer,
        approved.c,
        await caseContextFrom(db, approved.c, approved.context),
        ctx.now(),
      );
    },
  );

  app.post(
    '/api/review/:refundNo/reject',
    {
      schema: {
        tags,
        summary: 'Reject with a reason code and free text (the buyer sees both)',
        params: byNo,
        body: z.object({
          reasonCode: z.enum(REJECT_REASON_CODES),
          text: z.string().trim().min(2).max(1000),
          ...Version,
        }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await rejectRefund({ ...on(req), reviewer: requireActor(req, ...STAFF), ...req.body });
      return after(req, req.params.refundNo);
    },
  );

  app.get(
    '/api/review/:refundNo',
    {
      schema: {
        tags,
        summary:
          "The reviewer's case view: order with delivery and extraction records, evidence, earlier cases",
        params: byNo,
        response: { 200: ReviewCase, ...errorResponses },
      },
    },
    async (req) => getReviewCase(db, requireActor(req, ...STAFF), req.params.refundNo, ctx.now()),
  );

  app.post(
    '/api/review/:refundNo/escalate',
    {
      schema: {
        tags,
        summary: 'Escalate (升级) to the supervisors',
        params: byNo,
        body: z.object({ reason: z.string().trim().min(2).max(1000), ...Version }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await escalateRefund({ ...on(req), staff: requireActor(req, ...STAFF), ...req.body });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/review/:refundNo/retry-payout',
    {
      schema: {
        tags,
        summary: 'Try a failed refund (退款失败) again through its channel (supervisors), with a new attempt',
        params: byNo,
        body: z.object({ note: z.string().trim().min(2).max(1000), ...Version }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await retryPayout({
        ...on(req),
        jobs: ctx.jobs,
        staff: requireActor(req, 'supervisor', 'admin'),
        ...req.body,
      });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/review/:refundNo/waive-fee',
    {
      schema: {
        tags,
        summary: 'Waive the fee (supervisors): the refundable amount grows by it',
        params: byNo,
        body: z.object({ note: z.string().trim().min(2).max(1000), ...Version }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await waiveFee({ ...on(req), staff: requireActor(req, 'supervisor', 'admin'), ...req.body });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/review/:refundNo/contact',
    {
      schema: {
        tags,
        summary: 'Log a contact with the buyer (e.g. a phone call) in the timeline',
        params: byNo,
        body: z.object({ channel: z.enum(['phone', 'other']), note: z.string().trim().min(2).max(1000) }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await logContact({ ...on(req), staff: requireActor(req, ...STAFF), ...req.body });
      return after(req, req.params.refundNo);
    },
  );
}
