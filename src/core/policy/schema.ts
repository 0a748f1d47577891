import { z } from 'zod';
import { CalendarConfigSchema } from '../calendar/schema.ts';
import { ComplaintPolicySchema, DEFAULT_COMPLAINT_POLICY } from '../complaints/complaint-policy.ts';
import { ExpressPolicySchema } from '../credit/express.ts';
import { CreditLevelsSchema } from '../credit/levels.ts';
import { ROUNDING_MODES } from '../money/rounding.ts';
import { DEFAULT_RETURN_POLICY, ReturnPolicySchema } from '../returns/return-policy.ts';
import { findOverlaps } from './overlap.ts';
import { SYSTEM_REASON_IDS } from './system-reasons.ts';
import {
  EVIDENCE_KINDS,
  goodsClassOf,
  ORDER_STATUSES,
  PAYMENT_CHANNELS,
  PRODUCT_KINDS,
  REFUND_TYPES,
} from './vocabulary.ts';

const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const text = z.string().trim().min(1).max(500);
/** Rule and fee ids are cited to buyers ("规则 V-7D"), so they are short, upper-case and stable. */
const Id = z.string().regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/, 'must look like V-UNUSED (A-Z, 0-9, dashes)');

const DayRangeSchema = z
  .strictObject({ minDays: z.number().int().min(0).max(60), maxDays: z.number().int().min(0).max(60) })
  .superRefine((r, ctx) => {
    if (r.minDays > r.maxDays)
      ctx.addIssue({ code: 'custom', path: ['minDays'], message: 'minDays must not exceed maxDays' });
  });
export type DayRange = z.output<typeof DayRangeSchema>;

export const FeeLineSchema = z
  .strictObject({
    id: Id,
    kind: z.enum(['channel', 'platform_service']),
    rateBp: z.number().int().min(0).max(10_000),
    minFen: fen,
    /** Absent: no cap. */
    maxFen: fen.optional(),
    labelZh: text,
    labelEn: text,
  })
  .superRefine((f, ctx) => {
    if (f.maxFen !== undefined && f.minFen > f.maxFen) {
      ctx.addIssue({ code: 'custom', path: ['minFen'], message: 'minFen must not exceed maxFen' });
    }
  });
export type FeeLine = z.output<typeof FeeLineSchema>;

/** Every present condition must hold (AND); an absent one does not matter. */
export const ConditionsSchema = z.strictObject({
  /** Something provably arrived: a delivery time is recorded and at least one unit (key) arrived. */
  delivered: z.boolean().optional(),
  failed: z.boolean().optional(),
  keysRevealed: z.boolean().optional(),
  /**
   * The buyer has consumed what arrived: with keys, any key revealed; without keys (top-up credit,
   * directly activated membership), anything delivered — credit that arrived cannot be taken back.
   */
  used: z.boolean().optional(),
  arrivedShort: z.boolean().optional(),
  /** A physical parcel was signed for. */
  received: z.boolean().optional(),
  /** An earlier refund on this order withheld fees. */
  feeCharged: z.boolean().optional(),
  /** Calendar days in Asia/Shanghai, the day of delivery/receipt not counted (签收次日起算). */
  maxDaysSinceDelivery: z.number().int().min(0).max(3650).optional(),
  maxDaysSinceReceipt: z.number().int().min(0).max(3650).optional(),
  statusIn: z.array(z.enum(ORDER_STATUSES)).min(1).optional(),
});
export type Conditions = z.output<typeof ConditionsSchema>;

export const EvidenceRequirementSchema = z.strictObject({
  kind: z.enum(EVIDENCE_KINDS),
  /** 0 = recommended, not required. */
  min: z.number().int().min(0).max(20),
  descriptionZh: text,
  descriptionEn: text,
});
export type EvidenceRequirement = z.output<typeof EvidenceRequirementSchema>;

export const REFUND_OUTCOMES = ['full', 'undelivered_share', 'charged_fees', 'none'] as const;
export type RefundOutcome = (typeof REFUND_OUTCOMES)[number];

export const RuleSchema = z
  .strictObject({
    id: Id,
    appliesTo: z.strictObject({
      kinds: z.array(z.enum(PRODUCT_KINDS)).min(1),
      types: z.array(z.enum(REFUND_TYPES)).min(1),
    }),
    when: ConditionsSchema,
    outcome: z.strictObject({
      /**
       * full: what is left of the payment; undelivered_share: the paid amount × undelivered units /
       * ordered units; charged_fees: the fees earlier refunds withheld; none: not refundable.
       */
      refund: z.enum(REFUND_OUTCOMES),
      feeIds: z.array(Id),
    }),
    evidence: z.array(EvidenceRequirementSchema),
    textZh: text,
    textEn: text,
    /** What would make the request eligible; required for a refusal, which must say what to do. */
    hintZh: text.optional(),
    hintEn: text.optional(),
    /** Higher is tried first; the first rule whose conditions hold decides. */
    priority: z.number().int().min(-1000).max(1000),
  })
  .superRefine((rule, ctx) => {
    const refuses = rule.outcome.refund === 'none';
    if (refuses && rule.hintZh === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hintZh'],
        message: 'a refusing rule must tell the buyer what to do',
      });
    }
    if (refuses && rule.hintEn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['hintEn'],
        message: 'a refusing rule must tell the buyer what to do',
      });
    }
    // The seed: fees are never charged on what was not delivered. A share of the undelivered part
    // is all undelivered; a refusal pays nothing to charge on.
    if ((rule.outcome.refund === 'undelivered_share' || refuses) && rule.outcome.feeIds.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome', 'feeIds'],
        message: `fees cannot apply to a '${rule.outcome.refund}' outcome`,
      });
    }
    const virtual = rule.appliesTo.kinds.some((k) => goodsClassOf(k) === 'virtual');
    if (virtual && rule.when.delivered === false && rule.outcome.feeIds.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome', 'feeIds'],
        message: 'fees cannot apply to an undelivered virtual order',
      });
    }
  });
export type Rule = z.output<typeof RuleSchema>;

export const PolicyDocumentSchema = z
  .strictObject({
    version: z.number().int().min(1).optional(),
    rounding: z.enum(ROUNDING_MODES),
    calendar: CalendarConfigSchema,
    rules: z.array(RuleSchema).min(1),
    fees: z.array(FeeLineSchema),
    /** Review time limit (审核时限) in business days; the deadline uses maxDays. */
    sla: z.strictObject({ virtual: DayRangeSchema, physical: DayRangeSchema }),
    /**
     * 申诉期限: business days after a rejection in which the buyer may appeal (once). The order's money
     * stays in escrow meanwhile. Versions older than it read as 7.
     */
    appealWithinDays: z.number().int().min(1).max(60).default(7),
    /** Business days from approval until the money arrives, by channel. */
    arrival: z.strictObject(
      Object.fromEntries(PAYMENT_CHANNELS.map((c) => [c, DayRangeSchema])) as Record<
        (typeof PAYMENT_CHANNELS)[number],
        typeof DayRangeSchema
      >,
    ),
    /**
     * Complaints (投诉): deadlines, the compensation cap, where to go outside the platform. Versions
     * published before complaints existed read as the defaults.
     */
    complaints: ComplaintPolicySchema.default(DEFAULT_COMPLAINT_POLICY),
    /** Credit levels' thresholds (信用分); absent: the defaults (600 / 700 / 800). */
    credit: z.strictObject({ levels: CreditLevelsSchema }).optional(),
    /** 极速退款; absent (policies older than it): off. */
    express: ExpressPolicySchema.optional(),
    /** 退货寄回 for physical goods; versions older than it read as the defaults. */
    returns: ReturnPolicySchema.default(DEFAULT_RETURN_POLICY),
  })
  .superRefine((doc, ctx) => {
    const feeIds = new Map<string, number>();
    doc.fees.forEach((fee, i) => {
      if (feeIds.has(fee.id)) {
        ctx.addIssue({ code: 'custom', path: ['fees', i, 'id'], message: `duplicate fee id ${fee.id}` });
      } else {
        feeIds.set(fee.id, i);
      }
    });
    const ruleIds = new Set<string>();
    doc.rules.forEach((rule, i) => {
      if (ruleIds.has(rule.id)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${rule.id}` });
      }
      ruleIds.add(rule.id);
      if ((SYSTEM_REASON_IDS as readonly string[]).includes(rule.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          message: `${rule.id} is reserved by the engine`,
        });
      }
      rule.outcome.feeIds.forEach((id, k) => {
        if (!feeIds.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'outcome', 'feeIds', k],
            message: `unknown fee id ${id}`,
          });
        }
      });
    });
    for (const o of findOverlaps(doc.rules)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', o.second, 'priority'],
        message: `rule ${o.secondId} overlaps rule ${o.firstId} at the same priority: ${o.why}`,
      });
    }
  });

/** A validated policy (the output of PolicyDocumentSchema). */
export type PolicyDocument = z.output<typeof PolicyDocumentSchema>;
