import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EVIDENCE_LIMITS, type EvidenceKind, kindOf } from '../../core/evidence/limits.ts';
import { AppError } from '../../platform/errors.ts';
import { sniffType } from './sniff.ts';

export type Spooled = {
  /** A temp file holding the whole upload; `remove()` deletes it. */
  path: string;
  sizeBytes: number;
  sha256: string;
  mime: string;
  kind: EvidenceKind;
  remove(): Promise<void>;
};

const isMultipartTooLarge = (err: unknown) => (err as { code?: string })?.code === 'FST_REQ_FILE_TOO_LARGE';

/**
 * What a multipart parser error means for the caller. The parser's own limits carry an HTTP status and
 * stay as they are; anything else it throws (no boundary, a broken part header, a body cut off mid-part)
 * is a malformed request, not a bug of ours.
 */
export function asMultipartError(err: unknown): unknown {
  if (err instanceof AppError || typeof (err as { statusCode?: unknown })?.statusCode === 'number')
    return err;
  return new AppError('REQUEST.MALFORMED_MULTIPART');
}

/**
 * Reads an upload to a temp file while hashing it. The type is sniffed from the first bytes as soon as
 * they arrive: a type we do not accept is refused before the rest is read, and the size cap of the
 * sniffed kind is enforced as bytes come in — a 200 MB upload is cut off at the cap, never held in
 * memory or written out whole.
 */
export async function spoolUpload(source: Readable): Promise<Spooled> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-upload-'));
  const file = path.join(dir, 'upload');
  const remove = () => rm(dir, { recursive: true, force: true });
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  let sniffed: { mime: string; kind: EvidenceKind } | null = null;

  const decide = async () => {
    const mime = await sniffType(Buffer.concat(head));
    const kind = kindOf(mime);
    if (!mime || !kind) throw new AppError('EVIDENCE.TYPE_NOT_ALLOWED', { sniffed: mime });
    return { mime, kind };
  };

  async function* check(chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (!sniffed) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= EVIDENCE_LIMITS.sniffBytes) sniffed = await decide();
      }
      const cap = EVIDENCE_LIMITS.maxBytes[sniffed?.kind ?? 'video'];
      if (size > cap)
        throw new AppError('EVIDENCE.TOO_LARGE', { kind: sniffed?.kind ?? null, limitBytes: cap });
      hash.update(chunk);
      yield chunk;
    }
  }

  try {
    await pipeline(source, check, createWriteStream(file));
    // The multipart parser's own hard stop (one byte above the largest cap) ends the stream early.
    if ((source as { truncated?: boolean }).truncated) throw new AppError('EVIDENCE.TOO_LARGE');
    sniffed ??= await decide();
    const { mime, kind } = sniffed;
    return { path: file, sizeBytes: size, sha256: hash.digest('hex'), mime, kind, remove };
  } catch (err) {
    await remove();
    if (isMultipartTooLarge(err)) throw new AppError('EVIDENCE.TOO_LARGE');
    // The upload stream itself failed (the body ended mid-part): the request was malformed. A failure of
    // ours (the temp file cannot be written) leaves the source intact and stays a 500.
    if (!(err instanceof AppError) && source.errored) throw asMultipartError(err);
    throw err;
  }
}
