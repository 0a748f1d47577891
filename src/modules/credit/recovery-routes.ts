import { z } from 'zod';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { byNo } from '../refunds/http-schemas.ts';
import { listRecoveries, readRecovery } from './express-recovery-view.ts';
import { consentRecovery, refuseRecovery } from './recover-express-loss.ts';
import { RECOVERY_STATES } from './schema.ts';

const State = z.enum(RECOVERY_STATES);
const PayChannel = z.enum(['alipay', 'wechatpay']);
const Fen = z.number().int();
const Total = z.object({ count: Fen, fen: Fen });

const RecoveryBody = z.object({
  recoveryNo: z.string(),
  state: State,
  lossFen: Fen,
  objection: z.object({
    proof: z.string().nullable(),
    finding: z.string().nullable(),
    decidedAt: z.string().nullable(),
  }),
  balanceFen: Fen.nullable(),
  plan: z.object({ fromBalanceFen: Fen, fromChannelFen: Fen }).nullable(),
  fromBalanceFen: Fen,
  fromChannelFen: Fen,
  channel: PayChannel.nullable(),
  channelTradeNo: z.string().nullable(),
  refusalReason: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
});
const Answer = z.object({ recovery: RecoveryBody.nullable() });

/**
 * 追回极速退款损失: the buyer's consent step (read, agree, refuse) on their own case, and the
 * admins' and supervisors' list of recoveries and refusals.
 */
export function registerRecoveryRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  const tags = ['credit'];

  app.get(
    '/api/refunds/:refundNo/express-recovery',
    {
      schema: {
        tags,
        summary:
          'An express refund found wrong: what happened, the amount, and (until you answer) how returning it would be paid',
        params: byNo,
        response: { 200: Answer, ...errorResponses },
      },
    },
    async (req) => ({
      recovery: await readRecovery(db, requireActor(req, 'buyer'), req.params.refundNo),
    }),
  );

  app.post(
    '/api/refunds/:refundNo/express-recovery/consent',
    {
      schema: {
        tags,
        summary:
          '同意退还: return the amount to the guarantee fund — from your balance first, the rest through the channel you choose',
        params: byNo,
        body: z.object({ channel: PayChannel.optional() }),
        response: { 200: Answer, ...errorResponses },
      },
    },
    async (req) => {
      const buyer = requireActor(req, 'buyer');
      await consentRecovery({
        db,
        channels: ctx.channels,
        buyer,
        refundNo: req.params.refundNo,
        channel: req.body.channel,
        ip: req.ip,
        now: ctx.now(),
      });
      return { recovery: await readRecovery(db, buyer, req.params.refundNo) };
    },
  );

  app.post(
    '/api/refunds/:refundNo/express-recovery/refuse',
    {
      schema: {
        tags,
        summary:
          '不同意: refuse to return it, with your reason; nothing is taken and the loss stays the platform’s',
        params: byNo,
        body: z.object({ reason: z.string().trim().min(2).max(1000) }),
        response: { 200: Answer, ...errorResponses },
      },
    },
    async (req) => {
      const buyer = requireActor(req, 'buyer');
      await refuseRecovery({
        db,
        buyer,
        refundNo: req.params.refundNo,
        reason: req.body.reason,
        ip: req.ip,
        now: ctx.now(),
      });
      return { recovery: await readRecovery(db, buyer, req.params.refundNo) };
    },
  );

  app.get(
    '/api/admin/express/recoveries',
    {
      schema: {
        tags,
        summary:
          'Recoveries of upheld express losses: asked, returned and refused, newest first, with totals',
        querystring: z.object({
          state: State.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            totals: z.object({ requested: Total, recovered: Total, refused: Total }),
            items: z.array(
              z.object({
                refundNo: z.string(),
                orderNo: z.string(),
                buyerId: Fen,
                buyerName: z.string(),
                recoveryNo: z.string(),
                state: State,
                lossFen: Fen,
                fromBalanceFen: Fen,
                fromChannelFen: Fen,
                channel: PayChannel.nullable(),
                refusalReason: z.string().nullable(),
                requestedAt: z.string(),
                decidedAt: z.string().nullable(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin', 'supervisor');
      return listRecoveries(db, req.query);
    },
  );
}
