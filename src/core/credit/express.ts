import { z } from 'zod';
import { PRODUCT_KINDS, type ProductKind, REFUND_TYPES, type RefundType } from '../policy/vocabulary.ts';
import { type CreditLevel, levelRank } from './levels.ts';

const fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0).max(1000);
const Cap = z.strictObject({ count, fen });

/**
 * 极速退款 as refund-policy data (versioned with the policy): which requests qualify, for whom, how
 * much, and how many are audited afterwards (事后抽检).
 */
export const ExpressPolicySchema = z
  .strictObject({
    enabled: z.boolean(),
    types: z.array(z.enum(REFUND_TYPES)),
    kinds: z.array(z.enum(PRODUCT_KINDS)),
    /** The lowest credit level that qualifies (普通 never does). */
    minLevel: z.enum(['good', 'great', 'excellent']),
    /** The most one express case may refund. */
    maxCaseFen: fen,
    /** Per buyer, express cases opened in the last 24 hours and in the last 30 days. */
    perDay: Cap,
    per30Days: Cap,
    /** Merchants (ids) that opted out: their cases always go to a person. */
    optOutMerchants: z.array(z.number().int().min(1)),
    /** Hours the merchant has to object (with proof) after an express refund. */
    objectionHours: z.number().int().min(1).max(720),
    /** 事后抽检: this percentage of express cases, plus every case of at least `aboveFen`. */
    audit: z.strictObject({ ratePercent: z.number().int().min(0).max(100), aboveFen: fen }),
  })
  .superRefine((e, ctx) => {
    if (e.perDay.count > e.per30Days.count)
      ctx.addIssue({
        code: 'custom',
        path: ['perDay', 'count'],
        message: 'the daily cap must not exceed the 30-day cap',
      });
    if (e.perDay.fen > e.per30Days.fen)
      ctx.addIssue({
        code: 'custom',
        path: ['perDay', 'fen'],
        message: 'the daily cap must not exceed the 30-day cap',
      });
  });
export type ExpressPolicy = z.output<typeof ExpressPolicySchema>;

/** The defaults: small undelivered/unusable card keys for buyers at 优秀 or better. */
export const DEFAULT_EXPRESS: ExpressPolicy = {
  enabled: true,
  types: ['not_received', 'partial_delivery'],
  kinds: ['card_key', 'membership'],
  minLevel: 'great',
  maxCaseFen: 20_000,
  perDay: { count: 2, fen: 30_000 },
  per30Days: { count: 5, fen: 60_000 },
  optOutMerchants: [],
  objectionHours: 48,
  audit: { ratePercent: 10, aboveFen: 10_000 },
};

/** Express is off where a policy says nothing about it (policies published before it existed). */
export const EXPRESS_OFF: ExpressPolicy = { ...DEFAULT_EXPRESS, enabled: false };

/** Why a request is not express, in the order checked (the first that fails is reported). */
export const EXPRESS_REFUSALS = [
  'disabled',
  'not_eligible',
  'type',
  'kind',
  'merchant',
  'amount',
  'revoked',
  'level',
  'risk',
  'day_cap',
  'month_cap',
] as const;
export type ExpressRefusal = (typeof EXPRESS_REFUSALS)[number];

/** What the request itself says (known before anything about the buyer is read). */
export type ExpressRequest = {
  eligible: boolean;
  type: RefundType;
  kind: ProductKind;
  merchantId: number;
  amountFen: number;
};

/** What the buyer's record says: level, revoked eligibility, the risk outcome, express use so far. */
export type ExpressBuyer = {
  level: CreditLevel;
  revoked: boolean;
  /** The risk assessment's action (`hold` and `no_express` exclude; null: not assessed yet). */
  riskAction: 'none' | 'watch' | 'no_express' | 'hold' | null;
  day: { count: number; fen: number };
  days30: { count: number; fen: number };
};

export type ExpressDecision = { express: true } | { express: false; refusal: ExpressRefusal };

const no = (refusal: ExpressRefusal): ExpressDecision => ({ express: false, refusal });

/**
 * The part of the decision that needs only the request: a request failing it is never express, and
 * the submit path reads nothing more for it.
 */
export function expressCandidate(p: ExpressPolicy, r: ExpressRequest): ExpressDecision {
  if (!p.enabled) return no('disabled');
  if (!r.eligible || r.amountFen <= 0) return no('not_eligible');
  if (!p.types.includes(r.type)) return no('type');
  if (!p.kinds.includes(r.kind)) return no('kind');
  if (p.optOutMerchants.includes(r.merchantId)) return no('merchant');
  if (r.amountFen > p.maxCaseFen) return no('amount');
  return { express: true };
}

/** The whole decision: the request, then the buyer (never with a risk flag), then the caps with this case. */
export function decideExpress(p: ExpressPolicy, r: ExpressRequest, b: ExpressBuyer): ExpressDecision {
  const first = expressCandidate(p, r);
  if (!first.express) return first;
  if (b.revoked) return no('revoked');
  if (levelRank(b.level) < levelRank(p.minLevel)) return no('level');
  if (b.riskAction === 'hold' || b.riskAction === 'no_express') return no('risk');
  if (b.day.count + 1 > p.perDay.count || b.day.fen + r.amountFen > p.perDay.fen) return no('day_cap');
  if (b.days30.count + 1 > p.per30Days.count || b.days30.fen + r.amountFen > p.per30Days.fen)
    return no('month_cap');
  return { express: true };
}

/**
 * Whether an express case is sampled for the post-audit: every case at or above the threshold, and a
 * deterministic share of the rest (a hash of the refund number, so a re-run gives the same sample and
 * the core needs no randomness).
 */
export function sampledForAudit(
  p: ExpressPolicy,
  refundNo: string,
  amountFen: number,
): 'amount' | 'sample' | null {
  if (amountFen >= p.audit.aboveFen) return 'amount';
  let h = 2166136261;
  for (let i = 0; i < refundNo.length; i++) h = Math.imul(h ^ refundNo.charCodeAt(i), 16777619) >>> 0;
  return h % 100 < p.audit.ratePercent ? 'sample' : null;
}

/** Why a request is not express, as the quote tells the buyer. */
export const EXPRESS_REFUSAL_LABELS: Record<ExpressRefusal, { zh: string; en: string }> = {
  disabled: { zh: '平台暂未开放极速退款', en: 'Express refunds are not offered' },
  not_eligible: { zh: '该申请不符合退款政策', en: 'The request is not refundable under the policy' },
  type: { zh: '该退款类型不适用极速退款', en: 'This refund type is not express' },
  kind: { zh: '该商品类型不适用极速退款', en: 'This product kind is not express' },
  merchant: { zh: '该店铺未参与极速退款', en: 'This shop does not take part in express refunds' },
  amount: { zh: '退款金额超过极速退款单笔上限', en: 'The amount is above the express limit per case' },
  level: { zh: '信用等级未达到极速退款要求', en: 'Your credit level does not qualify yet' },
  revoked: { zh: '极速退款资格已取消', en: 'Express eligibility was withdrawn' },
  risk: { zh: '需要人工审核', en: 'A person needs to review it' },
  day_cap: { zh: '已达到今日极速退款上限', en: 'Today’s express limit is reached' },
  month_cap: { zh: '已达到 30 天内极速退款上限', en: 'The 30-day express limit is reached' },
};
