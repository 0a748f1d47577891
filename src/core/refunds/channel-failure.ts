/**
 * What a payment channel's refusal means, in a sentence a buyer or an agent can act on. The payout
 * records the channel's own words ("abnormal: ABNORMAL 退款异常…", "rejected: 40004 ACQ.TRADE_NOT_EXIST
 * 交易不存在"); timelines and messages show these sentences instead, with the code kept for support.
 * Every code the Alipay and WeChat Pay adapters (and their simulators) can answer a refund with is here.
 */
export const CHANNEL_FAILURE_TEXT: Record<string, { zh: string; en: string }> = {
  // WeChat Pay refund statuses and error codes (v3 API).
  ABNORMAL: {
    zh: '用户卡已销户或冻结，渠道无法原路退回',
    en: "The buyer's card is closed or frozen, so the channel cannot pay it back",
  },
  CLOSED: { zh: '渠道已关闭这笔退款', en: 'The channel closed this refund' },
  PARAM_ERROR: { zh: '渠道认为退款请求的参数有误', en: 'The channel found the refund request malformed' },
  INVALID_REQUEST: {
    zh: '渠道不受理这笔退款（如金额超过可退金额或订单未支付）',
    en: 'The channel refused the refund (e.g. more than is left to refund, or the order is unpaid)',
  },
  ORDER_NOT_EXIST: { zh: '渠道查无此支付订单', en: 'The channel has no such payment' },
  RESOURCE_NOT_EXISTS: { zh: '渠道查无此订单或退款单', en: 'The channel has no such order or refund' },
  NOT_ENOUGH: { zh: '商户在渠道的可用余额不足', en: "The merchant's balance at the channel is too low" },
  USER_ACCOUNT_ABNORMAL: {
    zh: '用户账户异常或已注销，渠道无法原路退回',
    en: "The buyer's account is abnormal or closed, so the channel cannot pay it back",
  },
  FREQUENCY_LIMITED: {
    zh: '请求过于频繁，渠道暂不受理',
    en: 'Too many requests; the channel refused for now',
  },
  SIGN_ERROR: {
    zh: '渠道验签失败（平台的商户证书或密钥配置有误）',
    en: "The channel could not verify the platform's signature",
  },
  SYSTEM_ERROR: {
    zh: '渠道系统繁忙，结果未知',
    en: 'The channel had a system error; the outcome is unknown',
  },
  // Alipay sub-codes (alipay.trade.refund).
  'ACQ.BUYER_ERROR': {
    zh: '买家支付宝账户状态异常（如已注销或冻结），无法原路退回',
    en: "The buyer's Alipay account is closed or frozen, so it cannot be paid back",
  },
  'ACQ.TRADE_HAS_CLOSE': {
    zh: '该笔交易已关闭，无法退款',
    en: 'The payment is closed and cannot be refunded',
  },
  'ACQ.TRADE_NOT_EXIST': { zh: '渠道查无此笔交易', en: 'The channel has no such payment' },
  'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL': {
    zh: '退款金额超过了该笔交易剩余可退金额',
    en: 'The refund exceeds what is left to refund on the payment',
  },
  'ACQ.DISCORDANT_REPEAT_REQUEST': {
    zh: '退款请求号已用于另一笔金额不同的退款',
    en: 'The refund number was already used for a different amount',
  },
  'ACQ.INVALID_PARAMETER': {
    zh: '渠道认为退款请求的参数有误',
    en: 'The channel found the refund request malformed',
  },
  'ACQ.SELLER_BALANCE_NOT_ENOUGH': {
    zh: '商户在支付宝的可用余额不足',
    en: "The merchant's Alipay balance is too low",
  },
  'ACQ.TRADE_STATUS_ERROR': {
    zh: '该笔交易的状态不允许退款',
    en: 'The payment is in a state that cannot be refunded',
  },
  'ACQ.TRADE_HAS_SUCCESS': {
    zh: '该订单号已用于另一笔已支付的交易',
    en: 'The order number belongs to another paid payment',
  },
  'ACQ.REASON_TRADE_BEEN_FREEZEN': { zh: '该笔交易已被冻结', en: 'The payment is frozen' },
  'ACQ.REFUND_CHARGE_ERROR': {
    zh: '退款手续费计算失败',
    en: 'The channel could not compute the refund charge',
  },
  'ACQ.NOT_ALLOW_PARTIAL_REFUND': {
    zh: '该笔交易不支持部分退款',
    en: 'The payment does not allow a partial refund',
  },
  'ACQ.CHECK_PARTNER_ERROR': { zh: '商户与交易不匹配', en: 'The merchant does not match the payment' },
  'ACQ.PAYMENT_AUTH_CODE_INVALID': { zh: '付款码无效', en: 'The payment code is invalid' },
  'ACQ.SYSTEM_ERROR': {
    zh: '渠道系统繁忙，结果未知',
    en: 'The channel had a system error; the outcome is unknown',
  },
  'isv.invalid-app-id': { zh: '平台的支付宝应用配置有误', en: "The platform's Alipay app id is wrong" },
  'isv.invalid-signature': {
    zh: '渠道验签失败（平台的密钥配置有误）',
    en: "The channel could not verify the platform's signature",
  },
  'isv.invalid-method': { zh: '渠道不支持该接口', en: 'The channel does not support the call' },
};

/** The reason kinds the payout records before the channel's words (see RefundStatus 'failed'). */
const KIND_TEXT: Record<string, { zh: string; en: string }> = {
  abnormal: CHANNEL_FAILURE_TEXT.ABNORMAL as { zh: string; en: string },
  closed: CHANNEL_FAILURE_TEXT.CLOSED as { zh: string; en: string },
  rejected: { zh: '支付渠道拒绝了这笔退款', en: 'The payment channel refused the refund' },
};

/**
 * A recorded channel failure ("<kind>: <code…> <message>") → a sentence and the code it came from.
 * Text that names no known code or kind is shown as it is (it may already be a sentence).
 */
export function describeChannelFailure(recorded: string): { zh: string; en: string; code: string | null } {
  const tokens = recorded.split(/[\s:：,，()（）]+/).filter(Boolean);
  const code = tokens.find((t) => Object.hasOwn(CHANNEL_FAILURE_TEXT, t));
  if (code) {
    const text = CHANNEL_FAILURE_TEXT[code] as { zh: string; en: string };
    return { ...text, code };
  }
  const kind = /^(abnormal|closed|rejected):/.exec(recorded)?.[1];
  if (kind) {
    const text = KIND_TEXT[kind] as { zh: string; en: string };
    return { ...text, code: null };
  }
  return { zh: recorded, en: recorded, code: null };
}
