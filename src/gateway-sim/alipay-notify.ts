import { createSign, randomUUID } from 'node:crypto';
import { fenToYuan, formatChinaTime } from '../modules/payments/formats.ts';
import { attackerKey } from './forgery.ts';
import type { SimulatorKeys } from './keys.ts';
import type { OutgoingNotification } from './notifier.ts';
import { payerOfTrade } from './payers.ts';
import type { SimRefund, SimTrade } from './state.ts';

type Params = Record<string, string>;

/**
 * Which id of the payer the app is given: `userid` (buyer_user_id, 2088…) or, on Alipay's openid
 * standard — every app created since 2023 — `openid` (buyer_open_id, the payer's id under this app).
 */
export type AlipayIdStandard = 'userid' | 'openid';

/** The Alipay account that paid a trade, as replies show it to an app on `ids`. */
export function alipayBuyerFields(
  trade: SimTrade,
  ids: AlipayIdStandard,
): { buyer_logon_id: string } & ({ buyer_user_id: string } | { buyer_open_id: string }) {
  const payer = payerOfTrade(trade);
  return ids === 'openid'
    ? { buyer_logon_id: payer.alipayLogonId, buyer_open_id: payer.alipayOpenId }
    : { buyer_logon_id: payer.alipayLogonId, buyer_user_id: payer.alipayUserId };
}

export const sign = (content: string, key: string) =>
  createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');

/** Alipay's string to sign: every parameter but the excluded ones, sorted by name, `k=v` joined by `&`. */
export function alipaySignContent(params: Params, exclude: readonly string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k))
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/**
 * Alipay's asynchronous notification for a successful refund (`trade_status_sync`): form-encoded,
 * signed RSA2 over the sorted parameters without sign and sign_type, as `checkNotifySignV2` verifies.
 * out_biz_no is the refund's out_request_no, refund_fee the trade's refunded total, send_back_fee this refund.
 */
export function alipayRefundNotification(
  refund: SimRefund,
  trade: SimTrade,
  refundedFen: number,
  keys: SimulatorKeys['alipay'],
  ids: AlipayIdStandard,
): OutgoingNotification | null {
  if (refund.status !== 'SUCCESS' || !refund.notifyUrl) return null;
  const notifyId = randomUUID().replaceAll('-', '');
  const refundedAt = new Date(refund.successAt!);
  return {
    channel: 'alipay',
    outRefundNo: refund.outRefundNo,
    url: refund.notifyUrl,
    build: ({ forged }) => {
      const params: Params = {
        notify_time: formatChinaTime(new Date()),
        notify_type: 'trade_status_sync',
        notify_id: notifyId,
        app_id: keys.appId,
        auth_app_id: keys.appId,
        charset: 'utf-8',
        version: '1.0',
        trade_no: refund.tradeNo,
        out_trade_no: refund.outTradeNo,
        out_biz_no: refund.outRefundNo,
        trade_status: refundedFen === trade.totalFen ? 'TRADE_CLOSED' : 'TRADE_SUCCESS',
        total_amount: fenToYuan(trade.totalFen),
        refund_fee: fenToYuan(refundedFen),
        send_back_fee: fenToYuan(forged ? trade.totalFen : refund.amountFen),
        gmt_payment: formatChinaTime(new Date(trade.paidAt ?? trade.createdAt)),
        gmt_refund: `${formatChinaTime(refundedAt)}.${String(refundedAt.getUTCMilliseconds()).padStart(3, '0')}`,
        ...(ids === 'openid'
          ? { buyer_open_id: payerOfTrade(trade).alipayOpenId }
          : { buyer_id: payerOfTrade(trade).alipayUserId }),
        seller_id: '2088101117955611',
      };
      // Alipay signs its notifications without sign and sign_type.
      const signature = sign(
        alipaySignContent(params, ['sign', 'sign_type']),
        forged ? attackerKey() : keys.alipayPrivateKey,
      );
      const body = new URLSearchParams({ ...params, sign_type: 'RSA2', sign: signature }).toString();
      return { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body };
    },
    accepted: (status, answer) => status === 200 && answer.trim() === 'success',
  };
}
