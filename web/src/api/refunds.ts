import { queryString, request } from './client.ts';
import type { Quote, RefundType } from './policy.ts';
import type { ProductKind } from './products.ts';

export type CaseState =
  | 'submitted'
  | 'info_requested'
  | 'risk_hold'
  | 'approved'
  | 'refunding'
  | 'refunded'
  | 'refund_failed'
  | 'rejected'
  | 'appealed'
  | 'withdrawn'
  | 'closed';

/** What a good description names; the server lists the ones it did not find. */
export type DescriptionElement = 'order_no' | 'time' | 'symptom';
export const descriptionElements: DescriptionElement[] = ['order_no', 'time', 'symptom'];

export interface CaseSummary {
  refundNo: string;
  orderNo: string;
  productName: string;
  productKind: ProductKind;
  type: RefundType;
  state: CaseState;
  stateLabel: { zh: string; en: string };
  amountFen: number;
  feeFen: number;
  slaDeadline: string;
  createdAt: string;
}

export interface CaseEvent {
  at: string;
  kind: string;
  fromState: CaseState | null;
  toState: CaseState;
  actorRole: string;
  reason: string | null;
  textZh: string;
  textEn: string;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  requestedFen: number | null;
  policyVersion: number;
  /** The quote the case was opened under (slaDeadline as an ISO string). */
  quote: Quote;
  version: number;
  /** Events open to the caller, e.g. ['withdraw']. */
  actions: string[];
  timeline: CaseEvent[];
}

export interface NewRefund {
  orderNo: string;
  type: RefundType;
  description: string;
  requestedFen?: number;
}

export interface CasePage {
  items: CaseSummary[];
  nextCursor: string | null;
}

const casePath = (refundNo: string) => `/api/refunds/${encodeURIComponent(refundNo)}`;

/** Opens a case; the same `idempotencyKey` for a retry or double click yields the one case. */
export function submitRefund(
  body: NewRefund,
  idempotencyKey: string,
): Promise<CaseDetail & { missing: DescriptionElement[] }> {
  return request('POST', '/api/refunds', body, { 'Idempotency-Key': idempotencyKey });
}

/** `status`: one state or several, comma-separated. */
export function listRefunds(status: string | undefined, cursor?: string): Promise<CasePage> {
  return request('GET', `/api/refunds${queryString({ status, cursor, limit: 20 })}`);
}

export function getRefund(refundNo: string): Promise<CaseDetail> {
  return request('GET', casePath(refundNo));
}

export function withdrawRefund(refundNo: string, reason?: string): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/withdraw`, reason ? { reason } : {});
}

/** The refund number of an open case named by a `REFUND.CASE_OPEN` error, if the server gave it. */
export function openCaseNo(details: unknown): string | undefined {
  const refundNo = (details as { refundNo?: unknown } | undefined)?.refundNo;
  return typeof refundNo === 'string' ? refundNo : undefined;
}

/** The elements a `REFUND.DESCRIPTION_VAGUE` error says are missing. */
export function missingElements(details: unknown): DescriptionElement[] {
  const missing = (details as { missing?: unknown } | undefined)?.missing;
  return Array.isArray(missing)
    ? missing.filter((item): item is DescriptionElement => descriptionElements.includes(item))
    : [];
}
