import { z } from 'zod';
import { changeOnce } from '../../platform/http/idempotency.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { merchantFunds } from './merchant-funds.ts';
import { recordDeposit, withdraw } from './move-funds.ts';

const tags = ['funds'];
const Fen = z.number().int();
const amountFen = z.number().int().min(1).max(100_000_000_00);

/** The merchant's funds page and withdrawals; the admin's record of deposits received. */
export function registerFundsRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  app.get(
    '/api/merchant/funds',
    {
      schema: {
        tags,
        summary: "The merchant's balance, deposit, frozen amounts, what it owes the guarantee fund, entries",
        response: {
          200: z.object({
            balanceFen: Fen,
            depositFen: Fen,
            receivableFen: Fen,
            frozenFen: Fen,
            freezeDays: z.number().int(),
            pending: z.array(
              z.object({
                orderNo: z.string(),
                productName: z.string(),
                escrowFen: Fen,
                completedAt: z.string().nullable(),
                settlesAt: z.string().nullable(),
                /** The refund case that holds the settlement until it ends. */
                openRefundNo: z.string().nullable(),
              }),
            ),
            entries: z.array(
              z.object({
                txnId: z.number().int(),
                kind: z.string(),
                ref: z.string(),
                memo: z.string(),
                account: z.enum(['balance', 'deposit', 'receivable']),
                amountFen: Fen,
                at: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const m = requireActor(req, 'merchant');
      return merchantFunds(db, m.merchantId!, ctx.config.settlementFreezeDays, ctx.now());
    },
  );
  app.post(
    '/api/merchant/withdrawals',
    {
      schema: {
        tags,
        summary: 'Withdraw from the balance (refused while an advance is owed, or beyond the balance)',
        body: z.object({ amountFen }),
        response: { 201: z.object({ txnId: z.number().int(), balanceFen: Fen }), ...errorResponses },
      },
      // Money leaves: the key commits with the withdrawal (a retry after a crash never withdraws twice).
      config: { idempotency: 'in-transaction' },
    },
    async (req, reply) => {
      const m = requireActor(req, 'merchant');
      return changeOnce(db, req, reply, 201, async (tx) => {
        const { txnId } = await withdraw({
          db: tx,
          actor: m,
          amountFen: req.body.amountFen,
          ip: req.ip,
          now: ctx.now(),
        });
        const funds = await merchantFunds(tx, m.merchantId!, ctx.config.settlementFreezeDays, ctx.now());
        return { txnId, balanceFen: funds.balanceFen };
      });
    },
  );
  app.post(
    '/api/admin/merchants/:merchantId/deposits',
    {
      schema: {
        tags,
        summary: "Record a merchant's deposit (保证金) as received; it first repays any advance owed",
        params: z.object({ merchantId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        body: z.object({ amountFen, memo: z.string().trim().min(2).max(200) }),
        response: {
          201: z.object({ txnId: z.number().int(), recoveredFen: Fen }),
          ...errorResponses,
        },
      },
      config: { idempotency: 'in-transaction' },
    },
    async (req, reply) => {
      const admin = requireActor(req, 'admin');
      return changeOnce(db, req, reply, 201, async (tx) => {
        const { txnId, recoveredFen } = await recordDeposit({
          db: tx,
          admin,
          merchantId: req.params.merchantId,
          amountFen: req.body.amountFen,
          memo: req.body.memo,
          ip: req.ip,
          now: ctx.now(),
        });
        return { txnId, recoveredFen };
      });
    },
  );
}
