import { z } from 'zod';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { maskedBuyerContact, revealBuyerContact } from './buyer-contact.ts';
import { byNo } from './http-schemas.ts';

const tags = ['review'];
const STAFF = ['agent', 'supervisor', 'admin'] as const;

/** The buyer's name and phone on the workbench, for 记录联系: masked, and revealed only on purpose. */
export function registerContactRoutes(app: App, ctx: Context): void {
  app.get(
    '/api/review/:refundNo/buyer-contact',
    {
      schema: {
        tags,
        summary: "The buyer's name and phone, masked (张*明, 138****5678), from their verified identity",
        params: byNo,
        response: {
          200: z.object({
            verified: z.boolean(),
            nameMasked: z.string().nullable(),
            phoneMasked: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => maskedBuyerContact(ctx.db, requireActor(req, ...STAFF), req.params.refundNo),
  );

  app.post(
    '/api/review/:refundNo/buyer-contact/reveal',
    {
      // The answer holds the phone: never stored for replay; repeats are bounded by the hourly limit.
      config: { idempotency: 'none' },
      schema: {
        tags,
        summary:
          "查看: the buyer's full name and phone for a call; audited, limited per staff member and hour",
        params: byNo,
        response: { 200: z.object({ name: z.string(), phone: z.string() }), ...errorResponses },
      },
    },
    async (req) =>
      revealBuyerContact({
        db: ctx.db,
        box: ctx.identity.box,
        staff: requireActor(req, ...STAFF),
        refundNo: req.params.refundNo,
        ip: req.ip,
        now: ctx.now(),
      }),
  );
}
