import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHECK_KINDS, CHECK_RESULTS } from '../../core/evidence/checks/types.ts';
import { EVIDENCE_KINDS } from '../../core/evidence/limits.ts';
import { ErrorBody, errorResponses } from '../../platform/http/schemas.ts';

export const Evidence = z.object({
  evidenceId: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  /** Sniffed from the bytes. */
  mime: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string(),
  thumbUrl: z.string().nullable(),
  checks: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export const UploadedEvidence = Evidence.extend({ members: z.array(Evidence) });
export const CheckResult = z.object({
  kind: z.enum(CHECK_KINDS),
  status: z.enum([...CHECK_RESULTS, 'pending']),
  confidence: z.number().nullable(),
  reasonZh: z.string(),
  reasonEn: z.string(),
  data: z.record(z.string(), z.unknown()),
  checkedAt: z.string().nullable(),
});
export const CaseEvidence = Evidence.extend({
  uploadedByRole: z.string(),
  parentId: z.string().nullable(),
  /** The evidence checks (凭证核验), judged against the case's order. */
  checkResults: z.array(CheckResult).optional(),
});
export const checksQuery = z.object({
  /** Judge OCR and capture time against this order of yours (before the file is attached to a case). */
  orderNo: z.string().max(32).optional(),
});

export const byEvidenceId = z.object({ evidenceId: z.string().max(64) });

/** Upload answers add too large, wrong type and unreadable/unsafe content to the usual errors. */
export const uploadErrors = { ...errorResponses, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody } as const;

/**
 * A multipart body is streamed by the handler, not parsed up front, so it cannot be validated as a
 * schema: the `body` below documents it in OpenAPI (with `consumes`), and the route's validator skips
 * it. The file itself is checked by its bytes in store-evidence.
 */
export const multipartFile = {
  consumes: ['multipart/form-data'],
  body: z.object({
    file: z.string().meta({
      format: 'binary',
      description:
        'png/jpeg/webp ≤ 10 MB, mp4/webm ≤ 50 MB, or a zip of images ≤ 30 MB; the type is read from the bytes',
    }),
  }),
};
export const skipBodyValidation: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body' ? (value) => ({ value }) : validatorCompiler(route as never);
