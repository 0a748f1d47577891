import { z } from 'zod';
import { TXN_KINDS } from '../../core/ledger/txn.ts';
import { BUYER_WITHDRAWAL } from '../../core/ledger/wallet-memo.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { readWallet } from './read-wallet.ts';

const WalletEntry = z.object({
  postingId: z.number(),
  at: z.string(),
  kind: z.enum(TXN_KINDS),
  amountFen: z.number(),
  balanceAfterFen: z.number(),
  memoZh: z.string(),
  memoEn: z.string(),
  refundNo: z.string().nullable(),
  orderNo: z.string().nullable(),
});

/** The buyer's wallet (我的余额): the balance, its movements from the ledger, and whether it can be withdrawn. */
export function registerWalletRoutes(app: App, ctx: Context): void {
  app.get(
    '/api/me/wallet',
    {
      schema: {
        tags: ['wallet'],
        summary:
          "The caller's balance (余额) and its movements, newest first; and whether it can be withdrawn",
        querystring: z.object({
          cursor: z.string().max(20).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({
            balanceFen: z.number(),
            items: z.array(WalletEntry),
            nextCursor: z.string().nullable(),
            withdrawal: z.object({ allowed: z.boolean(), reasonZh: z.string(), reasonEn: z.string() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const buyer = requireActor(req, 'buyer');
      return { ...(await readWallet(ctx.db, buyer.userId, req.query)), withdrawal: BUYER_WITHDRAWAL };
    },
  );
}
