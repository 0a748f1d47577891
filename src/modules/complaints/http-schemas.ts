import { z } from 'zod';
import { COMPLAINT_KINDS, COMPLAINT_STATES } from '../../core/complaints/complaint-machine.ts';
import { OUTCOME_ACTIONS } from '../../core/complaints/complaint-rules.ts';
import { CaseEvidence } from '../evidence/http-schemas.ts';

export const byComplaintNo = z.object({ complaintNo: z.string().max(32) });

export const ComplaintSummary = z.object({
  complaintNo: z.string(),
  kind: z.enum(COMPLAINT_KINDS),
  state: z.enum(COMPLAINT_STATES),
  refundNo: z.string().nullable(),
  merchantId: z.number().int(),
  merchantName: z.string(),
  deadline: z.string(),
  urged: z.boolean(),
  escalated: z.boolean(),
  priority: z.number().int(),
  closedAt: z.string().nullable(),
  /** Decided by the deadline (null while open). */
  metDeadline: z.boolean().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ComplaintDetail = ComplaintSummary.extend({
  text: z.string(),
  evidenceIds: z.array(z.string()),
  /** The files filed with it (an archive, then its images); checkResults for supervisors and admins. */
  evidence: z.array(CaseEvidence),
  caseState: z.string().nullable(),
  buyerName: z.string().nullable(),
  handlerName: z.string().nullable(),
  merchantAnswer: z.string().nullable(),
  merchantAnsweredAt: z.string().nullable(),
  merchantAnswerDeadline: z.string().nullable(),
  outcome: z
    .object({
      actions: z.array(z.string()),
      explanation: z.string(),
      lines: z.array(z.object({ zh: z.string(), en: z.string() })),
      reopenedRefundNo: z.string().nullable().optional(),
      ledgerTxnIds: z.array(z.number().int()).optional(),
    })
    .nullable(),
  feeRefundedFen: z.number().int(),
  compensationFen: z.number().int(),
  /** Supervisors who may decide now: the outcomes a decision would accept, the fee it would give back
   * and the compensation left under the policy's cap. Null for everyone else. */
  choices: z
    .object({
      actions: z.array(z.enum(OUTCOME_ACTIONS)),
      compensationLeftFen: z.number().int(),
      feeFen: z.number().int(),
    })
    .nullable(),
  reopenCount: z.number().int(),
  urgeCount: z.number().int(),
  concernedStaffIds: z.array(z.number().int()),
  timeline: z.array(
    z.object({
      kind: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      actorRole: z.string(),
      text: z.string().nullable(),
      at: z.string(),
    }),
  ),
  actions: z.array(z.enum(['accept', 'investigate', 'resolve', 'dismiss', 'reopen', 'urge', 'answer'])),
});

export const FileComplaintBody = z.object({
  kind: z.enum(COMPLAINT_KINDS),
  refundNo: z.string().max(32).optional(),
  merchantId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  text: z.string().trim().min(5).max(2000),
  evidenceIds: z.array(z.string().max(64)).max(20).optional(),
});

export const ResolveBody = z.object({
  expectedVersion: z.number().int().positive().optional(),
  explanation: z.string().trim().min(5).max(2000),
  actions: z.array(z.enum(OUTCOME_ACTIONS)).max(3).default([]),
  compensationFen: z.number().int().min(0).max(100_000_000).default(0),
});
