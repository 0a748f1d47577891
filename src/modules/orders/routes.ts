import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { cancelOrder, confirmReceipt, shipOrder } from './change-order.ts';
import { getOrder } from './get-order.ts';
import {
  Extraction,
  ListOrdersQuery,
  OrderDetail,
  OrderNo,
  OrderSummary,
  PlaceOrderBody,
  PushOrderBody,
} from './http-schemas.ts';
import { listOrders } from './list-orders.ts';
import { payOrder } from './pay-order.ts';
import { placeOrder } from './place-order.ts';
import { pushOrder } from './push-order.ts';
import { rereadCardKey } from './reread-card-key.ts';
import { revealCardKey } from './reveal-card-key.ts';
import { CHANNELS } from './schema.ts';

const tags = ['orders'];
const byNo = z.object({ orderNo: OrderNo });
const byKey = byNo.extend({ keyId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export function registerOrderRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  const common = (req: { ip: string }, orderNo: string) => ({ db, orderNo, ip: req.ip, now: ctx.now() });

  app.get(
    '/api/orders',
    {
      schema: {
        tags,
        summary: 'Orders the caller may see (buyer: own; merchant: its shop), newest first, keyset-paged',
        querystring: ListOrdersQuery,
        response: {
          200: z.object({ items: z.array(OrderSummary), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => listOrders(db, requireActor(req), req.query),
  );

  app.get(
    '/api/orders/:orderNo',
    {
      schema: {
        tags,
        summary: 'One order with payment, delivery records, keys (masked), extractions and timeline',
        params: byNo,
        response: { 200: OrderDetail, ...errorResponses },
      },
    },
    async (req) => getOrder(db, requireActor(req), req.params.orderNo),
  );

  app.post(
    '/api/orders',
    {
      schema: {
        tags,
        summary:
          'Place an order (buyer session), or push a paid order with its delivery records (merchant API key)',
        // Push first: a place-order body would also match a push body with its extra fields stripped.
        body: z.union([PushOrderBody, PlaceOrderBody]),
        response: { 200: OrderDetail, 201: OrderDetail, ...errorResponses },
      },
      // A push that fails its own schema would still match the place-order shape, its fields stripped:
      // a body with `externalRef` is checked as a push first, so the answer names the push's bad field.
      preValidation: async (req) => {
        if (req.body && typeof req.body === 'object' && 'externalRef' in req.body)
          PushOrderBody.parse(req.body);
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, 'buyer', 'merchant');
      const body = req.body;
      const pushed = 'externalRef' in body;
      if (pushed !== (actor.role === 'merchant')) {
        const expected =
          actor.role === 'merchant'
            ? 'a pushed order (externalRef, buyer, …)'
            : 'productId and quantity only';
        throw new AppError('REQUEST.VALIDATION', {
          fields: [{ field: 'body', message: `expected ${expected}` }],
        });
      }
      if ('externalRef' in body) {
        const { orderNo, created } = await pushOrder({
          db,
          box: ctx.box,
          caller: actor,
          order: body,
          ip: req.ip,
          now: ctx.now(),
        });
        return reply.status(created ? 201 : 200).send(await getOrder(db, actor, orderNo));
      }
      const orderNo = await placeOrder({
        db,
        buyer: actor,
        ...body,
        ip: req.ip,
        now: ctx.now(),
        expireMinutes: ctx.config.orders.expireMinutes,
      });
      return reply.status(201).send(await getOrder(db, actor, orderNo));
    },
  );

  app.post(
    '/api/orders/:orderNo/pay',
    {
      schema: {
        tags,
        summary: 'Pay an unpaid order; delivery starts at once',
        params: byNo,
        body: z.object({ channel: z.enum(CHANNELS) }),
        response: { 200: OrderDetail, ...errorResponses },
      },
    },
    async (req) => {
      const buyer = requireActor(req, 'buyer');
      await payOrder({
        db,
        jobs: ctx.jobs,
        channels: ctx.channels,
        buyer,
        orderNo: req.params.orderNo,
        channel: req.body.channel,
        ip: req.ip,
        now: ctx.now(),
      });
      return getOrder(db, buyer, req.params.orderNo);
    },
  );

  app.post(
    '/api/orders/:orderNo/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an unpaid order',
        params: byNo,
        response: { 200: OrderDetail, ...errorResponses },
      },
    },
    async (req) => {
      const buyer = requireActor(req, 'buyer');
      await cancelOrder({ ...common(req, req.params.orderNo), actor: buyer });
      return getOrder(db, buyer, req.params.orderNo);
    },
  );

  app.post(
    '/api/orders/:orderNo/confirm-receipt',
    {
      schema: {
        tags,
        summary: 'Confirm a parcel arrived (physical goods)',
        params: byNo,
        response: { 200: OrderDetail, ...errorResponses },
      },
    },
    async (req) => {
      const buyer = requireActor(req, 'buyer');
      await confirmReceipt({ ...common(req, req.params.orderNo), actor: buyer });
      return getOrder(db, buyer, req.params.orderNo);
    },
  );

  app.post(
    '/api/orders/:orderNo/ship',
    {
      schema: {
        tags,
        summary: 'Ship a paid physical order (merchant)',
        params: byNo,
        body: z.object({
          carrier: z.string().trim().min(1).max(32),
          trackingNo: z
            .string()
            .trim()
            .regex(/^[A-Za-z0-9-]{4,40}$/),
        }),
        response: { 200: OrderDetail, ...errorResponses },
      },
    },
    async (req) => {
      const merchant = requireActor(req, 'merchant');
      await shipOrder({ ...common(req, req.params.orderNo), actor: merchant, ...req.body });
      return getOrder(db, merchant, req.params.orderNo);
    },
  );

  app.post(
    '/api/orders/:orderNo/card-keys/:keyId/reveal',
    {
      // A replay (same Idempotency-Key) reads the key again; the idempotency table never holds it.
      config: {
        secretAnswer: {
          fields: ['secret'],
          reread: async (req, stored) => {
            const { orderNo, keyId } = byKey.parse(req.params);
            const extractionId = z.object({ extraction: z.object({ id: z.number() }) }).parse(stored)
              .extraction.id;
            const buyer = requireActor(req, 'buyer');
            return {
              ...stored,
              secret: await rereadCardKey({ db, box: ctx.box, buyer, orderNo, keyId, extractionId }),
            };
          },
        },
      },
      schema: {
        tags,
        summary:
          'Show one card key in plain text (buyer); every call is recorded as an extraction (提取记录)',
        params: byKey,
        body: z
          .object({ action: z.enum(['reveal', 'copy']).default('reveal') })
          .default({ action: 'reveal' }),
        response: {
          200: z.object({ id: z.number().int(), secret: z.string(), extraction: Extraction }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      revealCardKey({
        db,
        box: ctx.box,
        buyer: requireActor(req, 'buyer'),
        orderNo: req.params.orderNo,
        keyId: req.params.keyId,
        action: req.body.action,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        now: ctx.now(),
      }),
  );
}
