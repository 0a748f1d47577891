import { z } from 'zod';
import { REFUND_TYPES } from '../../core/policy/index.ts';
import { CASE_STATES } from '../../core/refunds/case-machine.ts';
import { SEARCH_MAX_LENGTH } from '../../core/search/case-search.ts';
import { beijingCell } from '../../core/search/csv.ts';
import { CreditBody } from '../credit/http-schemas.ts';
import { OrderDetail } from '../orders/http-schemas.ts';
import { QuoteResponse } from '../policy/http-schemas.ts';
import { ReturnShipmentBody } from '../returns/return-view.ts';

const Label = z.object({ zh: z.string(), en: z.string() });

/** One evidence file as a case page shows it (thumbnails for images; archive members listed too). */
export const EvidenceItem = z.object({
  evidenceId: z.string(),
  kind: z.enum(['image', 'video', 'archive']),
  mime: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string(),
  thumbUrl: z.string().nullable(),
  createdAt: z.string(),
  checks: z.record(z.string(), z.unknown()),
  uploadedByRole: z.string(),
  /** The archive an image came out of, or null for a direct upload. */
  parentId: z.string().nullable(),
});
export const CaseSummary = z.object({
  refundNo: z.string(),
  orderNo: z.string(),
  productName: z.string(),
  productKind: z.string(),
  type: z.enum(REFUND_TYPES),
  state: z.enum(CASE_STATES),
  stateLabel: Label,
  amountFen: z.number().int(),
  /** What was approved, once decided. */
  approvedFen: z.number().int().nullable(),
  feeFen: z.number().int(),
  slaDeadline: z.string(),
  /** Until when the merchant may agree or object, and what it answered. */
  merchantDeadline: z.string().nullable(),
  merchantResponse: z.enum(['agreed', 'objected', 'lapsed']).nullable(),
  createdAt: z.string(),
});
export const CaseDetail = CaseSummary.extend({
  description: z.string(),
  requestedFen: z.number().int().nullable(),
  policyVersion: z.number().int(),
  quote: z.unknown(),
  version: z.number().int(),
  actions: z.array(z.string()),
  /** Years a deadline of the case runs into whose public holidays are not configured yet. */
  calendarGapYears: z.array(z.number().int()),
  /** What the platform is waiting for, in plain words. */
  waitingFor: Label,
  urged: z.boolean(),
  /** When the buyer may urge (催办); null when the state does not allow it. */
  canUrgeAt: z.string().nullable(),
  escalated: z.boolean(),
  /** 要求升级: when the buyer asked for a supervisor, and why they may not (yet) — null when they may. */
  escalationRequest: z.object({ requestedAt: z.string().nullable(), refusal: z.string().nullable() }),
  infoDeadline: z.string().nullable(),
  /** A rejected case may be appealed until then (申诉期限); null when it may not be (any more). */
  appealDeadline: z.string().nullable(),
  merchantNote: z.string().nullable(),
  feeDisputed: z.boolean(),
  feeWaivedFen: z.number().int(),
  /** 极速退款: approved by the system at submission (see docs/adr/0012). */
  express: z.boolean(),
  rejectReason: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
  rejectNote: z.string().nullable(),
  /** The rejected case this one resubmits, and the case that resubmitted this one. */
  previousRefundNo: z.string().nullable(),
  nextRefundNo: z.string().nullable(),
  /** The fee-dispute case opened on this refunded case's kept fee, and (on that case) the one it disputes. */
  feeDisputeRefundNo: z.string().nullable(),
  disputedRefundNo: z.string().nullable(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  evidence: z.array(EvidenceItem),
  /** 退货寄回: null unless the approval asked for the goods back. */
  returnShipment: ReturnShipmentBody.nullable(),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      actorRole: z.string(),
      reason: z.string().nullable(),
      textZh: z.string(),
      textEn: z.string(),
    }),
  ),
});
export const byNo = z.object({ refundNo: z.string().max(32) });

/** A list's search box (控制字符 such as NUL are refused for every query string by the input guard). */
export const SearchText = z.string().max(SEARCH_MAX_LENGTH).optional();
/** `format=csv` downloads the list as filtered instead of a page of JSON. */
export const ListFormat = z.enum(['json', 'csv']).optional();
/** The day in an export's file name, Beijing time. */
export const csvDay = (now: Date) => beijingCell(now).slice(0, 10);

export const QueueItem = CaseSummary.omit({
  feeFen: true,
  createdAt: true,
  merchantDeadline: true,
  approvedFen: true,
}).extend({
  overdue: z.boolean(),
  escalated: z.boolean(),
  urged: z.boolean(),
  priority: z.number().int(),
  assignee: z.string().nullable(),
  version: z.number().int(),
});

/** The reviewer's case view: who holds it, the order with its records, the buyer's earlier cases. */
export const ReviewCase = CaseDetail.extend({
  /** The quote on today's facts (undecided cases): what an approval now pays. */
  currentQuote: QuoteResponse.nullable(),
  /** Whether it differs from the quote the case was submitted with, and why. */
  quoteChange: z.object({ changed: z.boolean(), reasons: z.array(Label) }).nullable(),
  assignee: z.string().nullable(),
  claimExpiresAt: z.string().nullable(),
  order: OrderDetail,
  earlierCases: z.array(CaseSummary),
  /** The buyer's 信用分 (level, factors), as the buyer sees it. */
  credit: CreditBody,
});

export const EvidenceIds = z.array(z.string().max(64)).max(20).optional();

/** The merchant's case view: the detail plus the order with its records (buyer data masked). */
export const MerchantCase = CaseDetail.extend({ order: OrderDetail });
