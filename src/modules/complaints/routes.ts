import { z } from 'zod';
import { COMPLAINT_KINDS, COMPLAINT_STATES } from '../../core/complaints/complaint-machine.ts';
import { complaintGuide } from '../../core/complaints/guide.ts';
import { errorResponses, IsoTime } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { complainableMerchants } from './complainable-merchants.ts';
import { getComplaint, listComplaints } from './complaint-view.ts';
import { fileComplaint } from './file-complaint.ts';
import {
  byComplaintNo,
  ComplaintDetail,
  ComplaintSummary,
  FileComplaintBody,
  ResolveBody,
} from './http-schemas.ts';
import { answerComplaint, reopenComplaint, urgeComplaint } from './party-actions.ts';
import { resolveComplaint } from './resolve-complaint.ts';
import { acceptComplaint, dismissComplaint, investigateComplaint } from './staff-actions.ts';
import { complaintStats } from './stats.ts';

const tags = ['complaints'];
const Version = z.object({ expectedVersion: z.number().int().positive().optional() });

export function registerComplaintRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  const detail = { 200: ComplaintDetail, ...errorResponses };
  const staff = (req: Parameters<typeof requireActor>[0], complaintNo: string, expectedVersion?: number) => ({
    db,
    staff: requireActor(req, 'supervisor', 'admin'),
    complaintNo,
    expectedVersion,
    ip: req.ip,
    now: ctx.now(),
  });
  const party = (
    req: Parameters<typeof requireActor>[0],
    complaintNo: string,
    ...roles: ('buyer' | 'merchant')[]
  ) => ({
    db,
    actor: requireActor(req, ...roles),
    complaintNo,
    ip: req.ip,
    now: ctx.now(),
  });
  const after = (req: Parameters<typeof requireActor>[0], no: string) =>
    getComplaint(db, requireActor(req), no, ctx.now());

  app.get(
    '/api/help/complaints',
    {
      schema: {
        tags,
        summary:
          'The help-centre page on complaining (如何投诉): inside the platform, then 12315 or a consumer association, and what to bring — generated from the policy',
        response: {
          200: z.object({
            policyVersion: z.number().int().nullable(),
            sections: z.array(
              z.object({
                id: z.string(),
                titleZh: z.string(),
                titleEn: z.string(),
                itemsZh: z.array(z.string()),
                itemsEn: z.array(z.string()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const policy = await currentPolicy(db);
      return complaintGuide(policy.document.complaints, policy.version);
    },
  );

  app.get(
    '/api/admin/complaints/stats',
    {
      schema: {
        tags,
        summary:
          'Complaints by kind, merchant and outcome, and their SLA compliance, for those filed in [from, to)',
        querystring: z.object({
          from: IsoTime.optional(),
          to: IsoTime.optional(),
        }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req, 'admin', 'supervisor');
      const now = ctx.now();
      const to = req.query.to ?? new Date(now.getTime() + 1000);
      const from = req.query.from ?? new Date(to.getTime() - 90 * 86_400_000);
      return complaintStats(db, { from, to }, now);
    },
  );

  app.post(
    '/api/complaints',
    {
      schema: {
        tags,
        summary:
          'File a complaint (投诉) about one of your refund cases (refundNo) or a merchant you bought from (merchantId, kind merchant_general)',
        body: FileComplaintBody,
        response: { 201: ComplaintDetail, ...errorResponses },
      },
    },
    async (req, reply) => {
      const buyer = requireActor(req, 'buyer');
      const { complaintNo } = await fileComplaint({ db, buyer, ...req.body, ip: req.ip, now: ctx.now() });
      return reply.status(201).send(await getComplaint(db, buyer, complaintNo, ctx.now()));
    },
  );

  app.get(
    '/api/complaints',
    {
      schema: {
        tags,
        summary:
          "Complaints the caller may see: a buyer's own, a merchant's about its conduct, all for supervisors and admins (open first, by priority and deadline)",
        querystring: z.object({
          state: z
            .string()
            .max(200)
            .transform((v) => v.split(','))
            .pipe(z.array(z.enum(COMPLAINT_STATES)).min(1))
            .optional(),
          kind: z.enum(COMPLAINT_KINDS).optional(),
          merchantId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          refundNo: z.string().max(32).optional(),
          actionable: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          cursor: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({ items: z.array(ComplaintSummary), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => listComplaints(db, requireActor(req), req.query),
  );

  app.get(
    '/api/complaints/merchants',
    {
      schema: {
        tags,
        summary:
          'The shops the buyer may complain about in general (merchant_general): those they bought from',
        response: {
          200: z.object({ items: z.array(z.object({ merchantId: z.number().int(), name: z.string() })) }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await complainableMerchants(db, requireActor(req, 'buyer')) }),
  );

  app.get(
    '/api/complaints/:complaintNo',
    {
      schema: {
        tags,
        summary:
          'One complaint with its timeline, the merchant’s answer, the outcome and the caller’s actions',
        params: byComplaintNo,
        response: detail,
      },
    },
    async (req) => after(req, req.params.complaintNo),
  );

  app.post(
    '/api/complaints/:complaintNo/accept',
    {
      schema: {
        tags,
        summary: '受理: a supervisor (not one who handled the case) takes the complaint',
        params: byComplaintNo,
        body: Version.default({}),
        response: detail,
      },
    },
    async (req) => {
      await acceptComplaint(staff(req, req.params.complaintNo, req.body.expectedVersion));
      return after(req, req.params.complaintNo);
    },
  );

  app.post(
    '/api/complaints/:complaintNo/investigate',
    {
      schema: {
        tags,
        summary: '调查中: the handler marks the complaint as under investigation',
        params: byComplaintNo,
        body: Version.extend({ note: z.string().trim().max(2000).optional() }).default({}),
        response: detail,
      },
    },
    async (req) => {
      await investigateComplaint({
        ...staff(req, req.params.complaintNo, req.body.expectedVersion),
        note: req.body.note,
      });
      return after(req, req.params.complaintNo);
    },
  );

  app.post(
    '/api/complaints/:complaintNo/resolve',
    {
      schema: {
        tags,
        summary:
          'Resolve with an explanation to the buyer and any of: reopen_case (back to review), refund_fee (from fee income), compensate (from the guarantee fund, compensationFen)',
        params: byComplaintNo,
        body: ResolveBody,
        response: detail,
      },
    },
    async (req) => {
      const { expectedVersion, ...outcome } = req.body;
      await resolveComplaint({
        ...staff(req, req.params.complaintNo, expectedVersion),
        jobs: ctx.jobs,
        ...outcome,
      });
      return after(req, req.params.complaintNo);
    },
  );

  app.post(
    '/api/complaints/:complaintNo/dismiss',
    {
      schema: {
        tags,
        summary: '不予支持: turn the complaint down with the reason the buyer reads',
        params: byComplaintNo,
        body: Version.extend({ reason: z.string().trim().min(5).max(2000) }),
        response: detail,
      },
    },
    async (req) => {
      await dismissComplaint({
        ...staff(req, req.params.complaintNo, req.body.expectedVersion),
        reason: req.body.reason,
      });
      return after(req, req.params.complaintNo);
    },
  );

  app.post(
    '/api/complaints/:complaintNo/answer',
    {
      schema: {
        tags,
        summary: 'The merchant answers a complaint about its conduct (once, while it is open)',
        params: byComplaintNo,
        body: z.object({ text: z.string().trim().min(5).max(2000) }),
        response: detail,
      },
    },
    async (req) => {
      await answerComplaint({ ...party(req, req.params.complaintNo, 'merchant'), text: req.body.text });
      return after(req, req.params.complaintNo);
    },
  );

  app.post(
    '/api/complaints/:complaintNo/urge',
    {
      schema: {
        tags,
        summary: '催办: after the deadline, once per business day; escalates to the admins',
        params: byComplaintNo,
        response: detail,
      },
    },
    async (req) => {
      await urgeComplaint(party(req, req.params.complaintNo, 'buyer'));
      return after(req, req.params.complaintNo);
    },
  );

  app.post(
    '/api/complaints/:complaintNo/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a resolved or dismissed complaint (once, within the policy’s window), saying why',
        params: byComplaintNo,
        body: z.object({ text: z.string().trim().min(5).max(2000) }),
        response: detail,
      },
    },
    async (req) => {
      await reopenComplaint({ ...party(req, req.params.complaintNo, 'buyer'), text: req.body.text });
      return after(req, req.params.complaintNo);
    },
  );
}
