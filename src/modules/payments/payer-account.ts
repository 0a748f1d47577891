import { assertNever } from '../../core/assert-never.ts';
import type { Channel } from '../orders/schema.ts';

/** 支付宝 user id (buyer_user_id, buyer_id): 16 digits starting 2088. */
const ALIPAY_USER_ID = /^2088\d{12}$/;
/**
 * 支付宝 open id (buyer_open_id): the payer's id under our app, which apps on Alipay's openid standard
 * (every app created since 2023) get instead of the user id. Alipay documents no fixed length; those
 * seen are 47 characters of [A-Za-z0-9_-] starting with 0 — so a WeChat openid (o…) is not one.
 */
const ALIPAY_OPEN_ID = /^0[A-Za-z0-9_-]{30,63}$/;
/**
 * 微信 openid: the payer's id under our appid. 28 characters of [A-Za-z0-9_-] in practice; WeChat Pay
 * documents no fixed length, so this accepts a little either side.
 */
const WECHAT_OPENID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The payer account a channel reported, if it has the shape that channel gives (else null: a reply
 * without it, or with something we would not want as a risk-control link). Balance payments have none:
 * the money came from the buyer's own Kameng wallet.
 */
export function payerAccountOf(channel: Channel, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  switch (channel) {
    case 'alipay':
      return ALIPAY_USER_ID.test(value) || ALIPAY_OPEN_ID.test(value) ? value : null;
    case 'wechatpay':
      return WECHAT_OPENID.test(value) ? value : null;
    case 'balance':
      return null;
    default:
      return assertNever(channel, 'channel');
  }
}
