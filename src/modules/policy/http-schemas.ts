import { z } from 'zod';
import { EXPRESS_REFUSAL_LABELS, type ExpressDecision } from '../../core/credit/index.ts';
import { EVIDENCE_KINDS, PART_KINDS, type Quote } from '../../core/policy/index.ts';

const Text2 = { textZh: z.string(), textEn: z.string() };
const DayRange = z.object({ minDays: z.number().int(), maxDays: z.number().int() });
const Fee = z.object({
  id: z.string(),
  kind: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  amountFen: z.number().int(),
});

export const QuoteResponse = z.object({
  /** 极速退款 (the buyer's own quote): whether submitting would refund at once, and if not why. */
  express: z
    .object({
      eligible: z.boolean(),
      reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
    })
    .optional(),
  eligible: z.boolean(),
  policyVersion: z.number().int().nullable(),
  ruleId: z.string(),
  amountFen: z.number().int(),
  grossFen: z.number().int(),
  fees: z.array(Fee),
  requiredEvidence: z.array(
    z.object({
      kind: z.enum(EVIDENCE_KINDS),
      min: z.number().int(),
      descriptionZh: z.string(),
      descriptionEn: z.string(),
    }),
  ),
  slaDeadline: z.string().nullable(),
  reviewDays: DayRange.nullable(),
  arrivalEstimate: DayRange.nullable(),
  reasons: z.array(z.object({ ruleId: z.string(), ...Text2 })),
  hint: z.object({ zh: z.string(), en: z.string() }).optional(),
  /** Years the review deadline runs into whose public holidays are not configured yet. */
  calendarGapYears: z.array(z.number().int()),
  /** The order's units as quoted: one part, or per key for card keys (unrevealed, revealed, never issued). */
  parts: z.array(
    z.object({
      kind: z.enum(PART_KINDS),
      units: z.number().int(),
      worthFen: z.number().int(),
      eligible: z.boolean(),
      ruleId: z.string(),
      amountFen: z.number().int(),
      grossFen: z.number().int(),
      fees: z.array(Fee),
      reasons: z.array(z.object({ ruleId: z.string(), ...Text2 })),
      hint: z.object({ zh: z.string(), en: z.string() }).optional(),
    }),
  ),
});

export function quoteBody(q: Quote & { express?: ExpressDecision | null }): z.infer<typeof QuoteResponse> {
  const { express, ...rest } = q;
  return {
    ...rest,
    ...(express
      ? {
          express: express.express
            ? { eligible: true, reasons: [] }
            : {
                eligible: false,
                reasons: [{ code: express.refusal, ...EXPRESS_REFUSAL_LABELS[express.refusal] }],
              },
        }
      : {}),
    fees: [...q.fees],
    requiredEvidence: [...q.requiredEvidence],
    reasons: [...q.reasons],
    calendarGapYears: [...q.calendarGapYears],
    parts: q.parts.map((p) => ({ ...p, fees: [...p.fees], reasons: [...p.reasons] })),
    slaDeadline: q.slaDeadline?.toISOString() ?? null,
  };
}

const Section = z.object({
  id: z.string(),
  title: z.string(),
  items: z
    .array(z.object({ id: z.string(), text: z.string(), details: z.array(z.string()).readonly() }))
    .readonly(),
});
export const PolicyTextSchema = z.object({
  lang: z.enum(['zh', 'en']),
  title: z.string(),
  version: z.number().int().nullable(),
  sections: z.array(Section).readonly(),
});

export const VersionInfo = z.object({
  version: z.number().int(),
  note: z.string(),
  basedOn: z.number().int().nullable(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string(),
});

const Outcome = z.object({ eligible: z.boolean(), amountFen: z.number().int(), ruleId: z.string() });
export const SimulationResponse = z.object({
  /** 极速退款 under the draft: the cases it would have refunded at once, their amount, and how they ended. */
  express: z.object({
    cases: z.number().int(),
    amountFen: z.number().int(),
    laterRejected: z.number().int(),
    abusive: z.number().int(),
  }),
  cases: z.number().int(),
  changed: z.number().int(),
  eligibleBefore: z.number().int(),
  eligibleAfter: z.number().int(),
  amountBeforeFen: z.number().int(),
  amountAfterFen: z.number().int(),
  byGroup: z.array(
    z.object({
      type: z.string(),
      productKind: z.string(),
      cases: z.number().int(),
      changed: z.number().int(),
      amountBeforeFen: z.number().int(),
      amountAfterFen: z.number().int(),
    }),
  ),
  examples: z.array(z.object({ orderNo: z.string(), type: z.string(), before: Outcome, after: Outcome })),
  /** Quotes buyers looked at without applying (latest per order and type), apart from the cases. */
  quoteViews: z.object({
    count: z.number().int(),
    changed: z.number().int(),
    eligibleBefore: z.number().int(),
    eligibleAfter: z.number().int(),
  }),
});
