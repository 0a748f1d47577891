import type { AlipaySdk } from 'alipay-sdk';
import { AppError } from '../../../platform/errors.ts';
import type { DemoBuyer, PaymentChannel } from '../channel.ts';
import { fenToYuan, yuanToFen } from '../formats.ts';
import { payerAccountOf } from '../payer-account.ts';
import { VALIDATE } from './client.ts';

/**
 * 支付宝 in the storefront: barcode pay (alipay.trade.pay, scene bar_code) with the demo buyer's
 * payment code — synchronous, so the order is paid with Alipay's trade_no in its own transaction.
 * out_trade_no is the order number: paying the same order twice returns the first trade. The payer
 * account is the reply's buyer_user_id, or its buyer_open_id for an app on Alipay's openid standard
 * (every app created since 2023 gets buyer_open_id and no buyer_user_id).
 */
export function alipayChannel(sdk: AlipaySdk, buyer: DemoBuyer | null): PaymentChannel {
  return {
    async charge({ orderNo, amountFen, buyerId }) {
      if (!buyer) throw new AppError('PAYMENT.CHANNEL_UNAVAILABLE', { channel: 'alipay' });
      let reply: Record<string, unknown>;
      try {
        const authCode = await buyer.alipayAuthCode(buyerId);
        reply = await sdk.exec(
          'alipay.trade.pay',
          {
            bizContent: {
              out_trade_no: orderNo,
              scene: 'bar_code',
              auth_code: authCode,
              subject: `卡盟订单 ${orderNo}`,
              total_amount: fenToYuan(amountFen),
            },
          },
          VALIDATE,
        );
      } catch (err) {
        throw new AppError('PAYMENT.CHARGE_FAILED', { channel: 'alipay', message: (err as Error).message });
      }
      const tradeNo = typeof reply.trade_no === 'string' ? reply.trade_no : null;
      const paidFen = yuanToFen(typeof reply.total_amount === 'string' ? reply.total_amount : '');
      if (reply.code !== '10000' || !tradeNo || paidFen !== amountFen) {
        throw new AppError('PAYMENT.CHARGE_FAILED', {
          channel: 'alipay',
          code: reply.code,
          subCode: reply.sub_code,
        });
      }
      const payerAccount =
        payerAccountOf('alipay', reply.buyer_user_id) ?? payerAccountOf('alipay', reply.buyer_open_id);
      return { channelTradeNo: tradeNo, payerAccount };
    },
  };
}
