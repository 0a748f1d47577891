import { z } from 'zod';
import { type Validated, validateWith } from '../validation.ts';
import { SIGNAL_IDS, SIGNALS, type SignalId } from './signals.ts';

/**
 * Risk rules (风控规则) as data, versioned like the refund policy. A rule reads the signals through a
 * condition, adds its score and names an action: `hold` sends the case to a person (风控审核), never
 * to a rejection; `no_express` keeps it out of 极速退款; `watch` only marks it for reviewers; `score`
 * only counts (a negative score lowers the total, e.g. for a verified identity). A case is also held
 * when the fired rules' scores add up to `holdScore`.
 */
export const RULE_ACTIONS = ['hold', 'no_express', 'watch', 'score'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

export type Comparison = {
  readonly signal: SignalId;
  readonly op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq';
  readonly value: number | boolean;
};
export type Condition =
  | Comparison
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

const ComparisonSchema = z
  .strictObject({
    signal: z.enum(SIGNAL_IDS),
    op: z.enum(['gt', 'gte', 'lt', 'lte', 'eq']),
    value: z.union([z.number().finite(), z.boolean()]),
  })
  .superRefine((c, ctx) => {
    const flag = SIGNALS[c.signal].kind === 'flag';
    if (flag && (typeof c.value !== 'boolean' || c.op !== 'eq'))
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${c.signal} is a yes/no signal: use eq true|false`,
      });
    if (!flag && typeof c.value !== 'number')
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${c.signal} is a number: compare it with a number`,
      });
  });

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    ComparisonSchema,
    z.strictObject({ all: z.array(ConditionSchema).min(1).max(10) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1).max(10) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

const reason = z.string().trim().min(1).max(200);

export const RiskRuleSchema = z.strictObject({
  id: z.string().regex(/^R-[A-Z0-9]+(-[A-Z0-9]+)*$/, 'must look like R-SHARED-PAYER'),
  enabled: z.boolean(),
  when: ConditionSchema,
  score: z.number().int().min(-100).max(100),
  action: z.enum(RULE_ACTIONS),
  reasonZh: reason,
  reasonEn: reason,
});
export type RiskRule = z.output<typeof RiskRuleSchema>;

export const RiskRulesSchema = z
  .strictObject({
    version: z.number().int().min(0).optional(),
    holdScore: z.number().int().min(1).max(1000),
    rules: z.array(RiskRuleSchema).max(100),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id ${r.id}` });
      seen.add(r.id);
    });
  });
export type RiskRules = z.output<typeof RiskRulesSchema>;

export function parseRiskRules(input: unknown): Validated<RiskRules> {
  return validateWith(RiskRulesSchema, input);
}

/** The signals a condition reads (the reviewer's view shows the rule next to the values it used). */
export function signalsOf(c: Condition): SignalId[] {
  if ('signal' in c) return [c.signal];
  if ('not' in c) return signalsOf(c.not);
  return [...new Set(('all' in c ? c.all : c.any).flatMap(signalsOf))];
}

const gte = (signal: SignalId, value: number): Comparison => ({ signal, op: 'gte', value });

/** The rules a new installation starts with (published as version 1 on first use). */
export const DEFAULT_RISK_RULES: RiskRules = {
  holdScore: 60,
  rules: [
    {
      id: 'R-KEY-REVEALED',
      enabled: true,
      when: gte('revealedKeysClaimed', 1),
      score: 50,
      action: 'hold',
      reasonZh: '声称未收到卡密，但提取记录显示该卡密已被查看',
      reasonEn: 'Claims a key was not received, but the extraction records show it was revealed',
    },
    {
      id: 'R-FREQUENT',
      enabled: true,
      when: { all: [gte('refunds30d', 4), gte('refundRate', 0.3)] },
      score: 40,
      action: 'hold',
      reasonZh: '30 天内已申请退款 4 次以上，且退款率超过 30%',
      reasonEn: 'Four or more refund cases in 30 days and a refund rate over 30%',
    },
    {
      id: 'R-FREQUENT-WATCH',
      enabled: true,
      when: gte('refunds30d', 3),
      score: 10,
      action: 'watch',
      reasonZh: '30 天内已申请退款 3 次以上',
      reasonEn: 'Three or more refund cases in 30 days',
    },
    {
      id: 'R-SHARED-PAYER',
      enabled: true,
      when: gte('accountsSharingPayer', 2),
      score: 40,
      action: 'hold',
      reasonZh: '同一付款账户（支付宝/微信）关联了 3 个以上买家账户',
      reasonEn: 'One payer account (Alipay/WeChat) pays for three or more buyer accounts',
    },
    {
      id: 'R-SHARED-DEVICE',
      enabled: true,
      when: gte('accountsSharingDevice', 3),
      score: 35,
      action: 'hold',
      reasonZh: '同一设备登录过 4 个以上买家账户',
      reasonEn: 'Four or more buyer accounts used the same device',
    },
    {
      id: 'R-SHARED-NETWORK',
      enabled: true,
      when: gte('accountsSharingNetwork', 10),
      score: 5,
      action: 'watch',
      reasonZh: '同一网段有多个买家账户（公共网络常见，仅供参考）',
      reasonEn: 'Many buyer accounts on one network range (common on shared networks; for reference only)',
    },
    {
      id: 'R-SHARED-IDENTITY',
      enabled: true,
      when: gte('accountsSharingIdentity', 1),
      score: 15,
      action: 'watch',
      reasonZh: '同一实名身份认证了多个账户',
      reasonEn: 'The same verified identity holds several accounts',
    },
    {
      id: 'R-EVIDENCE-REUSED',
      enabled: true,
      when: gte('evidenceReusedByOthers', 1),
      score: 40,
      action: 'hold',
      reasonZh: '上传的凭证与其他账户的凭证完全相同',
      reasonEn: 'The evidence is identical to files another account uploaded',
    },
    {
      id: 'R-UNUSUAL-CHANNEL',
      enabled: true,
      when: { all: [{ signal: 'unusualChannel', op: 'eq', value: true }, gte('paidOrders', 4)] },
      score: 10,
      action: 'no_express',
      reasonZh: '本单使用了该买家从未用过的支付渠道',
      reasonEn: 'Paid through a channel this buyer never used before',
    },
    {
      id: 'R-NEW-HIGH-VALUE',
      enabled: true,
      when: {
        all: [
          { signal: 'accountAgeDays', op: 'lt', value: 7 },
          gte('orderPaidFen', 20_000),
          { signal: 'hoursFromPayToClaim', op: 'lt', value: 2 },
        ],
      },
      score: 20,
      action: 'no_express',
      reasonZh: '新注册账户购买高价商品后立即申请退款',
      reasonEn: 'A new account bought something expensive and claimed at once',
    },
    {
      id: 'R-PAIR',
      enabled: true,
      when: gte('pairRefunds90d', 4),
      score: 20,
      action: 'watch',
      reasonZh: '90 天内该买家对同一商家反复申请退款（可能串通）',
      reasonEn: 'This buyer keeps claiming refunds from the same shop (possible collusion)',
    },
    {
      id: 'R-MERCHANT-JUMP',
      enabled: true,
      when: { all: [gte('merchantRefundJump', 3), gte('merchantRefunds7d', 10)] },
      score: 5,
      action: 'watch',
      reasonZh: '该商家近 7 天的退款申请量骤增',
      reasonEn: "The shop's refund cases jumped this week",
    },
    // 极速退款 found wrong (issue 16). Once: the buyer keeps ordinary refunds but none at once — the same
    // as the revocation the finding made, visible to reviewers as a reason. Twice or more: the pattern is
    // abuse, so a person looks at each new claim before money moves (a hold, never a rejection).
    {
      id: 'R-EXPRESS-FINDING',
      enabled: true,
      when: gte('expressFindings', 1),
      score: 20,
      action: 'no_express',
      reasonZh: '该买家的极速退款曾被认定有误（抽检认定滥用或商家异议成立）',
      reasonEn:
        'An express refund of this buyer was found wrong (abusive in the audit, or an objection upheld)',
    },
    {
      id: 'R-EXPRESS-REPEAT',
      enabled: true,
      when: gte('expressFindings', 2),
      score: 40,
      action: 'hold',
      reasonZh: '该买家的极速退款已两次以上被认定有误，每次申请先由专人核验',
      reasonEn:
        'Express refunds of this buyer were found wrong twice or more: a person checks each new claim',
    },
    {
      // Issue 15: a screenshot showing this order's number (read by the evidence checks before the
      // submission) makes the claim more credible — it lowers the score, never clears a rule's hold.
      id: 'R-EVIDENCE-MATCH',
      enabled: true,
      when: gte('evidenceMatchesOrder', 1),
      score: -10,
      action: 'score',
      reasonZh: '凭证截图中识别出本订单号',
      reasonEn: 'An evidence screenshot shows this order number',
    },
    {
      id: 'R-VERIFIED',
      enabled: true,
      when: { signal: 'identityVerified', op: 'eq', value: true },
      score: -20,
      action: 'score',
      reasonZh: '买家已完成实名认证',
      reasonEn: 'The buyer verified their identity',
    },
  ],
};
