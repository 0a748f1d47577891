import { request } from './client.ts';

export interface CaseFileStatus {
  fileId: number;
  scope: 'buyer' | 'merchant' | 'full';
  state: 'queued' | 'ready' | 'failed';
  createdAt: string;
  readyAt: string | null;
  pdfBytes: number | null;
  zipBytes: number | null;
  pdfSha256: string | null;
  manifestSha256: string | null;
  events: number | null;
  chainHead: string | null;
  buildMs: number | null;
}

const base = (refundNo: string) => `/api/refunds/${encodeURIComponent(refundNo)}/case-file`;

export const getCaseFile = (refundNo: string): Promise<{ file: CaseFileStatus | null }> =>
  request('GET', base(refundNo));
export const requestCaseFile = (refundNo: string): Promise<CaseFileStatus> => request('POST', base(refundNo));
export const caseFileUrl = (refundNo: string, ext: 'pdf' | 'zip') => `${base(refundNo)}.${ext}`;
