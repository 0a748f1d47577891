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
