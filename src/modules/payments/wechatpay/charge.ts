import type { Wechatpay } from 'wechatpay-axios-plugin';
import { AppError } from '../../../platform/errors.ts';
import type { DemoBuyer, PaymentChannel } from '../channel.ts';
import { payerAccountOf } from '../payer-account.ts';
import type { WechatpaySettings } from './client.ts';

type Json = Record<string, unknown>;

/**
 * 微信支付 in the storefront: a native order (/v3/pay/transactions/native), the demo buyer scans its
 * QR code, and the order query confirms the payment and gives the transaction_id refunds reference.
 * The payment is taken as made only when WeChat Pay's signed query says SUCCESS for our amount; the
 * same query's payer.openid is the payer account.
 */
export function wechatpayChannel(
  wx: Wechatpay,
  settings: WechatpaySettings,
  buyer: DemoBuyer | null,
  notifyUrl: () => string | null,
): PaymentChannel {
  return {
    async charge({ orderNo, amountFen, buyerId }) {
      if (!buyer) throw new AppError('PAYMENT.CHANNEL_UNAVAILABLE', { channel: 'wechatpay' });
      let trade: Json;
      try {
        const url = notifyUrl();
        const { data: order } = await wx.chain('v3/pay/transactions/native').post({
          appid: settings.appid,
          mchid: settings.mchid,
          description: `卡盟订单 ${orderNo}`,
          out_trade_no: orderNo,
          ...(url ? { notify_url: url } : {}),
          amount: { total: amountFen, currency: 'CNY' },
        });
        await buyer.scanWechatCode(String((order as Json).code_url), buyerId);
        const { data } = await wx.chain('v3/pay/transactions/out-trade-no/{out_trade_no}').get({
          params: { mchid: settings.mchid },
          out_trade_no: encodeURIComponent(orderNo),
        });
        trade = data as Json;
      } catch (err) {
        throw new AppError('PAYMENT.CHARGE_FAILED', {
          channel: 'wechatpay',
          message: (err as Error).message,
        });
      }
      const paid = (trade.amount as Json | undefined)?.total;
      if (trade.trade_state !== 'SUCCESS' || typeof trade.transaction_id !== 'string' || paid !== amountFen) {
        throw new AppError('PAYMENT.CHARGE_FAILED', { channel: 'wechatpay', tradeState: trade.trade_state });
      }
      const payer = trade.payer as Json | undefined;
      return {
        channelTradeNo: trade.transaction_id,
        payerAccount: payerAccountOf('wechatpay', payer?.openid),
      };
    },
  };
}
