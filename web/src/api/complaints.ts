import { queryString, request } from './client.ts';
import type { CheckedEvidence } from './evidence.ts';

export const complaintKinds = [
  'slow_handling',
  'unfair_rejection',
  'unfair_fee',
  'merchant_conduct',
  'agent_conduct',
  'merchant_general',
] as const;
export type ComplaintKind = (typeof complaintKinds)[number];
/** Kinds filed from a refund case (the rest name a merchant). */
export const caseComplaintKinds: ComplaintKind[] = [
  'slow_handling',
  'unfair_rejection',
  'unfair_fee',
  'merchant_conduct',
  'agent_conduct',
];
export type ComplaintState = 'submitted' | 'accepted' | 'investigating' | 'resolved' | 'dismissed';
export type ComplaintAction = 'accept' | 'investigate' | 'resolve' | 'dismiss' | 'reopen' | 'urge' | 'answer';
export type OutcomeAction = 'reopen_case' | 'refund_fee' | 'compensate';

export interface ComplaintSummary {
  complaintNo: string;
  kind: ComplaintKind;
  state: ComplaintState;
  refundNo: string | null;
  merchantId: number;
  merchantName: string;
  deadline: string;
  urged: boolean;
  escalated: boolean;
  priority: number;
  closedAt: string | null;
  metDeadline: boolean | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ComplaintDetail extends ComplaintSummary {
  text: string;
  evidenceIds: string[];
  /** The files filed with it (the merchant sees them under neutral names; checks for the handlers). */
  evidence: CheckedEvidence[];
  caseState: string | null;
  buyerName: string | null;
  handlerName: string | null;
  merchantAnswer: string | null;
  merchantAnsweredAt: string | null;
  merchantAnswerDeadline: string | null;
  outcome: {
    actions: string[];
    explanation: string;
    lines: { zh: string; en: string }[];
    reopenedRefundNo?: string | null;
  } | null;
  feeRefundedFen: number;
  compensationFen: number;
  /** Supervisors who may decide now: the outcomes a decision would accept and its limits; else null. */
  choices: { actions: OutcomeAction[]; compensationLeftFen: number; feeFen: number } | null;
  reopenCount: number;
  urgeCount: number;
  timeline: {
    kind: string;
    fromState: string | null;
    toState: string;
    actorRole: string;
    text: string | null;
    at: string;
  }[];
  actions: ComplaintAction[];
}

/** The shops the buyer may complain about in general: those they bought from. */
export function complainableMerchants(): Promise<{ items: { merchantId: number; name: string }[] }> {
  return request('GET', '/api/complaints/merchants');
}

export function fileComplaint(body: {
  kind: ComplaintKind;
  refundNo?: string;
  merchantId?: number;
  text: string;
  evidenceIds?: string[];
}): Promise<ComplaintDetail> {
  return request('POST', '/api/complaints', body);
}

export function listComplaints(params: {
  state?: string;
  kind?: string;
  refundNo?: string;
  actionable?: boolean;
  cursor?: string;
}): Promise<{ items: ComplaintSummary[]; nextCursor: string | null }> {
  return request(
    'GET',
    `/api/complaints${queryString({ ...params, actionable: params.actionable ? 'true' : undefined, limit: 50 })}`,
  );
}

export const getComplaint = (no: string): Promise<ComplaintDetail> =>
  request('GET', `/api/complaints/${encodeURIComponent(no)}`);

const post = (no: string, action: string, body: unknown = {}): Promise<ComplaintDetail> =>
  request('POST', `/api/complaints/${encodeURIComponent(no)}/${action}`, body);

export const acceptComplaint = (c: ComplaintDetail) =>
  post(c.complaintNo, 'accept', { expectedVersion: c.version });
export const investigateComplaint = (c: ComplaintDetail, note: string) =>
  post(c.complaintNo, 'investigate', { expectedVersion: c.version, note: note || undefined });
export const dismissComplaint = (c: ComplaintDetail, reason: string) =>
  post(c.complaintNo, 'dismiss', { expectedVersion: c.version, reason });
export const resolveComplaint = (
  c: ComplaintDetail,
  body: { explanation: string; actions: OutcomeAction[]; compensationFen: number },
) => post(c.complaintNo, 'resolve', { expectedVersion: c.version, ...body });
export const answerComplaint = (no: string, text: string) => post(no, 'answer', { text });
export const urgeComplaint = (no: string) => post(no, 'urge');
export const reopenComplaint = (no: string, text: string) => post(no, 'reopen', { text });

export interface ComplaintGuide {
  policyVersion: number | null;
  sections: { id: string; titleZh: string; titleEn: string; itemsZh: string[]; itemsEn: string[] }[];
}
export const getComplaintGuide = (): Promise<ComplaintGuide> => request('GET', '/api/help/complaints');

export interface ComplaintCounts {
  total: number;
  open: number;
  resolved: number;
  dismissed: number;
  onTime: number;
  late: number;
  overdue: number;
}
export interface ComplaintStats {
  from: string;
  to: string;
  total: ComplaintCounts;
  sla: { decided: number; onTime: number; late: number; overdue: number; onTimeRate: number | null };
  outcomes: {
    resolved: number;
    dismissed: number;
    reopenCase: number;
    refundFee: number;
    compensate: number;
    feeRefundedFen: number;
    compensationFen: number;
    reopenedByBuyer: number;
  };
  byKind: (ComplaintCounts & { kind: ComplaintKind })[];
  byMerchant: (ComplaintCounts & { merchantId: number; name: string })[];
}
export const getComplaintStats = (): Promise<ComplaintStats> => request('GET', '/api/admin/complaints/stats');
