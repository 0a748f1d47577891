import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { TXN_KINDS, undoes } from '../../core/ledger/txn.ts';
import { writeAudit } from '../../platform/audit.ts';
import { isUniqueViolation } from '../../platform/db/pg-errors.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { changeOnce } from '../../platform/http/idempotency.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { postTxn } from './post-txn.ts';
import { getTxn, listAccounts, listEntries } from './read-ledger.ts';

const tags = ['ledger'];
const Txn = z.object({
  id: z.number().int(),
  kind: z.string(),
  ref: z.string(),
  memo: z.string(),
  reversesId: z.number().int().nullable(),
  /** The reversal of this transaction, once it has one (a transaction is reversed at most once). */
  reversedById: z.number().int().nullable(),
  at: z.string(),
  postings: z.array(z.object({ account: z.string(), amountFen: z.number().int() })),
});

/** The books, for admins: accounts, an account's entries, a transaction's postings, manual entries. */
export function registerLedgerRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  app.get(
    '/api/admin/ledger/accounts',
    {
      schema: {
        tags,
        summary: 'Every ledger account with its balance; totalFen is 0 when the books balance',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                path: z.string(),
                balanceFen: z.number().int(),
                mayGoNegative: z.boolean(),
                /** A shop's name, or a buyer's name and username; null for the platform's and channels' accounts. */
                holder: z.string().nullable(),
              }),
            ),
            totalFen: z.number().int(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return listAccounts(db);
    },
  );
  app.get(
    '/api/admin/ledger/entries',
    {
      schema: {
        tags,
        summary: "One account's postings, newest first",
        querystring: z.object({
          account: z.string().min(3).max(80),
          cursor: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            account: z.object({ path: z.string(), balanceFen: z.number().int() }),
            items: z.array(
              z.object({
                postingId: z.number().int(),
                txnId: z.number().int(),
                kind: z.string(),
                ref: z.string(),
                memo: z.string(),
                amountFen: z.number().int(),
                at: z.string(),
              }),
            ),
            nextCursor: z.number().int().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return listEntries(db, req.query);
    },
  );
  app.get(
    '/api/admin/ledger/txns/:id',
    {
      schema: {
        tags,
        summary: 'One ledger transaction with its postings',
        params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: Txn, ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req, 'admin');
      return getTxn(db, req.params.id);
    },
  );
  app.post(
    '/api/admin/ledger/txns',
    {
      schema: {
        tags,
        summary: 'A manual entry (a correction): refused unless it balances; audited',
        body: z.object({
          kind: z.enum(TXN_KINDS),
          memo: z.string().trim().min(2).max(500),
          reversesId: z.number().int().positive().optional(),
          postings: z
            .array(
              z.object({ account: z.string().max(80), amountFen: z.number().int().min(-1e12).max(1e12) }),
            )
            .min(2)
            .max(20),
        }),
        response: { 201: Txn, ...errorResponses },
      },
      config: { idempotency: 'in-transaction' },
    },
    async (req, reply) => {
      const admin = requireActor(req, 'admin');
      const now = ctx.now();
      return changeOnce(db, req, reply, 201, async (tx) => {
        if (req.body.reversesId) {
          // A reversal undoes its original exactly, once (a unique index backs the once).
          const original = await getTxn(tx, req.body.reversesId);
          if (req.body.kind !== 'reversal' || !undoes(original.postings, req.body.postings))
            throw new AppError('LEDGER.NOT_A_REVERSAL');
        }
        const missing = await accountsOfNobody(
          tx,
          req.body.postings.map((p) => p.account),
        );
        if (missing.length)
          throw new AppError('LEDGER.UNBALANCED', {
            problems: missing.map((account) => ({ code: 'UNKNOWN_ACCOUNT', account })),
          });
        const txnId = await postTxn(tx, { ...req.body, ref: `manual:${admin.username}` }, now).catch(
          (err) => {
            if (req.body.reversesId && isUniqueViolation(err)) throw new AppError('LEDGER.ALREADY_REVERSED');
            throw err;
          },
        );
        await writeAudit(tx, {
          actorId: admin.userId,
          actorRole: admin.role,
          ip: req.ip,
          action: 'ledger.manual_entry',
          subject: `ledger_txn:${txnId}`,
          data: { memo: req.body.memo },
        });
        return getTxn(tx, txnId);
      });
    },
  );
}

/**
 * The accounts of a manual entry whose holder does not exist: `buyer:N:…` needs buyer N, `merchant:N:…`
 * shop N (the path's shape alone let a correction open an account for nobody).
 */
async function accountsOfNobody(tx: Db, accounts: readonly string[]): Promise<string[]> {
  const held = accounts.map((a) => /^(buyer|merchant):(\d+):/.exec(a)).filter((m) => m !== null);
  if (held.length === 0) return [];
  const found = new Set(
    (
      await tx.execute<{ account: string }>(sql`
        SELECT v.account FROM (VALUES ${sql.join(
          held.map((m) => sql`(${m.input}, ${m[1]}, ${m[2]}::bigint)`),
          sql`, `,
        )}) v(account, kind, id)
        WHERE (v.kind = 'buyer' AND EXISTS (SELECT 1 FROM app_user u WHERE u.id = v.id AND u.role = 'buyer'))
           OR (v.kind = 'merchant' AND EXISTS (SELECT 1 FROM merchant m WHERE m.id = v.id))`)
    ).rows.map((r) => r.account),
  );
  return held.map((m) => m.input).filter((a) => !found.has(a));
}
