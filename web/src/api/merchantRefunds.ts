import { queryString, request } from './client.ts';
import type { CaseDetail, CaseSummary, MerchantResponse, TextWithEvidence } from './refunds.ts';

/** A case in the merchant's list; the response fields say whether (and until when) it may answer. */
export interface MerchantCaseSummary extends CaseSummary {
  merchantDeadline?: string | null;
  merchantResponse?: MerchantResponse | null;
}

const merchantPath = (refundNo: string) => `/api/merchant/refunds/${encodeURIComponent(refundNo)}`;

/** Refund cases on the merchant's orders, newest first; `status` as for the buyer's list. */
export function listMerchantRefunds(
  status: string | undefined,
  cursor?: string,
  q?: string,
): Promise<{ items: MerchantCaseSummary[]; nextCursor: string | null }> {
  return request('GET', `/api/merchant/refunds${queryString({ status, q, cursor, limit: 20 })}`);
}

/** The shop's cases still waiting for its answer (agree or object), the earliest deadline first. */
export function listAwaitingAnswer(): Promise<{ items: MerchantCaseSummary[] }> {
  return request('GET', `/api/merchant/refunds${queryString({ awaiting: 'answer', limit: 100 })}`);
}

/** The CSV download of the merchant's cases as filtered. */
export const merchantRefundsCsvHref = (status: string | undefined, q: string) =>
  `/api/merchant/refunds${queryString({ status, q, format: 'csv' })}`;

/** The merchant accepts the refund within its response window. */
export function merchantAgree(refundNo: string, note?: string): Promise<CaseDetail> {
  return request('POST', `${merchantPath(refundNo)}/agree`, note ? { note } : {});
}

/** The merchant objects, with its reasons and evidence, for the agent to weigh. */
export function merchantObject(refundNo: string, body: TextWithEvidence): Promise<CaseDetail> {
  return request('POST', `${merchantPath(refundNo)}/object`, body);
}
