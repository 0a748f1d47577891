import { assertNever } from '../assert-never.ts';

/** 退款类型. Each type selects its own rules, evidence and SLA; the wrong type is a reason to refuse. */
export const REFUND_TYPES = [
  'not_received', // 未收到货
  'not_as_described', // 与描述不符
  'quality_issue', // 质量问题
  'no_reason_7d', // 七天无理由
  'partial_delivery', // 部分到账
  'fee_dispute', // 手续费争议
] as const;
export type RefundType = (typeof REFUND_TYPES)[number];

export const PRODUCT_KINDS = ['card_key', 'direct_topup', 'membership', 'physical'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export const PAYMENT_CHANNELS = ['alipay', 'wechatpay', 'balance'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export const ORDER_STATUSES = [
  'pending_payment',
  'awaiting_delivery',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const EVIDENCE_KINDS = ['screenshot', 'payment_record', 'delivery_record', 'video', 'photo'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export type Lang = 'zh' | 'en';
export type GoodsClass = 'virtual' | 'physical';

export function goodsClassOf(kind: ProductKind): GoodsClass {
  switch (kind) {
    case 'card_key':
    case 'direct_topup':
    case 'membership':
      return 'virtual';
    case 'physical':
      return 'physical';
    default:
      return assertNever(kind, 'product kind');
  }
}

type Labels<K extends string> = Readonly<Record<K, { readonly zh: string; readonly en: string }>>;

export const REFUND_TYPE_LABELS: Labels<RefundType> = {
  not_received: { zh: '未收到货', en: 'Not received' },
  not_as_described: { zh: '与描述不符', en: 'Not as described' },
  quality_issue: { zh: '质量问题', en: 'Quality issue' },
  no_reason_7d: { zh: '七天无理由', en: '7-day no-reason return' },
  partial_delivery: { zh: '部分到账', en: 'Partially delivered' },
  fee_dispute: { zh: '手续费争议', en: 'Fee dispute' },
};

export const PRODUCT_KIND_LABELS: Labels<ProductKind> = {
  card_key: { zh: '卡密', en: 'Card keys' },
  direct_topup: { zh: '直充', en: 'Direct top-ups' },
  membership: { zh: '会员', en: 'Memberships' },
  physical: { zh: '实物商品', en: 'Physical goods' },
};

export const CHANNEL_LABELS: Labels<PaymentChannel> = {
  alipay: { zh: '支付宝', en: 'Alipay' },
  wechatpay: { zh: '微信支付', en: 'WeChat Pay' },
  balance: { zh: '余额', en: 'Balance' },
};

export const EVIDENCE_KIND_LABELS: Labels<EvidenceKind> = {
  screenshot: { zh: '截图', en: 'screenshot' },
  payment_record: { zh: '支付记录', en: 'payment record' },
  delivery_record: { zh: '发货/到账记录', en: 'delivery record' },
  video: { zh: '视频', en: 'video' },
  photo: { zh: '照片', en: 'photo' },
};
