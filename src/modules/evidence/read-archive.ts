import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import {
  type ArchiveEntry,
  type ArchiveProblem,
  checkArchive,
  checkMemberType,
  DEFAULT_ARCHIVE_RULES,
} from '../../core/evidence/archive-rules.ts';
import { EVIDENCE_LIMITS } from '../../core/evidence/limits.ts';
import { AppError, type ErrorCode } from '../../platform/errors.ts';
import { sniffType } from './sniff.ts';

const PROBLEM_CODES: Record<ArchiveProblem['problem'], ErrorCode> = {
  bomb: 'EVIDENCE.ARCHIVE_BOMB',
  unsafe: 'EVIDENCE.ARCHIVE_UNSAFE',
  too_large: 'EVIDENCE.TOO_LARGE',
  not_allowed: 'EVIDENCE.TYPE_NOT_ALLOWED',
  empty: 'EVIDENCE.ARCHIVE_EMPTY',
};

export function archiveError(p: ArchiveProblem): AppError {
  return new AppError(PROBLEM_CODES[p.problem], {
    reason: p.reason,
    ...('entry' in p ? { member: p.entry } : {}),
  });
}

/** The names yauzl would decode, without its own validation (we give our own, clearer, errors). */
function describe(e: yauzl.Entry): ArchiveEntry {
  const strict = true; // keeps backslashes as they are, so the path check sees them
  const name = yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileNameRaw, e.extraFields, strict);
  const raw = yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileNameRaw, [], strict);
  return {
    name,
    ...(raw === name ? {} : { rawName: raw }),
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    externalAttributes: e.externalFileAttributes,
    encrypted: e.isEncrypted(),
  };
}

/** Reads a member whole, stopping at `max` bytes whatever its header claimed. */
async function readMember(stream: Readable, max: number, member: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) throw new AppError('EVIDENCE.ARCHIVE_BOMB', { reason: 'size_mismatch', member });
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    // validateEntrySizes: more bytes than the directory declared is a lie, fewer is damage.
    const lied = /too many bytes/i.test((err as Error).message);
    throw new AppError(lied ? 'EVIDENCE.ARCHIVE_BOMB' : 'EVIDENCE.UNREADABLE', {
      reason: lied ? 'size_mismatch' : 'corrupt_member',
      member,
    });
  }
  return Buffer.concat(chunks);
}

/**
 * Opens a zip (a file on disk) and hands each image member to `onImage`, one at a time so at most one
 * member is in memory. The whole central directory is checked first (core checkArchive: paths, links,
 * nested archives, bombs), so a hostile archive is refused before a single byte is inflated; then each
 * member's bytes are sniffed as well — the name is only a first filter.
 */
export async function readArchive(
  file: string,
  onImage: (member: { name: string; bytes: Buffer; mime: string }) => Promise<void>,
): Promise<{ entries: number; images: number }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
      strictFileNames: true,
    });
  } catch {
    throw new AppError('EVIDENCE.UNREADABLE', { reason: 'not_a_zip' });
  }
  try {
    // Before reading the directory: a million-entry archive is refused without iterating it.
    if (zip.entryCount > DEFAULT_ARCHIVE_RULES.maxEntries)
      throw new AppError('EVIDENCE.ARCHIVE_BOMB', { reason: 'too_many_entries' });
    const found: { entry: yauzl.Entry; info: ArchiveEntry }[] = [];
    try {
      for await (const entry of zip.eachEntry()) found.push({ entry, info: describe(entry) });
    } catch {
      throw new AppError('EVIDENCE.UNREADABLE', { reason: 'bad_directory' });
    }
    const verdict = checkArchive(found.map((f) => f.info));
    if (!verdict.ok) throw archiveError(verdict);
    const keep = new Set(verdict.images);
    for (const { entry, info } of found) {
      if (!keep.has(info)) continue;
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch {
        throw new AppError('EVIDENCE.UNREADABLE', { reason: 'corrupt_member', member: info.name });
      }
      const bytes = await readMember(
        stream,
        Math.min(info.uncompressedSize, EVIDENCE_LIMITS.maxBytes.image),
        info.name,
      );
      const mime = await sniffType(bytes.subarray(0, EVIDENCE_LIMITS.sniffBytes));
      const type = checkMemberType(info.name, mime);
      if (!type.ok) throw archiveError(type);
      await onImage({ name: info.name, bytes, mime: mime! });
    }
    return { entries: found.length, images: keep.size };
  } finally {
    zip.close();
  }
}
