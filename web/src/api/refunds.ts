import { queryString, request } from './client.ts';
import type { Evidence } from './evidence.ts';
import type { Quote, RefundItem, RefundType } from './policy.ts';
import type { ProductKind } from './products.ts';
import type { ReturnShipment } from './returns.ts';

export type CaseState =
  | 'submitted'
  | 'info_requested'
  | 'risk_hold'
  | 'approved'
  | 'awaiting_return'
  | 'return_shipped'
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
  /** What was approved, once decided (lists show it instead of the amount asked). */
  approvedFen: number | null;
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

/** Buyer, staff and merchant actions a case may offer; the server lists the caller's in `actions`. */
export type CaseAction =
  | 'supplement'
  | 'urge'
  | 'withdraw'
  | 'appeal'
  | 'resubmit'
  | 'reopen'
  | 'refund_to_balance'
  | 'retry_payout'
  | 'dispute_fee'
  | 'add_evidence'
  | 'claim'
  | 'request_info'
  | 'approve'
  | 'reject'
  | 'escalate'
  | 'waive_fee'
  | 'contact'
  | 'merchant_agree'
  | 'merchant_object'
  | 'ship_return'
  | 'confirm_return'
  | 'object_return';

export type MerchantResponse = 'agreed' | 'objected' | 'lapsed';

export interface Bilingual {
  zh: string;
  en: string;
}

/** One field a resubmission changed against the rejected case. */
export interface CaseChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  requestedFen: number | null;
  policyVersion: number;
  /** The quote the case was opened under (slaDeadline as an ISO string). */
  quote: Quote;
  version: number;
  /** What the caller may do now, e.g. ['withdraw', 'add_evidence']. */
  actions: string[];
  timeline: CaseEvent[];
  evidence: Evidence[];
  /** 退货寄回: null unless the approval asked for the goods back. */
  returnShipment?: ReturnShipment | null;
  /** The rejected case this one resubmits, and the case that resubmitted this one. */
  previousRefundNo: string | null;
  nextRefundNo: string | null;
  changes: CaseChange[];
  urged: boolean;
  /** When the buyer may urge (催办) next; null when urging does not apply. */
  canUrgeAt: string | null;
  escalated: boolean;
  /** 要求升级: when the buyer asked for a supervisor, and why they may not (yet); null when they may. */
  escalationRequest?: { requestedAt: string | null; refusal: string | null };
  /** What the platform is waiting for, in plain words (「平台正在等待」). */
  waitingFor: Bilingual;
  infoDeadline: string | null;
  /** A rejected case may be appealed until then (申诉期限). */
  appealDeadline: string | null;
  merchantDeadline: string | null;
  merchantResponse: MerchantResponse | null;
  merchantNote: string | null;
  feeDisputed: boolean;
  feeWaivedFen: number;
  /** 极速退款: approved by the system at submission. */
  express?: boolean;
  rejectReason: (Bilingual & { code: string }) | null;
  /** The reviewer's own explanation of the rejection. */
  rejectNote?: string | null;
  /** Years a deadline of the case runs into whose public holidays are not entered yet. */
  calendarGapYears: number[];
  /** On a refunded case whose kept fee is disputed: the fee-dispute case opened for it. */
  feeDisputeRefundNo: string | null;
  /** On a fee-dispute case: the refunded case whose fee it disputes. */
  disputedRefundNo: string | null;
}

export interface NewRefund {
  orderNo: string;
  type: RefundType;
  description: string;
  requestedFen?: number;
  evidenceIds?: string[];
  /** Card-key orders: the held keys the refund covers; absent: all of them. */
  items?: RefundItem[];
}

export interface Resubmission {
  type: RefundType;
  description: string;
  requestedFen?: number;
  evidenceIds?: string[];
}

/** Free text plus files, as supplements, appeals and objections send them. */
export interface TextWithEvidence {
  text: string;
  evidenceIds?: string[];
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
export function listRefunds(status: string | undefined, cursor?: string, q?: string): Promise<CasePage> {
  return request('GET', `/api/refunds${queryString({ status, q, cursor, limit: 20 })}`);
}

/** The CSV download of the buyer's list as filtered (the browser sends the session cookie). */
export const refundsCsvHref = (status: string | undefined, q: string) =>
  `/api/refunds${queryString({ status, q, format: 'csv' })}`;

export function getRefund(refundNo: string): Promise<CaseDetail> {
  return request('GET', casePath(refundNo));
}

export function withdrawRefund(refundNo: string, reason?: string): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/withdraw`, reason ? { reason } : {});
}

/** Answers an information request (补充资料). */
export function supplementRefund(refundNo: string, body: TextWithEvidence): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/supplement`, body);
}

/** 催办: once the review deadline has passed, at most once per business day. */
export function urgeRefund(refundNo: string): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/urge`, {});
}

/** 申诉: a rejected case goes to a supervisor (not the agent who rejected it). */
export function appealRefund(refundNo: string, body: TextWithEvidence): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/appeal`, body);
}

/** Opens a new case continuing a rejected one; returns the new case. */
export function resubmitRefund(refundNo: string, body: Resubmission): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/resubmit`, body);
}

/** Reopens a case closed because an information request went unanswered (once). */
/** After the channel could not refund (退款失败): the buyer agrees to take it to the balance instead. */
export function refundToBalance(refundNo: string, expectedVersion: number): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/refund-to-balance`, { expectedVersion });
}

export function reopenRefund(refundNo: string, body: TextWithEvidence): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/reopen`, body);
}

/**
 * 手续费争议: asks a supervisor to look at the fee. On an undecided case the fee is marked disputed;
 * on a refunded one whose fee was kept it opens a fee-dispute case (`feeDisputeRefundNo` of the reply).
 */
export function disputeFee(refundNo: string, text: string): Promise<CaseDetail> {
  return request('POST', `${casePath(refundNo)}/dispute-fee`, { text });
}

/** The time a `REFUND.URGE_TOO_EARLY` / `REFUND.URGE_LIMIT` error names, if any. */
export function urgeAvailableAt(details: unknown): string | undefined {
  const at = (details as { canUrgeAt?: unknown } | undefined)?.canUrgeAt;
  return typeof at === 'string' ? at : undefined;
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
