import { request } from './client.ts';
import type { ProductKind } from './products.ts';

export type RefundType =
  | 'not_received'
  | 'not_as_described'
  | 'quality_issue'
  | 'no_reason_7d'
  | 'partial_delivery'
  | 'fee_dispute';

export const refundTypes: RefundType[] = [
  'not_received',
  'not_as_described',
  'quality_issue',
  'no_reason_7d',
  'partial_delivery',
  'fee_dispute',
];

export type EvidenceKind = 'screenshot' | 'payment_record' | 'delivery_record' | 'video' | 'photo';

export interface PolicyItem {
  /** The rule (or fee, SLA…) id cited to buyers, e.g. V-7D. */
  id: string;
  text: string;
  details: string[];
}

export interface PolicyText {
  lang: 'zh' | 'en';
  title: string;
  version: number | null;
  sections: { id: string; title: string; items: PolicyItem[] }[];
}

/** The parts of a policy document the web app reads; the editor treats the rest as opaque JSON. */
export interface PolicyDocument {
  fees?: { id: string; labelZh: string; labelEn: string; rateBp: number }[];
  [key: string]: unknown;
}

export interface PublicPolicy {
  version: number;
  publishedAt: string;
  document: PolicyDocument;
  text: { zh: PolicyText; en: PolicyText };
}

export interface DayRange {
  minDays: number;
  maxDays: number;
}

export type QuoteFee = { id: string; kind: string; labelZh: string; labelEn: string; amountFen: number };
export type QuoteReason = { ruleId: string; textZh: string; textEn: string };

/**
 * How the order's units were quoted: the whole order, or for card keys the unrevealed keys (unused,
 * can be taken back), the revealed ones (the "used" rules) and units never issued (undelivered).
 */
export type QuotePartKind = 'order' | 'keys_unrevealed' | 'keys_revealed' | 'not_issued';

export interface QuotePart {
  kind: QuotePartKind;
  units: number;
  /** The share of what was paid these units are worth. */
  worthFen: number;
  eligible: boolean;
  ruleId: string;
  amountFen: number;
  grossFen: number;
  fees: QuoteFee[];
  reasons: QuoteReason[];
  hint?: { zh: string; en: string };
}

export interface Quote {
  eligible: boolean;
  policyVersion: number | null;
  ruleId: string;
  amountFen: number;
  grossFen: number;
  fees: QuoteFee[];
  requiredEvidence: { kind: EvidenceKind; min: number; descriptionZh: string; descriptionEn: string }[];
  slaDeadline: string | null;
  reviewDays: DayRange | null;
  arrivalEstimate: DayRange | null;
  reasons: QuoteReason[];
  hint?: { zh: string; en: string };
  /** Years the review deadline runs into whose public holidays are not entered: it may be off. */
  calendarGapYears: number[];
  /** The parts quoted, eligible ones first (one part unless the order is quoted key by key). */
  parts: QuotePart[];
  /** 极速退款 (the buyer's own quote): refunded as soon as it is submitted, or why not. */
  express?: { eligible: boolean; reasons: { code: string; zh: string; en: string }[] };
}

/** The card keys a refund covers; absent: every key the buyer still holds. */
export type RefundItem = { cardKeyId: number };

export interface QuoteRequest {
  orderNo: string;
  type: RefundType;
  requestedFen?: number;
  items?: RefundItem[];
}

export interface AdminPolicy {
  current: { version: number; document: unknown };
  draft: { document: unknown; updatedAt: string | null; basedOn: number };
}

/** One problem with a draft, as `POLICY.INVALID` lists them: `fees[0].rateBp`, `rules[3].appliesTo.types[1]`. */
export interface PolicyIssue {
  path: string;
  message: string;
}

export interface PolicyVersion {
  version: number;
  note: string;
  basedOn: number | null;
  publishedBy: string | null;
  publishedAt: string;
}

export interface SimulationOutcome {
  eligible: boolean;
  amountFen: number;
  ruleId: string;
}

export interface Simulation {
  /** 极速退款 under the draft: cases refunded at once, their amount, later rejected or found abusive. */
  express?: { cases: number; amountFen: number; laterRejected: number; abusive: number };
  cases: number;
  changed: number;
  eligibleBefore: number;
  eligibleAfter: number;
  amountBeforeFen: number;
  amountAfterFen: number;
  byGroup: {
    type: RefundType;
    productKind: ProductKind;
    cases: number;
    changed: number;
    amountBeforeFen: number;
    amountAfterFen: number;
  }[];
  examples: { orderNo: string; type: RefundType; before: SimulationOutcome; after: SimulationOutcome }[];
  /** Quotes buyers looked at without applying (latest per order and type), apart from the cases. */
  quoteViews: { count: number; changed: number; eligibleBefore: number; eligibleAfter: number };
}

export function getPublicPolicy(): Promise<PublicPolicy> {
  return request('GET', '/api/policy');
}

export function quoteRefund(body: QuoteRequest): Promise<Quote> {
  return request('POST', '/api/refunds/quote', body);
}

export function getAdminPolicy(): Promise<AdminPolicy> {
  return request('GET', '/api/admin/policy');
}

export function saveDraft(document: unknown): Promise<{ ok: true }> {
  return request('PUT', '/api/admin/policy', { document });
}

export function publishDraft(note: string): Promise<{ version: number }> {
  return request('POST', '/api/admin/policy/publish', { note });
}

export function rollbackPolicy(
  version: number,
  note: string,
  currentVersion: number | null,
): Promise<{ version: number }> {
  return request('POST', '/api/admin/policy/rollback', {
    version,
    note,
    ...(currentVersion === null ? {} : { currentVersion }),
  });
}

export async function listPolicyVersions(): Promise<PolicyVersion[]> {
  const { items } = await request<{ items: PolicyVersion[] }>('GET', '/api/admin/policy/versions');
  return items;
}

export function simulatePolicy(document: unknown, days: number): Promise<Simulation> {
  return request('POST', '/api/admin/policy/simulate', { document, days });
}

/** The issues of a `POLICY.INVALID` error's details; [] for anything else. */
export function policyIssues(details: unknown): PolicyIssue[] {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (issue): issue is PolicyIssue =>
      typeof issue === 'object' &&
      issue !== null &&
      typeof (issue as PolicyIssue).path === 'string' &&
      typeof (issue as PolicyIssue).message === 'string',
  );
}
