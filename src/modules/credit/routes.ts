import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { readCredit } from './credit-view.ts';
import { CreditBody } from './http-schemas.ts';

/** 信用分 (the buyer's own). Agents see a buyer's in the review case (`GET /api/review/{refundNo}`). */
export function registerCreditRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  app.get(
    '/api/me/credit',
    {
      schema: {
        tags: ['credit'],
        summary: 'Your credit score (信用分): level, every factor with its points, and what would raise it',
        response: { 200: CreditBody, ...errorResponses },
      },
    },
    async (req) => readCredit(db, requireActor(req, 'buyer').userId, ctx.now()),
  );
}
