import { z } from 'zod';
import { REFUND_TYPES } from '../../core/policy/index.ts';
import { CASE_STATES } from '../../core/refunds/case-machine.ts';

const Label = z.object({ zh: z.string(), en: z.string() });
export const CaseSummary = z.object({
  refundNo: z.string(),
  orderNo: z.string(),
  productName: z.string(),
  productKind: z.string(),
  type: z.enum(REFUND_TYPES),
  state: z.enum(CASE_STATES),
  stateLabel: Label,
  amountFen: z.number().int(),
  feeFen: z.number().int(),
  slaDeadline: z.string(),
  createdAt: z.string(),
});
export const CaseDetail = CaseSummary.extend({
  description: z.string(),
  requestedFen: z.number().int().nullable(),
  policyVersion: z.number().int(),
  quote: z.unknown(),
  version: z.number().int(),
  actions: z.array(z.string()),
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

export const QueueItem = CaseSummary.omit({ feeFen: true, createdAt: true }).extend({
  overdue: z.boolean(),
  escalated: z.boolean(),
  urged: z.boolean(),
  priority: z.number().int(),
  assignee: z.string().nullable(),
  version: z.number().int(),
});
