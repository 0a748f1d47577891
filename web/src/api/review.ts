import { queryString, request } from './client.ts';
import type { Credit } from './credit.ts';
import type { OrderDetail } from './orders.ts';
import type { Quote, RefundType } from './policy.ts';
import type { ProductKind } from './products.ts';
import type { Bilingual, CaseDetail, CaseState, CaseSummary, MerchantResponse } from './refunds.ts';

export interface QueueItem extends Omit<CaseSummary, 'feeFen' | 'createdAt' | 'approvedFen'> {
  overdue: boolean;
  escalated: boolean;
  urged: boolean;
  priority: number;
  /** Who holds the claim now; null when nobody does (or it lapsed). */
  assignee: string | null;
  version: number;
  merchantResponse: MerchantResponse | null;
}

export interface QueueFilter {
  type?: RefundType;
  productKind?: ProductKind;
  merchantId?: number;
  state?: CaseState;
  overdue?: boolean;
  mine?: boolean;
  /** The search box: refund no., order no., buyer username prefix or #id. */
  q?: string;
}

/** The agent's view of a case: the buyer's case plus the order's records and the buyer's history. */
export interface ReviewCase extends CaseDetail {
  /** The quote on today's facts (undecided cases): what an approval now pays. */
  currentQuote: Quote | null;
  /** Whether it differs from the quote the case was submitted with, and why. */
  quoteChange: { changed: boolean; reasons: Bilingual[] } | null;
  assignee: string | null;
  claimExpiresAt: string | null;
  /** The order with its delivery attempts, key extractions and shipment. */
  order: OrderDetail;
  /** The buyer's other cases. */
  earlierCases: CaseSummary[];
  /** The buyer's 信用分 (level and factors). */
  credit?: Credit;
}

export interface RejectReason extends Bilingual {
  code: string;
}

export type ContactChannel = 'phone' | 'other';

const reviewPath = (refundNo: string) => `/api/review/${encodeURIComponent(refundNo)}`;

const queueParams = (filter: QueueFilter) => ({
  type: filter.type,
  productKind: filter.productKind,
  merchantId: filter.merchantId,
  state: filter.state,
  overdue: filter.overdue ? 'true' : undefined,
  mine: filter.mine ? 'true' : undefined,
  q: filter.q,
});

export async function listQueue(filter: QueueFilter): Promise<QueueItem[]> {
  const { items } = await request<{ items: QueueItem[] }>(
    'GET',
    `/api/review/queue${queryString({ ...queueParams(filter), limit: 100 })}`,
  );
  return items;
}

/** The CSV download of the queue as filtered. */
export const queueCsvHref = (filter: QueueFilter) =>
  `/api/review/queue${queryString({ ...queueParams(filter), format: 'csv' })}`;

export async function listRejectReasons(): Promise<RejectReason[]> {
  const { items } = await request<{ items: RejectReason[] }>('GET', '/api/review/reject-reasons');
  return items;
}

export function getReviewCase(refundNo: string): Promise<ReviewCase> {
  return request('GET', reviewPath(refundNo));
}

export function claimCase(refundNo: string): Promise<CaseDetail> {
  return request('POST', `${reviewPath(refundNo)}/claim`, {});
}

export function requestInfo(refundNo: string, body: { reason: string; expectedVersion: number }) {
  return request<CaseDetail>('POST', `${reviewPath(refundNo)}/request-info`, body);
}

/**
 * `quotedFen` is the most the reviewer saw an approval may pay on today's facts; the server re-quotes
 * and answers 409 REFUND.QUOTE_CHANGED (see `quoteChangeOf`) when its figure differs.
 */
export function approveCase(
  refundNo: string,
  body: { amountFen?: number; quotedFen?: number; note?: string; expectedVersion: number },
): Promise<CaseDetail> {
  return request('POST', `${reviewPath(refundNo)}/approve`, body);
}

export function rejectCase(
  refundNo: string,
  body: { reasonCode: string; text: string; expectedVersion: number },
): Promise<CaseDetail> {
  return request('POST', `${reviewPath(refundNo)}/reject`, body);
}

export function escalateCase(refundNo: string, body: { reason: string; expectedVersion: number }) {
  return request<CaseDetail>('POST', `${reviewPath(refundNo)}/escalate`, body);
}

export function waiveFee(refundNo: string, body: { note: string; expectedVersion: number }) {
  return request<CaseDetail>('POST', `${reviewPath(refundNo)}/waive-fee`, body);
}

/** A supervisor tries a failed refund (退款失败) again through its channel, with a new attempt. */
export function retryPayout(refundNo: string, body: { note: string; expectedVersion: number }) {
  return request<CaseDetail>('POST', `${reviewPath(refundNo)}/retry-payout`, body);
}

/** Logs a phone call or other contact with the buyer or merchant; the case does not move. */
export function logContact(refundNo: string, body: { channel: ContactChannel; note: string }) {
  return request<CaseDetail>('POST', `${reviewPath(refundNo)}/contact`, body);
}

/** What a `REFUND.QUOTE_CHANGED` / `REFUND.NO_LONGER_ELIGIBLE` error's details say changed. */
export interface QuoteChangeDetails {
  beforeFen: number;
  nowFen: number | null;
  reasons: Bilingual[];
}

export function quoteChangeOf(details: unknown): QuoteChangeDetails | null {
  const d = details as { beforeFen?: unknown; nowFen?: unknown; reasons?: unknown } | undefined;
  if (typeof d?.beforeFen !== 'number') return null;
  const reasons = Array.isArray(d.reasons)
    ? d.reasons.filter(
        (r): r is Bilingual => typeof r === 'object' && r !== null && typeof (r as Bilingual).zh === 'string',
      )
    : [];
  return { beforeFen: d.beforeFen, nowFen: typeof d.nowFen === 'number' ? d.nowFen : null, reasons };
}
