import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CARRIERS } from '../../core/returns/carriers.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { getRefund } from '../refunds/get-refund.ts';
import { byNo, CaseDetail, EvidenceIds } from '../refunds/http-schemas.ts';
import { confirmReturn, objectToReturn } from './confirm-return.ts';
import { getReturnAddress, ReturnAddressBody, setReturnAddress } from './return-address.ts';
import { shipReturn } from './ship-return.ts';

/**
 * 退货寄回: the buyer's tracking number, the merchant's receipt or objection, the merchant's return
 * address. Every POST takes an Idempotency-Key (the platform's hook); the state machine under the
 * case's row lock makes a repeated shipment without one a 409, never a second shipment.
 */
export function registerReturnRoutes(app: App, ctx: Context): void {
  const { db, jobs } = ctx;
  const on = (req: FastifyRequest & { params: { refundNo: string } }) => ({
    db,
    jobs,
    refundNo: req.params.refundNo,
    ip: req.ip,
    now: ctx.now(),
  });
  const after = (req: FastifyRequest, refundNo: string) =>
    getRefund(db, requireActor(req), refundNo, ctx.now());

  app.post(
    '/api/refunds/:refundNo/return-shipment',
    {
      schema: {
        tags: ['refunds'],
        summary: 'Enter the carrier and tracking number of the goods sent back (退货寄回)',
        params: byNo,
        body: z.object({
          carrier: z.enum(CARRIERS),
          trackingNo: z.string().trim().min(8).max(40),
          /** What the postage cost, when the merchant pays it (capped by the policy). */
          postageFen: z.number().int().min(0).max(100_000).optional(),
        }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await shipReturn({ ...on(req), buyer: requireActor(req, 'buyer'), ...req.body });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/merchant/refunds/:refundNo/confirm-return',
    {
      schema: {
        tags: ['merchant'],
        summary: 'Confirm receipt of the returned goods (确认收货); the refund goes to payout',
        params: byNo,
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await confirmReturn({ ...on(req), merchant: requireActor(req, 'merchant') });
      return after(req, req.params.refundNo);
    },
  );

  app.post(
    '/api/merchant/refunds/:refundNo/object-return',
    {
      schema: {
        tags: ['merchant'],
        summary: 'Object to the returned goods with a reason and photos; an agent decides',
        params: byNo,
        body: z.object({ text: z.string().trim().min(5).max(2000), evidenceIds: EvidenceIds }),
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    async (req) => {
      await objectToReturn({ ...on(req), merchant: requireActor(req, 'merchant'), ...req.body });
      return after(req, req.params.refundNo);
    },
  );

  const AddressAnswer = z.object({ returnAddress: ReturnAddressBody.nullable() });

  app.get(
    '/api/merchant/return-address',
    {
      schema: {
        tags: ['merchant'],
        summary: "The shop's return address (退货地址)",
        response: { 200: AddressAnswer, ...errorResponses },
      },
    },
    async (req) => ({ returnAddress: await getReturnAddress(db, requireActor(req, 'merchant')) }),
  );

  app.put(
    '/api/merchant/return-address',
    {
      schema: {
        tags: ['merchant'],
        summary: "Set the shop's return address; returns asked for later show it to the buyer",
        body: ReturnAddressBody,
        response: { 200: AddressAnswer, ...errorResponses },
      },
    },
    async (req) => ({
      returnAddress: await setReturnAddress(db, requireActor(req, 'merchant'), req.body),
    }),
  );
}
