/**
 * What evidence (凭证) Kameng accepts and how much of it (DOMAIN.md "Evidence"). The type of a file is
 * what its bytes say (sniffed), never its name or the Content-Type the browser sent.
 */
export const EVIDENCE_KINDS = ['image', 'video', 'archive'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

const MiB = 1024 * 1024;

/** Sniffed MIME type → kind. Anything not listed is refused. */
export const ALLOWED_TYPES: Readonly<Record<string, EvidenceKind>> = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/webp': 'image',
  'video/mp4': 'video',
  'video/webm': 'video',
  'application/zip': 'archive',
};

export const EVIDENCE_LIMITS = {
  /** Per uploaded file, by kind (an archive: its compressed size). */
  maxBytes: { image: 10 * MiB, video: 50 * MiB, archive: 30 * MiB } satisfies Record<EvidenceKind, number>,
  /**
   * Decoded size of an image: a small PNG can expand to gigabytes of pixels (an image bomb); 40 MP
   * covers every phone camera.
   */
  maxImagePixels: 40_000_000,
  /** Bytes read before deciding the type (file-type needs at most this much for our types). */
  sniffBytes: 4100,
  thumbMaxPx: 320,
  /** What one case may carry; see countForCase for what counts. */
  perCase: { files: 20, bytes: 100 * MiB },
  archive: {
    /** Entries in the central directory, directories and skipped system files included. */
    maxEntries: 50,
    /** Sum of the declared uncompressed sizes. */
    maxTotalUncompressed: 100 * MiB,
    /** uncompressed / compressed, per entry; real images barely compress, zeros compress ~1000:1. */
    maxRatio: 100,
    /** Below this an entry's ratio says nothing (a 300-byte file may deflate to 3). */
    ratioFloorBytes: 64 * 1024,
  },
} as const;

/** The largest upload of any kind: the multipart parser's hard stop, one byte above it. */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(EVIDENCE_LIMITS.maxBytes));

/** The kind of a sniffed type, or null if that type is not accepted. */
export function kindOf(mime: string | null | undefined): EvidenceKind | null {
  return (mime && ALLOWED_TYPES[mime]) || null;
}

export type CaseCaps = { files: number; bytes: number };
export type CaseUsage = { files: number; bytes: number };

/**
 * What one stored evidence row adds to its case. Files: what a reviewer opens — an image, a video or an
 * archive member; the archive itself is only a wrapper and counts 0. Bytes: what the person uploaded —
 * the archive's compressed size; its members count 0 so nothing is counted twice.
 */
export function countForCase(row: { kind: EvidenceKind; sizeBytes: number; isMember: boolean }): CaseUsage {
  if (row.isMember) return { files: 1, bytes: 0 };
  return { files: row.kind === 'archive' ? 0 : 1, bytes: row.sizeBytes };
}

export type CapacityVerdict =
  | { ok: true }
  | { ok: false; limit: 'files' | 'bytes'; max: number; would: number };

/** Whether adding `adding` to a case already holding `current` stays within `caps`. */
export function checkCaseCapacity(current: CaseUsage, adding: CaseUsage, caps: CaseCaps): CapacityVerdict {
  const files = current.files + adding.files;
  if (files > caps.files) return { ok: false, limit: 'files', max: caps.files, would: files };
  const bytes = current.bytes + adding.bytes;
  if (bytes > caps.bytes) return { ok: false, limit: 'bytes', max: caps.bytes, would: bytes };
  return { ok: true };
}
