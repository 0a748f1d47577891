import { AlipaySdk } from 'alipay-sdk';
import type { AlipayKeys } from '../keys.ts';

export type AlipaySettings = { gateway: string; appId: string; timeoutMs: number };

/**
 * The official SDK on the classic OpenAPI gateway (`exec`: form-POST, RSA2 with a PKCS8 app key).
 * Replies are verified with Alipay's public key on every call (`validateSign: true` at each exec).
 */
export function createAlipayClient(settings: AlipaySettings, keys: AlipayKeys): AlipaySdk {
  return new AlipaySdk({
    appId: settings.appId,
    privateKey: keys.appPrivateKey,
    alipayPublicKey: keys.alipayPublicKey,
    keyType: 'PKCS8',
    signType: 'RSA2',
    gateway: settings.gateway,
    timeout: settings.timeoutMs,
    camelcase: false,
  });
}

export const VALIDATE = { validateSign: true } as const;
