import type { AlipaySdk } from 'alipay-sdk';
import { AppError } from '../../../platform/errors.ts';
import { fenToYuan } from '../formats.ts';
import type { RefundAttempt, RefundGateway, RefundStatus } from '../refund-port.ts';
import { VALIDATE } from './client.ts';
import { mapAlipayRefundQuery, mapAlipayRefundReply, parseAlipayRefundNotification } from './map-reply.ts';

type Options = { appId: string; notifyUrl: () => string | null; now?: () => Date };

const unknown = (err: unknown): RefundStatus => ({
  kind: 'unknown',
  message: (err as Error).message ?? String(err),
});

/** Alipay behind the refund port: alipay.trade.refund, alipay.trade.fastpay.refund.query, notifications. */
export function alipayRefundGateway(sdk: AlipaySdk, opts: Options): RefundGateway {
  const now = opts.now ?? (() => new Date());

  const queryRefund = async (a: RefundAttempt): Promise<RefundStatus> => {
    let reply: Record<string, unknown>;
    try {
      reply = await sdk.exec(
        'alipay.trade.fastpay.refund.query',
        {
          bizContent: {
            out_trade_no: a.orderNo,
            trade_no: a.channelTradeNo,
            out_request_no: a.outRefundNo,
            query_options: ['gmt_refund_pay'],
          },
        },
        VALIDATE,
      );
    } catch (err) {
      return unknown(err);
    }
    return mapAlipayRefundQuery(reply, a, now());
  };

  return {
    async requestRefund(a) {
      const notifyUrl = opts.notifyUrl();
      let reply: Record<string, unknown>;
      try {
        reply = await sdk.exec(
          'alipay.trade.refund',
          {
            ...(notifyUrl ? { notifyUrl } : {}),
            bizContent: {
              out_trade_no: a.orderNo,
              trade_no: a.channelTradeNo,
              // Exact yuan from integer fen: "12.34", never a float.
              refund_amount: fenToYuan(a.refundFen),
              out_request_no: a.outRefundNo,
              refund_reason: a.reason.slice(0, 256),
            },
          },
          VALIDATE,
        );
      } catch (err) {
        return unknown(err);
      }
      const mapped = mapAlipayRefundReply(reply, a, now());
      if (mapped !== 'confirm') return mapped;
      // Accepted without moving money on this call: a repeat of a refund already made, or one under
      // way. Only the query can tell; if it cannot, the refund is at least accepted.
      const confirmed = await queryRefund(a);
      return confirmed.kind === 'succeeded' ? confirmed : { kind: 'processing' };
    },

    queryRefund,

    async parseNotification(_headers, rawBody) {
      const params: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(rawBody)) params[k] = v;
      // V2 verifies the values as received (already form-decoded), not decodeURIComponent'ed twice.
      if (!params.sign || !sdk.checkNotifySignV2(params)) {
        throw new AppError('PAYMENT.BAD_SIGNATURE', { channel: 'alipay' });
      }
      if (params.app_id !== opts.appId)
        throw new AppError('PAYMENT.BAD_SIGNATURE', { channel: 'alipay', appId: params.app_id });
      return parseAlipayRefundNotification(params, now());
    },
  };
}
