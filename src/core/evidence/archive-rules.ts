import { EVIDENCE_LIMITS, kindOf } from './limits.ts';

/** One entry of a zip's central directory, as the reader found it (nothing extracted yet). */
export type ArchiveEntry = {
  /** The name as an extractor would use it (Info-ZIP Unicode path if present, else the raw name). */
  name: string;
  /** The raw name field when it differs from `name` — an extractor may use either, so both are checked. */
  rawName?: string;
  compressedSize: number;
  uncompressedSize: number;
  /** External file attributes; the high 16 bits are the Unix mode when the zip was made on Unix. */
  externalAttributes: number;
  encrypted: boolean;
};

export type ArchiveProblem =
  | { problem: 'bomb'; reason: 'too_many_entries' | 'total_too_large' | 'ratio_too_high'; entry?: string }
  | { problem: 'unsafe'; reason: 'bad_path' | 'symlink' | 'nested_archive' | 'encrypted'; entry: string }
  | { problem: 'too_large'; reason: 'member_too_large'; entry: string }
  | { problem: 'not_allowed'; reason: 'not_an_image'; entry: string }
  | { problem: 'empty'; reason: 'no_images' };

export type ArchiveVerdict = { ok: true; images: ArchiveEntry[] } | ({ ok: false } & ArchiveProblem);

export type ArchiveRules = {
  maxEntries: number;
  maxTotalUncompressed: number;
  maxRatio: number;
  ratioFloorBytes: number;
  maxMemberBytes: number;
};

export const DEFAULT_ARCHIVE_RULES: ArchiveRules = {
  ...EVIDENCE_LIMITS.archive,
  maxMemberBytes: EVIDENCE_LIMITS.maxBytes.image,
};

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp']);
const ARCHIVE_EXTENSIONS = new Set([
  'zip',
  'rar',
  '7z',
  'tar',
  'gz',
  'tgz',
  'bz2',
  'xz',
  'zst',
  'lz',
  'lzma',
  'cab',
  'iso',
  'jar',
  'apk',
]);
/** MIME types (as sniffed from a member's bytes) that are archives in disguise. */
export const ARCHIVE_MIMES = new Set([
  'application/zip',
  'application/x-rar-compressed',
  'application/x-7z-compressed',
  'application/x-tar',
  'application/gzip',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
  'application/x-lzip',
  'application/x-lzma',
  'application/vnd.ms-cab-compressed',
  'application/x-iso9660-image',
  'application/java-archive',
  'application/vnd.android.package-archive',
]);

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** A symbolic link, by the Unix mode in the high 16 bits of the external attributes. */
export function isSymlink(externalAttributes: number): boolean {
  return ((externalAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

/**
 * A member path that is safe to treat as a relative name: not empty, no backslash (a Windows
 * separator that slips past `/`-based checks), not absolute (`/x`, `C:x`), no `.`/`..` segment, no
 * control characters. We never extract to disk, but names are shown and may be downloaded elsewhere.
 */
export function isSafeArchivePath(name: string): boolean {
  if (!name || name.length > 1024) return false;
  if (name.includes('\\')) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  const segments = name.replace(/\/$/, '').split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

const extensionOf = (name: string) => {
  const base = name.split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
};

export const isDirectory = (e: ArchiveEntry) => e.name.endsWith('/');

/** Files an OS adds on its own (macOS resource forks, Finder and Explorer caches): skipped, not refused. */
export function isSystemJunk(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  return (
    name.startsWith('__MACOSX/') || base === '.DS_Store' || base === 'Thumbs.db' || base === 'desktop.ini'
  );
}

/**
 * Checks a zip's directory before anything is extracted. Unsafe entries (paths, links, encryption,
 * nested archives) are refused first, then bombs (entry count, total, ratio), then anything that is
 * not an image by name. What passes still has each member's bytes sniffed when it is read.
 */
export function checkArchive(
  entries: readonly ArchiveEntry[],
  rules = DEFAULT_ARCHIVE_RULES,
): ArchiveVerdict {
  if (entries.length > rules.maxEntries) return { ok: false, problem: 'bomb', reason: 'too_many_entries' };
  for (const e of entries) {
    const names = e.rawName === undefined ? [e.name] : [e.name, e.rawName];
    if (!names.every(isSafeArchivePath))
      return { ok: false, problem: 'unsafe', reason: 'bad_path', entry: e.name };
    if (isSymlink(e.externalAttributes))
      return { ok: false, problem: 'unsafe', reason: 'symlink', entry: e.name };
    if (e.encrypted) return { ok: false, problem: 'unsafe', reason: 'encrypted', entry: e.name };
    if (!isDirectory(e) && ARCHIVE_EXTENSIONS.has(extensionOf(e.name)))
      return { ok: false, problem: 'unsafe', reason: 'nested_archive', entry: e.name };
  }
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > rules.maxTotalUncompressed)
      return { ok: false, problem: 'bomb', reason: 'total_too_large', entry: e.name };
    const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
    if (e.uncompressedSize > rules.ratioFloorBytes && ratio > rules.maxRatio)
      return { ok: false, problem: 'bomb', reason: 'ratio_too_high', entry: e.name };
  }
  const images: ArchiveEntry[] = [];
  for (const e of entries) {
    if (isDirectory(e) || isSystemJunk(e.name)) continue;
    if (!IMAGE_EXTENSIONS.has(extensionOf(e.name)))
      return { ok: false, problem: 'not_allowed', reason: 'not_an_image', entry: e.name };
    if (e.uncompressedSize > rules.maxMemberBytes)
      return { ok: false, problem: 'too_large', reason: 'member_too_large', entry: e.name };
    images.push(e);
  }
  if (images.length === 0) return { ok: false, problem: 'empty', reason: 'no_images' };
  return { ok: true, images };
}

/** A member's own bytes decide in the end: an image is kept; an archive renamed `.png` is unsafe. */
export function checkMemberType(
  entry: string,
  sniffedMime: string | null,
): { ok: true } | ({ ok: false } & ArchiveProblem) {
  if (sniffedMime && ARCHIVE_MIMES.has(sniffedMime))
    return { ok: false, problem: 'unsafe', reason: 'nested_archive', entry };
  if (kindOf(sniffedMime) !== 'image')
    return { ok: false, problem: 'not_allowed', reason: 'not_an_image', entry };
  return { ok: true };
}
