import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { assertNever } from '../../core/assert-never.ts';
import { CASE_FILE_SCOPES, type CaseFileScope } from '../../core/casefile/scope.ts';
import { contentDisposition } from '../../core/evidence/file-name.ts';
import { writeAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { App } from '../../platform/http/server.ts';
import { type Actor, requireActor } from '../auth/actor.ts';
import type { Context } from '../context.ts';
import { byNo } from '../refunds/http-schemas.ts';
import { buildCaseFile, CASEFILE_BUILD_JOB } from './build-case-file.ts';
import { type CaseFileRow, latestCaseFile, requestCaseFile } from './request-case-file.ts';

const tags = ['case files'];

const CaseFileStatus = z.object({
  fileId: z.number().int(),
  scope: z.enum(CASE_FILE_SCOPES),
  state: z.enum(['queued', 'ready', 'failed']),
  createdAt: z.string(),
  readyAt: z.string().nullable(),
  pdfBytes: z.number().int().nullable(),
  zipBytes: z.number().int().nullable(),
  pdfSha256: z.string().nullable(),
  /** SHA-256 of the zip's manifest.json: what `kameng casefile verify` prints, to match with this record. */
  manifestSha256: z.string().nullable(),
  events: z.number().int().nullable(),
  chainHead: z.string().nullable(),
  buildMs: z.number().int().nullable(),
});

const status = (r: CaseFileRow) => ({
  fileId: r.id,
  scope: r.scope,
  state: r.state,
  createdAt: r.createdAt.toISOString(),
  readyAt: r.readyAt?.toISOString() ?? null,
  pdfBytes: r.pdfBytes,
  zipBytes: r.zipBytes,
  pdfSha256: r.pdfSha256,
  manifestSha256: r.manifestSha256,
  events: r.events,
  chainHead: r.chainHead,
  buildMs: r.buildMs,
});

export function defineCaseFileJobs(ctx: Context): void {
  ctx.jobs.define<{ fileId: number }>(
    CASEFILE_BUILD_JOB,
    async ({ fileId }) => buildCaseFile({ db: ctx.db, blobs: ctx.blobs, fileId, now: ctx.now }),
    { concurrency: 2 },
  );
}

/** 案件档案: request a build, read its state, download the PDF or the zip (each download audited). */
export function registerCaseFileRoutes(app: App, ctx: Context): void {
  const { db } = ctx;

  app.post(
    '/api/refunds/:refundNo/case-file',
    {
      schema: {
        tags,
        summary:
          'Start building the case file (PDF + zip with manifest.json): the buyer’s own case (buyer file), a case on the merchant’s orders (merchant file, the buyer’s personal data masked) or, for supervisors and admins, the full file',
        params: byNo,
        response: { 202: CaseFileStatus, ...errorResponses },
      },
    },
    async (req, reply) => {
      const row = await requestCaseFile({
        db,
        jobs: ctx.jobs,
        actor: requireActor(req),
        refundNo: req.params.refundNo,
        ip: req.ip,
        now: ctx.now(),
      });
      return reply.status(202).send(status(row));
    },
  );

  app.get(
    '/api/refunds/:refundNo/case-file',
    {
      schema: {
        tags,
        summary: 'The newest case-file build in the caller’s scope (null when none was requested)',
        params: byNo,
        response: { 200: z.object({ file: CaseFileStatus.nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const row = await latestCaseFile(db, requireActor(req), req.params.refundNo);
      return { file: row ? status(row) : null };
    },
  );

  const download = (ext: 'pdf' | 'zip') =>
    app.get(
      `/api/refunds/:refundNo/case-file.${ext}`,
      {
        schema: {
          tags,
          summary: `Download the newest ready case file’s ${ext === 'pdf' ? 'PDF' : 'zip (PDF, evidence, manifest.json)'}`,
          params: byNo,
          response: { 200: z.any(), ...errorResponses },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const row = await latestCaseFile(db, actor, req.params.refundNo);
        if (row?.state !== 'ready') throw new AppError('CASEFILE.NOT_READY', { state: row?.state ?? null });
        return send(reply, actor, row, ext, req.params.refundNo, req.ip);
      },
    );
  download('pdf');
  download('zip');

  async function send(
    reply: FastifyReply,
    actor: Actor,
    row: CaseFileRow,
    ext: 'pdf' | 'zip',
    refundNo: string,
    ip: string,
  ) {
    const key = ext === 'pdf' ? row.pdfKey! : row.zipKey!;
    const stream = await ctx.blobs.get(key);
    if (!stream) throw new AppError('RESOURCE.NOT_FOUND');
    await writeAudit(db, {
      actorId: actor.userId,
      actorRole: actor.role,
      ip,
      action: 'casefile.download',
      subject: `refund:${refundNo}`,
      data: {
        fileId: row.id,
        scope: row.scope,
        format: ext,
        sha256: ext === 'pdf' ? row.pdfSha256 : null,
        manifestSha256: row.manifestSha256,
      },
    });
    const name = `案件档案-${refundNo}${editionSuffix(row.scope)}.${ext}`;
    return reply
      .type(ext === 'pdf' ? 'application/pdf' : 'application/zip')
      .header('content-disposition', contentDisposition(name).replace(/^inline/, 'attachment'))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-length', ext === 'pdf' ? row.pdfBytes! : row.zipBytes!)
      .send(stream);
  }
}

function editionSuffix(scope: CaseFileScope): string {
  switch (scope) {
    case 'buyer':
      return '';
    case 'merchant':
      return '-商家版';
    case 'full':
      return '-完整版';
    default:
      return assertNever(scope, 'case-file scope');
  }
}
