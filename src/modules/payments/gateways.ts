import type { Config } from '../../platform/config.ts';
import type { Channel } from '../orders/schema.ts';
import { alipayChannel } from './alipay/charge.ts';
import { createAlipayClient } from './alipay/client.ts';
import { alipayRefundGateway } from './alipay/refund-gateway.ts';
import { balanceChannel, type DemoBuyer, type PaymentChannel } from './channel.ts';
import type { PaymentKeys } from './keys.ts';
import type { RefundGateway } from './refund-port.ts';
import { wechatpayChannel } from './wechatpay/charge.ts';
import { createWechatpayClient, type WechatpaySettings } from './wechatpay/client.ts';
import { wechatpayRefundGateway } from './wechatpay/refund-gateway.ts';

export type GatewayChannel = 'alipay' | 'wechatpay';

export type GatewayOptions = {
  /** Where notifications should go, asked at each call (the HTTP port may be known only after listen). */
  notifyBaseUrl?: () => string | null;
  now?: () => Date;
};

export const NOTIFY_PATHS = {
  alipay: '/api/payments/notify/alipay',
  wechatpay: '/api/payments/notify/wechatpay',
} as const satisfies Record<GatewayChannel, string>;

/** The notify base from config, else the local HTTP port (the in-process simulator posts there). */
export function defaultNotifyBaseUrl(config: Config): string | null {
  if (config.payments.notifyBaseUrl) return config.payments.notifyBaseUrl.replace(/\/$/, '');
  return config.port ? `http://127.0.0.1:${config.port}` : null;
}

function settingsOf(config: Config) {
  const { alipay, wechatpay, timeoutMs } = config.payments;
  if (!alipay.gateway || !wechatpay.baseUrl) {
    throw new Error('payment gateways are not resolved: start them with startPayments (or set both URLs)');
  }
  const wx: WechatpaySettings = {
    baseUrl: wechatpay.baseUrl,
    mchid: wechatpay.mchid,
    appid: wechatpay.appid,
    merchantSerial: wechatpay.merchantSerial,
    publicKeyId: wechatpay.publicKeyId,
    timeoutMs,
  };
  return { alipay: { gateway: alipay.gateway, appId: alipay.appId, timeoutMs }, wechatpay: wx };
}

function notifyUrls(config: Config, opts: GatewayOptions) {
  const base = opts.notifyBaseUrl ?? (() => defaultNotifyBaseUrl(config));
  const url = (channel: GatewayChannel) => () => {
    const b = base();
    return b ? `${b}${NOTIFY_PATHS[channel]}` : null;
  };
  return { alipay: url('alipay'), wechatpay: url('wechatpay') };
}

/**
 * The refund gateways for the payout worker, on the official SDKs. `config.payments` must name both
 * gateways' URLs (startPayments fills in the simulator's where no real gateway is configured).
 */
export function createGateways(
  config: Config,
  keys: PaymentKeys,
  opts: GatewayOptions = {},
): Record<GatewayChannel, RefundGateway> {
  const s = settingsOf(config);
  const notify = notifyUrls(config, opts);
  return {
    alipay: alipayRefundGateway(createAlipayClient(s.alipay, keys.alipay), {
      appId: s.alipay.appId,
      notifyUrl: notify.alipay,
      now: opts.now,
    }),
    wechatpay: wechatpayRefundGateway(createWechatpayClient(s.wechatpay, keys.wechatpay), {
      settings: s.wechatpay,
      keys: keys.wechatpay,
      notifyUrl: notify.wechatpay,
      now: opts.now,
    }),
  };
}

/**
 * The storefront's payment channels: balance as before, Alipay and WeChat Pay through their SDKs.
 * `buyers` plays the buyer's part per channel (null where a real gateway is used: unavailable here).
 */
export function createPaymentChannels(
  config: Config,
  keys: PaymentKeys,
  buyers: Record<GatewayChannel, DemoBuyer | null>,
  opts: GatewayOptions = {},
): Record<Channel, PaymentChannel> {
  const s = settingsOf(config);
  const notify = notifyUrls(config, opts);
  return {
    balance: balanceChannel,
    alipay: alipayChannel(createAlipayClient(s.alipay, keys.alipay), buyers.alipay),
    wechatpay: wechatpayChannel(
      createWechatpayClient(s.wechatpay, keys.wechatpay),
      s.wechatpay,
      buyers.wechatpay,
      notify.wechatpay,
    ),
  };
}
