import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contentDisposition } from '../../core/evidence/file-name.ts';
import { MAX_UPLOAD_BYTES } from '../../core/evidence/limits.ts';
import { AppError } from '../../platform/errors.ts';
import { assertCleanFields } from '../../platform/http/input-guard.ts';
import { errorResponses, IsoTimeOrDate } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { findVisibleOrder } from '../orders/find-order.ts';
import { findVisibleCase } from '../refunds/find-case.ts';
import { byNo } from '../refunds/http-schemas.ts';
import { addCaseEvidence } from './add-case-evidence.ts';
import { listCaseEvidence } from './attach-evidence.ts';
import { caseOrderFacts, checksOf, evidenceRowIds } from './checks/list-checks.ts';
import { queueRecheck } from './checks/recheck.ts';
import { findVisibleEvidence } from './find-evidence.ts';
import {
  byEvidenceId,
  CaseEvidence,
  CheckResult,
  checksQuery,
  multipartFile,
  skipBodyValidation,
  UploadedEvidence,
  uploadErrors,
} from './http-schemas.ts';
import { asMultipartError } from './spool-upload.ts';
import { storeEvidence } from './store-evidence.ts';
import { downloadName, evidenceForRole } from './views.ts';

const tags = ['evidence'];

/**
 * The one `file` part of a multipart request (a missing or misnamed part is the caller's mistake, and so
 * is a body that does not parse). Text fields sent before it are not used, but pass the input guard too.
 */
async function filePart(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  const part = await req.file().catch((err: unknown) => {
    throw asMultipartError(err);
  });
  if (part?.fieldname !== 'file') throw new AppError('EVIDENCE.FILE_REQUIRED');
  const texts = Object.values(part.fields)
    .flat()
    .flatMap((f) => (f?.type === 'field' ? [[f.fieldname, String(f.value)] as const] : []));
  assertCleanFields(Object.fromEntries(texts), 'body');
  return part;
}

async function sendBlob(
  ctx: Context,
  reply: FastifyReply,
  key: string,
  type: string,
  name: string,
  size?: number,
) {
  const stream = await ctx.blobs.get(key);
  if (!stream) {
    reply.log.error({ key }, 'evidence blob missing');
    throw new AppError('RESOURCE.NOT_FOUND');
  }
  reply
    .type(type)
    .header('content-disposition', contentDisposition(name))
    // Served as what the bytes were sniffed to be, never re-guessed by the browser, never run as a page.
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600');
  if (size !== undefined) reply.header('content-length', size);
  return reply.send(stream);
}

/** Evidence uploads (凭证): upload, attach to a case, fetch the bytes and thumbnails. */
export function registerEvidenceRoutes(app: App, ctx: Context): void {
  const { db } = ctx;
  // Its own scope: only these routes accept multipart bodies.
  app.register(async (scope: App) => {
    await scope.register(multipart, {
      limits: {
        fileSize: MAX_UPLOAD_BYTES + 1,
        files: 1,
        fields: 5,
        fieldSize: 1024,
        parts: 6,
        headerPairs: 50,
      },
    });
    // An answer given before the body was read (too large, wrong type) closes the connection instead of
    // leaving the rest of the upload to be drained.
    scope.addHook('onError', async (req, reply) => {
      if (!req.raw.complete) reply.header('connection', 'close');
    });

    scope.post(
      '/api/evidence',
      {
        validatorCompiler: skipBodyValidation,
        schema: {
          tags,
          summary: 'Upload one evidence file (multipart, field `file`); attach it to a case later by its id',
          ...multipartFile,
          response: { 201: UploadedEvidence, ...uploadErrors },
        },
      },
      async (req, reply) => {
        const owner = requireActor(req, 'buyer', 'merchant');
        const part = await filePart(req);
        const stored = await storeEvidence({
          db,
          blobs: ctx.blobs,
          jobs: ctx.jobs,
          owner,
          file: part.file,
          fileName: part.filename,
          ip: req.ip,
        });
        return reply.status(201).send(stored);
      },
    );

    scope.post(
      '/api/refunds/:refundNo/evidence',
      {
        validatorCompiler: skipBodyValidation,
        schema: {
          tags,
          summary: 'Add one evidence file to your open refund case (multipart, field `file`)',
          params: byNo,
          ...multipartFile,
          response: { 201: UploadedEvidence.extend({ refundNo: z.string() }), ...uploadErrors },
        },
      },
      async (req, reply) => {
        const buyer = requireActor(req, 'buyer');
        const part = await filePart(req);
        const stored = await addCaseEvidence({
          db,
          blobs: ctx.blobs,
          jobs: ctx.jobs,
          buyer,
          refundNo: req.params.refundNo,
          file: part.file,
          fileName: part.filename,
          ip: req.ip,
          now: ctx.now(),
        });
        return reply.status(201).send(stored);
      },
    );
  });

  app.get(
    '/api/refunds/:refundNo/evidence',
    {
      schema: {
        tags,
        summary: 'Evidence attached to a case, archives followed by their images',
        params: byNo,
        response: { 200: z.object({ items: z.array(CaseEvidence) }), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const c = await findVisibleCase(db, req.params.refundNo, actor);
      const items = evidenceForRole(await listCaseEvidence(db, c.id), actor.role);
      const rows = await evidenceRowIds(db, c.id);
      const checks = await checksOf(db, [...rows.values()], await caseOrderFacts(db, c.id), actor);
      return {
        items: items.map((i) => ({ ...i, checkResults: checks.get(rows.get(i.evidenceId)?.id ?? -1) ?? [] })),
      };
    },
  );

  app.post(
    '/api/admin/evidence/recheck',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Run the evidence checks again on every image uploaded since a time (queued for the workers)',
        body: z.object({ since: IsoTimeOrDate }),
        response: { 202: z.object({ images: z.number().int(), jobs: z.number().int() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, 'admin');
      const queued = await queueRecheck({ db, jobs: ctx.jobs, since: req.body.since, actor, ip: req.ip });
      return reply.status(202).send(queued);
    },
  );

  app.get(
    '/api/evidence/:evidenceId/checks',
    {
      schema: {
        tags,
        summary:
          'The checks of one evidence file (凭证核验): hints for reviewers, pending until the worker has run them',
        params: byEvidenceId,
        querystring: checksQuery,
        response: { 200: z.array(CheckResult), ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const e = await findVisibleEvidence(db, req.params.evidenceId, actor);
      let order = e.caseId === null ? null : await caseOrderFacts(db, e.caseId);
      if (!order && req.query.orderNo) order = await findVisibleOrder(db, req.query.orderNo, actor);
      return (await checksOf(db, [e], order, actor)).get(e.id) ?? [];
    },
  );

  app.get(
    '/api/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'The bytes of one evidence file, served as its sniffed type',
        params: byEvidenceId,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const e = await findVisibleEvidence(db, req.params.evidenceId, actor);
      return sendBlob(ctx, reply, e.blobKey, e.mime, downloadName(e, actor, 'file'), e.sizeBytes);
    },
  );

  app.get(
    '/api/evidence/:evidenceId/thumb',
    {
      schema: {
        tags,
        summary: 'The thumbnail of an image (WebP, at most 320 px a side)',
        params: byEvidenceId,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const e = await findVisibleEvidence(db, req.params.evidenceId, actor);
      if (!e.thumbKey) throw new AppError('RESOURCE.NOT_FOUND');
      return sendBlob(ctx, reply, e.thumbKey, 'image/webp', downloadName(e, actor, 'thumb'));
    },
  );
}
