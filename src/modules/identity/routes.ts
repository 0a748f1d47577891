import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { byNo } from '../refunds/http-schemas.ts';
import { attachAccountRecord, listAccountRecords } from './account-records.ts';
import { confirmVerification } from './confirm-verification.ts';
import { readIdentity } from './identity-view.ts';
import { startVerification } from './start-verification.ts';

const errors = { ...errorResponses, 410: ErrorBody, 422: ErrorBody, 503: ErrorBody };

const IdentityStatus = z.object({
  status: z.enum(['none', 'pending', 'verified']),
  realNameMask: z.string().nullable(),
  idNumberMask: z.string().nullable(),
  phoneMask: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  codeExpiresAt: z.string().nullable(),
});

const AccountRecord = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  sha256: z.string(),
  signature: z.string(),
  /** Hash and signature recomputed now: false when the stored summary was changed. */
  verified: z.boolean(),
  /** Version 1: {refundNo, compiledAt, period, buyer, orders[], vouchers[], totals} — see docs/api.md. */
  summary: z.unknown(),
});

/** 实名认证 (the buyer's own) and 账户记录 (compiled records attached to a case). */
export function registerIdentityRoutes(app: App, ctx: Context): void {
  const { db, identity } = ctx;

  app.get(
    '/api/me/identity',
    {
      schema: {
        tags: ['identity'],
        summary: 'Your identity verification (实名认证): status and masked details only',
        response: { 200: IdentityStatus, ...errors },
      },
    },
    async (req) => readIdentity(db, requireActor(req, 'buyer').userId, ctx.now()),
  );

  app.post(
    '/api/me/identity',
    {
      // Not even a hash of this body is kept for replays; a repeat sends another code, within the limits.
      config: { idempotency: 'none' },
      schema: {
        tags: ['identity'],
        summary:
          'Start identity verification: name and 18-digit resident ID checked, then a one-time code is sent to the phone',
        // Lengths are bounded here; the content rules (GB 11643, names, mobiles) answer with their own codes.
        body: z.object({
          realName: z.string().max(64),
          idNumber: z.string().max(32),
          phone: z.string().max(32),
        }),
        response: {
          200: z.object({ phoneMask: z.string(), expiresAt: z.string() }),
          ...errors,
        },
      },
    },
    async (req) =>
      startVerification({
        db,
        identity,
        buyer: requireActor(req, 'buyer'),
        ...req.body,
        ip: req.ip,
        now: ctx.now(),
      }),
  );

  app.post(
    '/api/me/identity/confirm',
    {
      // A repeat with the same code answers IDENTITY.CODE_USED; nothing to replay.
      config: { idempotency: 'none' },
      schema: {
        tags: ['identity'],
        summary: 'Confirm the phone with the one-time code: the identity becomes verified',
        body: z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }),
        response: { 200: IdentityStatus, ...errors },
      },
    },
    async (req) =>
      confirmVerification({
        db,
        identity,
        buyer: requireActor(req, 'buyer'),
        code: req.body.code,
        ip: req.ip,
        now: ctx.now(),
      }),
  );

  app.post(
    '/api/refunds/:refundNo/account-records',
    {
      schema: {
        tags: ['refunds'],
        summary:
          'Attach account records (账户记录) to your case: your order history and payment vouchers, compiled and signed by Kameng',
        params: byNo,
        response: { 201: AccountRecord, ...errors },
      },
    },
    async (req, reply) => {
      const record = await attachAccountRecord({
        db,
        box: identity.recordBox,
        buyer: requireActor(req, 'buyer'),
        refundNo: req.params.refundNo,
        ip: req.ip,
        now: ctx.now(),
      });
      return reply.status(201).send(record);
    },
  );

  app.get(
    '/api/refunds/:refundNo/account-records',
    {
      schema: {
        tags: ['refunds'],
        summary: 'Account records attached to a case, each re-verified (the buyer and staff; not merchants)',
        params: byNo,
        response: { 200: z.object({ items: z.array(AccountRecord) }), ...errors },
      },
    },
    async (req) =>
      listAccountRecords({
        db,
        box: identity.recordBox,
        actor: requireActor(req, 'buyer', 'agent', 'supervisor', 'admin'),
        refundNo: req.params.refundNo,
      }),
  );
}
