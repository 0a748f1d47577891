import { z } from 'zod';
import type { ProductKind, RefundType } from '../policy/vocabulary.ts';
import { goodsClassOf, REFUND_TYPES } from '../policy/vocabulary.ts';

/** Who pays the return postage (退货运费). */
export const POSTAGE_PAYERS = ['buyer', 'merchant'] as const;
export type PostagePayer = (typeof POSTAGE_PAYERS)[number];

const TypeTermsSchema = z.strictObject({
  /** The approval asks for the goods back before the refund is paid. */
  required: z.boolean(),
  postagePaidBy: z.enum(POSTAGE_PAYERS),
});

const days = z.number().int().min(1).max(30);

/**
 * 退货寄回: the return-shipping part of the 《退款政策》, for physical goods only. Versioned with the
 * rest of the policy (so a case keeps the terms it was approved under); versions published before it
 * read as the defaults.
 */
export const ReturnPolicySchema = z.strictObject({
  /** By refund type; a type not listed needs no return. */
  byType: z.partialRecord(z.enum(REFUND_TYPES), TypeTermsSchema),
  /** Calendar days the buyer has, from the approval, to enter a tracking number. */
  shipDays: days,
  /** Calendar days the merchant has, from the tracking number, to confirm receipt or object. */
  confirmDays: days,
  /** Hours before the buyer's deadline at which they are reminded (0: no reminder). */
  remindHoursBefore: z.number().int().min(0).max(72),
  /** The most of the buyer's declared postage the merchant owes when it pays the postage. */
  postageCapFen: z.number().int().min(0).max(100_000),
});
export type ReturnPolicy = z.output<typeof ReturnPolicySchema>;

/** Taobao's usual terms: 七天无理由 — the buyer pays the postage; 质量问题 — the merchant does. */
export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  byType: {
    no_reason_7d: { required: true, postagePaidBy: 'buyer' },
    quality_issue: { required: true, postagePaidBy: 'merchant' },
  },
  shipDays: 7,
  confirmDays: 7,
  remindHoursBefore: 24,
  postageCapFen: 2_000,
};

export type ReturnTerms = {
  postagePaidBy: PostagePayer;
  shipDays: number;
  confirmDays: number;
  remindHoursBefore: number;
  postageCapFen: number;
};

/** The return terms for an approval, or null when the goods need not come back (virtual goods always). */
export function returnTermsFor(p: ReturnPolicy, kind: ProductKind, type: RefundType): ReturnTerms | null {
  if (goodsClassOf(kind) !== 'physical') return null;
  const t = p.byType[type];
  if (!t?.required) return null;
  return {
    postagePaidBy: t.postagePaidBy,
    shipDays: p.shipDays,
    confirmDays: p.confirmDays,
    remindHoursBefore: p.remindHoursBefore,
    postageCapFen: p.postageCapFen,
  };
}

const DAY_MS = 86_400_000;

/** The deadlines an approval sets: ship by, and (0 hours: none) the reminder before it. */
export function returnDeadlines(
  terms: ReturnTerms,
  approvedAt: Date,
): { shipBy: Date; remindAt: Date | null } {
  const shipBy = new Date(approvedAt.getTime() + terms.shipDays * DAY_MS);
  const remindAt =
    terms.remindHoursBefore > 0 ? new Date(shipBy.getTime() - terms.remindHoursBefore * 3_600_000) : null;
  return { shipBy, remindAt: remindAt && remindAt > approvedAt ? remindAt : null };
}

/** When the merchant's window to confirm receipt closes, from the moment the tracking number came in. */
export function confirmDeadline(confirmDays: number, shippedAt: Date): Date {
  return new Date(shippedAt.getTime() + confirmDays * DAY_MS);
}

/**
 * What the merchant owes for postage: the buyer's declared amount up to the cap, and only when the
 * merchant pays it. Never part of the refund itself (which stays within what was paid).
 */
export function merchantPostageFen(
  payer: PostagePayer | null,
  declaredFen: number | null,
  capFen: number,
): number {
  if (payer !== 'merchant' || declaredFen === null) return 0;
  return Math.max(0, Math.min(declaredFen, capFen));
}
