import { Wechatpay } from 'wechatpay-axios-plugin';
import type { WechatpayKeys } from '../keys.ts';

export type WechatpaySettings = {
  baseUrl: string;
  mchid: string;
  appid: string;
  merchantSerial: string;
  publicKeyId: string;
  timeoutMs: number;
};

/**
 * The wechatpay-axios-plugin client for API v3: it signs every request with the merchant key and
 * verifies every 2xx reply with the WeChat Pay public key (微信支付公钥 mode: `certs` maps the public
 * key id to the key, so no platform-certificate download is needed).
 */
export function createWechatpayClient(settings: WechatpaySettings, keys: WechatpayKeys): Wechatpay {
  return new Wechatpay({
    mchid: settings.mchid,
    serial: settings.merchantSerial,
    privateKey: keys.merchantPrivateKey,
    certs: { [settings.publicKeyId]: keys.platformPublicKey },
    baseURL: settings.baseUrl,
    timeout: settings.timeoutMs,
  });
}
