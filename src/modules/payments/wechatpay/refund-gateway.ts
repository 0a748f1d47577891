import { Aes, Formatter, Rsa, type Wechatpay } from 'wechatpay-axios-plugin';
import { AppError } from '../../../platform/errors.ts';
import type { WechatpayKeys } from '../keys.ts';
import type { RefundGateway, RefundNotification } from '../refund-port.ts';
import type { WechatpaySettings } from './client.ts';
import { mapWechatError, mapWechatRefund } from './map-reply.ts';

type Json = Record<string, unknown>;
type Options = {
  settings: WechatpaySettings;
  keys: WechatpayKeys;
  notifyUrl: () => string | null;
  now?: () => Date;
};

/** Notifications older (or newer) than this are refused: a replayed capture is not accepted later. */
const MAX_CLOCK_SKEW_S = 300;

const header = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** WeChat Pay API v3 behind the refund port: /v3/refund/domestic/refunds, its query, notifications. */
export function wechatpayRefundGateway(wx: Wechatpay, opts: Options): RefundGateway {
  const now = opts.now ?? (() => new Date());
  const bad = (why: string): never => {
    throw new AppError('PAYMENT.BAD_SIGNATURE', { channel: 'wechatpay', why });
  };

  return {
    async requestRefund(a) {
      const notifyUrl = opts.notifyUrl();
      try {
        const { data } = await wx.chain('v3/refund/domestic/refunds').post({
          transaction_id: a.channelTradeNo,
          out_refund_no: a.outRefundNo,
          reason: a.reason.slice(0, 80),
          ...(notifyUrl ? { notify_url: notifyUrl } : {}),
          // WeChat Pay counts in fen, as we do.
          amount: { refund: a.refundFen, total: a.orderTotalFen, currency: 'CNY' },
        });
        return mapWechatRefund(data as Json, now());
      } catch (err) {
        return mapWechatError(err, 'request');
      }
    },

    async queryRefund(a) {
      try {
        const { data } = await wx.chain('v3/refund/domestic/refunds/{out_refund_no}').get({
          out_refund_no: encodeURIComponent(a.outRefundNo),
        });
        return mapWechatRefund(data as Json, now());
      } catch (err) {
        return mapWechatError(err, 'query');
      }
    },

    async parseNotification(headers, rawBody): Promise<RefundNotification> {
      const timestamp = header(headers, 'wechatpay-timestamp');
      const nonce = header(headers, 'wechatpay-nonce');
      const signature = header(headers, 'wechatpay-signature');
      const serial = header(headers, 'wechatpay-serial');
      if (!timestamp || !nonce || !signature) bad('missing Wechatpay-* headers');
      if (serial !== opts.settings.publicKeyId) bad(`unknown Wechatpay-Serial ${serial}`);
      if (Math.abs(now().getTime() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_S)
        bad('timestamp out of range');
      let verified = false;
      try {
        verified = Rsa.verify(
          Formatter.response(timestamp!, nonce!, rawBody),
          signature!,
          opts.keys.platformPublicKey,
        );
      } catch {
        verified = false;
      }
      if (!verified) bad('signature does not verify');

      let event: Json;
      try {
        event = JSON.parse(rawBody) as Json;
      } catch {
        return bad('body is not JSON');
      }
      const eventType = typeof event.event_type === 'string' ? event.event_type : '';
      const resource = (event.resource ?? null) as Json | null;
      if (!eventType.startsWith('REFUND.') || !resource) {
        throw new AppError('PAYMENT.UNSUPPORTED_NOTIFICATION', { channel: 'wechatpay', eventType });
      }
      let plain: Json;
      try {
        plain = JSON.parse(
          Aes.AesGcm.decrypt(
            String(resource.ciphertext),
            opts.keys.apiV3Key,
            String(resource.nonce),
            String(resource.associated_data ?? ''),
          ),
        ) as Json;
      } catch {
        return bad('resource does not decrypt with the APIv3 key');
      }
      if (plain.mchid !== opts.settings.mchid) bad(`notification for merchant ${String(plain.mchid)}`);
      const amount = (plain.amount ?? {}) as Json;
      const outRefundNo = plain.out_refund_no;
      const orderNo = plain.out_trade_no;
      if (
        typeof outRefundNo !== 'string' ||
        typeof orderNo !== 'string' ||
        !Number.isSafeInteger(amount.refund)
      ) {
        throw new AppError('PAYMENT.UNSUPPORTED_NOTIFICATION', { channel: 'wechatpay', eventType });
      }
      return {
        channel: 'wechatpay',
        outRefundNo,
        orderNo,
        refundFen: amount.refund as number,
        status: mapWechatRefund(plain, now()),
      };
    },
  };
}
