import { createCipheriv, createSign, randomBytes, randomUUID } from 'node:crypto';
import { formatRfc3339China } from '../modules/payments/formats.ts';
import { attackerKey } from './forgery.ts';
import type { SimulatorKeys } from './keys.ts';
import type { OutgoingNotification } from './notifier.ts';
import type { SimRefund, SimTrade } from './state.ts';

const NONCE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** WeChat Pay's nonces: random alphanumerics (32 for signatures, 12 for AES-GCM). */
export function nonce(size = 32): string {
  return Array.from(randomBytes(size), (b) => NONCE_CHARS[b % NONCE_CHARS.length]).join('');
}

export const rsaSign = (message: string, key: string) =>
  createSign('RSA-SHA256').update(message, 'utf8').sign(key, 'base64');

/** AEAD_AES_256_GCM as WeChat Pay encrypts notification resources: base64(ciphertext ‖ tag). */
export function encryptResource(plaintext: string, apiV3Key: string, iv: string, aad: string): string {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(iv)).setAAD(
    Buffer.from(aad),
  );
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString(
    'base64',
  );
}

/**
 * WeChat Pay's refund notification (REFUND.SUCCESS / ABNORMAL / CLOSED): the refund encrypted under the
 * APIv3 key, the body signed with the platform key and sent with the Wechatpay-* headers.
 */
export function wechatRefundNotification(
  r: SimRefund,
  trade: SimTrade,
  keys: SimulatorKeys['wechatpay'],
): OutgoingNotification | null {
  if (!r.notifyUrl || r.status === 'PROCESSING') return null;
  const id = randomUUID();
  const createdAt = formatRfc3339China(new Date());
  const summary = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' }[r.status];
  return {
    channel: 'wechatpay',
    outRefundNo: r.outRefundNo,
    url: r.notifyUrl,
    build: ({ forged }) => {
      const resource = {
        mchid: keys.mchid,
        out_trade_no: r.outTradeNo,
        transaction_id: r.tradeNo,
        out_refund_no: r.outRefundNo,
        refund_id: r.refundId,
        refund_status: r.status,
        ...(r.successAt ? { success_time: formatRfc3339China(new Date(r.successAt)) } : {}),
        user_received_account: '支付用户零钱',
        amount: {
          total: trade.totalFen,
          refund: forged ? trade.totalFen : r.amountFen,
          payer_total: trade.totalFen,
          payer_refund: forged ? trade.totalFen : r.amountFen,
        },
      };
      const iv = nonce(12);
      const body = JSON.stringify({
        id,
        create_time: createdAt,
        resource_type: 'encrypt-resource',
        event_type: `REFUND.${r.status}`,
        summary,
        resource: {
          original_type: 'refund',
          algorithm: 'AEAD_AES_256_GCM',
          ciphertext: encryptResource(JSON.stringify(resource), keys.apiV3Key, iv, 'refund'),
          associated_data: 'refund',
          nonce: iv,
        },
      });
      const ts = String(Math.floor(Date.now() / 1000));
      const n = nonce();
      return {
        headers: {
          'content-type': 'application/json',
          'wechatpay-timestamp': ts,
          'wechatpay-nonce': n,
          'wechatpay-serial': keys.publicKeyId,
          'wechatpay-signature': rsaSign(
            `${ts}\n${n}\n${body}\n`,
            forged ? attackerKey() : keys.platformPrivateKey,
          ),
          'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
        },
        body,
      };
    },
    accepted: (status) => status === 200 || status === 204,
  };
}
