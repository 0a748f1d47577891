import { postForm, request } from './client.ts';

export type EvidenceFileKind = 'image' | 'video' | 'archive';

/** One uploaded file (凭证) as the server describes it; an archive lists the images it held. */
export interface Evidence {
  evidenceId: string;
  kind: EvidenceFileKind;
  mime: string;
  fileName: string;
  sizeBytes: number;
  sha256?: string;
  /** Where the bytes are served (session-authenticated, same origin). */
  url: string;
  thumbUrl: string | null;
  width?: number | null;
  height?: number | null;
  checks?: Record<string, unknown>;
  createdAt?: string;
  /** Upload answers: an archive's images. */
  members?: Evidence[];
  /** Case evidence: who added it, and the archive an image came from. */
  uploadedByRole?: string;
  parentId?: string | null;
}

function fileForm(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}

/** Uploads a file before it belongs to a case; its id then goes in `evidenceIds` of a request. */
export function uploadEvidence(file: File): Promise<Evidence> {
  return postForm('/api/evidence', fileForm(file));
}

/** Adds a file to an open case directly. */
export function addCaseEvidence(refundNo: string, file: File): Promise<Evidence> {
  return postForm(`/api/refunds/${encodeURIComponent(refundNo)}/evidence`, fileForm(file));
}

/** "1.2 MB", "340 KB": a file size for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'error' | 'pending';

/** One evidence check (凭证核验): a hint for the reviewer, never a verdict. */
export interface EvidenceCheck {
  kind: 'duplicate' | 'metadata' | 'plausibility' | 'ocr';
  status: CheckStatus;
  confidence: number | null;
  reasonZh: string;
  reasonEn: string;
  data: {
    /** OCR: where digit runs were read, as fractions of the image. */
    regions?: { text: string; x: number; y: number; w: number; h: number }[];
    orderNo?: { kind: 'exact' | 'near' | 'none'; found: string | null };
    [key: string]: unknown;
  };
  checkedAt: string | null;
}

export type CheckedEvidence = Evidence & { checkResults?: EvidenceCheck[] };

/** The checks of one file; `orderNo` judges the OCR against that order before the file joins a case. */
export function getEvidenceChecks(evidenceId: string, orderNo?: string): Promise<EvidenceCheck[]> {
  const query = orderNo ? `?orderNo=${encodeURIComponent(orderNo)}` : '';
  return request('GET', `/api/evidence/${encodeURIComponent(evidenceId)}/checks${query}`);
}

/** A case's files with their checks, judged against the case's order. */
export async function getCaseEvidence(refundNo: string): Promise<CheckedEvidence[]> {
  const { items } = await request<{ items: CheckedEvidence[] }>(
    'GET',
    `/api/refunds/${encodeURIComponent(refundNo)}/evidence`,
  );
  return items;
}
