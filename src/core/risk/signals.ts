/**
 * The risk signals (风控信号) computed for every submission. Each has an id the rules refer to, a
 * label a reviewer reads, and a kind. Values come with their evidence (which cases, which accounts)
 * from the module that computes them; the core only judges the values.
 */
export const SIGNALS = {
  refunds7d: { zh: '近 7 天退款申请数', en: 'Refund cases in the last 7 days', kind: 'count' },
  refunds30d: { zh: '近 30 天退款申请数', en: 'Refund cases in the last 30 days', kind: 'count' },
  refunds90d: { zh: '近 90 天退款申请数', en: 'Refund cases in the last 90 days', kind: 'count' },
  paidOrders: { zh: '已支付订单数（近 200 笔订单中）', en: 'Paid orders (of the last 200)', kind: 'count' },
  refundRate: {
    zh: '退款率（有过退款的订单 ÷ 已支付订单）',
    en: 'Refund rate (orders refunded ÷ paid orders)',
    kind: 'ratio',
  },
  revealedKeysClaimed: {
    zh: '声称未收到、但提取记录显示已查看的卡密数',
    en: 'Keys claimed "not received" that the extraction records show revealed',
    kind: 'count',
  },
  accountsSharingPayer: {
    zh: '与本账户共用同一付款账户的其他账户数',
    en: 'Other accounts paying from the same payer account',
    kind: 'count',
  },
  accountsSharingDevice: {
    zh: '与本账户共用同一设备的其他账户数',
    en: 'Other accounts on the same device',
    kind: 'count',
  },
  accountsSharingNetwork: {
    zh: '与本账户来自同一网段的其他账户数',
    en: 'Other accounts from the same network range',
    kind: 'count',
  },
  accountsSharingIdentity: {
    zh: '与本账户实名认证为同一人的其他账户数',
    en: 'Other accounts verified as the same person',
    kind: 'count',
  },
  evidenceReusedByOthers: {
    zh: '其他账户使用过的相同凭证图片数',
    en: 'Evidence files another account has used',
    kind: 'count',
  },
  evidenceMatchesOrder: {
    zh: '凭证截图中识别出本订单号的文件数',
    en: 'Evidence screenshots in which OCR read this order number',
    kind: 'count',
  },
  unusualChannel: {
    zh: '本单支付渠道是该买家从未用过的',
    en: 'A payment channel this buyer never used before',
    kind: 'flag',
  },
  accountAgeDays: { zh: '账户注册天数', en: 'Account age in days', kind: 'days' },
  orderPaidFen: { zh: '本单实付金额（分）', en: 'Amount paid for this order (fen)', kind: 'fen' },
  hoursFromPayToClaim: {
    zh: '支付到申请退款的小时数',
    en: 'Hours from payment to the claim',
    kind: 'hours',
  },
  pairRefunds90d: {
    zh: '近 90 天该买家对同一商家的退款申请数',
    en: 'Refund cases by this buyer on this shop in 90 days',
    kind: 'count',
  },
  merchantRefundJump: {
    zh: '商家近 7 天退款申请数相对此前 28 天周均的倍数',
    en: "The shop's cases in the last 7 days over its weekly average of the 28 days before",
    kind: 'ratio',
  },
  merchantRefunds7d: {
    zh: '商家近 7 天退款申请数',
    en: "The shop's cases in the last 7 days",
    kind: 'count',
  },
  identityVerified: { zh: '已完成实名认证', en: 'Identity verified', kind: 'flag' },
  expressFindings: {
    zh: '极速退款被认定有误的次数（抽检认定滥用 + 商家异议成立）',
    en: 'Express refunds found wrong (abusive in the post-audit, or a merchant’s objection upheld)',
    kind: 'count',
  },
} as const;

export type SignalId = keyof typeof SIGNALS;
export const SIGNAL_IDS = Object.keys(SIGNALS) as [SignalId, ...SignalId[]];

/** The values a rule reads: numbers, and flags as booleans. */
export type SignalValues = {
  readonly [K in SignalId]: (typeof SIGNALS)[K]['kind'] extends 'flag' ? boolean : number;
};

/** The signals of an ordinary buyer with nothing unusual: a base for tests and for partial records. */
export const QUIET_SIGNALS: SignalValues = {
  refunds7d: 0,
  refunds30d: 0,
  refunds90d: 0,
  paidOrders: 1,
  refundRate: 0,
  revealedKeysClaimed: 0,
  accountsSharingPayer: 0,
  accountsSharingDevice: 0,
  accountsSharingNetwork: 0,
  accountsSharingIdentity: 0,
  evidenceReusedByOthers: 0,
  evidenceMatchesOrder: 0,
  unusualChannel: false,
  accountAgeDays: 365,
  orderPaidFen: 1000,
  hoursFromPayToClaim: 24,
  pairRefunds90d: 0,
  merchantRefundJump: 1,
  merchantRefunds7d: 0,
  identityVerified: false,
  expressFindings: 0,
};
