import { randomBytes } from 'node:crypto';
import type { evidence } from './schema.ts';

export type EvidenceRow = typeof evidence.$inferSelect;

/** Public ids: `ev_` and 120 random bits — not a sequence, not guessable. */
export const newEvidenceId = () => `ev_${randomBytes(15).toString('base64url')}`;
export const EVIDENCE_ID = /^ev_[A-Za-z0-9_-]{20}$/;

export const blobKeyOf = (publicId: string) => `evidence/${publicId}`;
export const thumbKeyOf = (publicId: string) => `evidence/${publicId}/thumb`;

/** One evidence file as the API shows it. */
export type EvidenceView = {
  evidenceId: string;
  kind: EvidenceRow['kind'];
  mime: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  url: string;
  thumbUrl: string | null;
  checks: Record<string, unknown>;
  createdAt: string;
};

/** The columns an evidence file's view is made of. */
export type ViewedEvidence = Pick<
  EvidenceRow,
  | 'publicId'
  | 'kind'
  | 'mime'
  | 'fileName'
  | 'sizeBytes'
  | 'sha256'
  | 'width'
  | 'height'
  | 'thumbKey'
  | 'checks'
  | 'createdAt'
>;

export function evidenceView(row: ViewedEvidence): EvidenceView {
  return {
    evidenceId: row.publicId,
    kind: row.kind,
    mime: row.mime,
    fileName: row.fileName,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    url: `/api/evidence/${row.publicId}`,
    thumbUrl: row.thumbKey ? `/api/evidence/${row.publicId}/thumb` : null,
    checks: row.checks as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A name that says nothing of what the uploader called the file (names often carry a person's name or
 * phone number): 凭证-01.png, numbered by its place in the list.
 */
export function neutralName(i: number, fileName: string): string {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase() ?? 'bin';
  return `凭证-${String(i + 1).padStart(2, '0')}.${ext}`;
}

/** One file under its neutral name, with only its sniffed type of what the upload found (an archive's
 * `checks` name its members). */
export function neutralView<T extends EvidenceView>(view: T, i: number): T {
  return { ...view, fileName: neutralName(i, view.fileName), checks: { sniffed: view.mime } };
}

/**
 * A case's files as `role` sees them: a merchant gets the buyer's and the staff's files under neutral
 * names (the file itself downloads as its evidence id); everyone else as uploaded.
 */
export function evidenceForRole<T extends EvidenceView & { uploadedByRole: string }>(
  items: T[],
  role: string,
): T[] {
  if (role !== 'merchant') return items;
  return items.map((e, i) => (e.uploadedByRole === 'merchant' ? e : neutralView(e, i)));
}

/**
 * The name a file (or its thumbnail) downloads under: a merchant gets other people's files by their
 * evidence id, not by what the buyer named them.
 */
export function downloadName(
  e: { publicId: string; fileName: string; ownerId: number },
  viewer: { role: string; userId: number },
  what: 'file' | 'thumb',
): string {
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(e.fileName)?.[0] ?? '';
  const base = viewer.role === 'merchant' && e.ownerId !== viewer.userId ? `${e.publicId}${ext}` : e.fileName;
  return what === 'file' ? base : `${base.replace(/\.[^.]*$/, '')}.thumb.webp`;
}
