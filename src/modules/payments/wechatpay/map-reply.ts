import type { RefundStatus } from '../refund-port.ts';

type Json = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * A WeChat Pay refund (a 200 reply, a query, or a decrypted notification resource, which names the
 * status `refund_status`) → status.
 */
export function mapWechatRefund(refund: Json, now: Date): RefundStatus {
  const status = str(refund.status) ?? str(refund.refund_status);
  const amount = (refund.amount ?? {}) as Json;
  switch (status) {
    case 'SUCCESS': {
      const refundedFen = amount.refund;
      const refundId = str(refund.refund_id);
      if (!Number.isSafeInteger(refundedFen) || !refundId) {
        return { kind: 'unknown', message: 'SUCCESS without refund_id or amount.refund' };
      }
      const at = new Date(str(refund.success_time) ?? '');
      return {
        kind: 'succeeded',
        channelRefundId: refundId,
        refundedFen: refundedFen as number,
        at: Number.isNaN(at.getTime()) ? now : at,
      };
    }
    case 'PROCESSING':
      return { kind: 'processing' };
    case 'ABNORMAL':
      return { kind: 'failed', reason: 'abnormal', message: 'ABNORMAL 退款异常（用户卡已销户或冻结）' };
    case 'CLOSED':
      return { kind: 'failed', reason: 'closed', message: 'CLOSED 退款关闭' };
    default:
      return { kind: 'unknown', message: `unexpected refund status ${String(status)}` };
  }
}

/**
 * A failed call → status. Only an answer from WeChat Pay that refuses the request (4xx, signed or
 * not: the plugin verifies 2xx replies only) is a failure; timeouts, 5xx, 429 and 2xx replies whose
 * signature did not verify are unknown. A query's 404 means WeChat Pay has no such refund.
 */
export function mapWechatError(err: unknown, op: 'request' | 'query'): RefundStatus {
  const e = err as { response?: { status?: unknown; data?: unknown }; code?: unknown; message?: unknown };
  const status = typeof e?.response?.status === 'number' ? e.response.status : null;
  const data = (e?.response?.data ?? {}) as Json;
  const detail =
    `${str(data.code) ?? str(e?.code) ?? ''} ${str(data.message) ?? str(e?.message) ?? ''}`.trim();
  if (status === null || status < 400 || status === 429 || status >= 500) {
    return { kind: 'unknown', message: `${status ?? 'no reply'}: ${detail}` };
  }
  if (op === 'query' && status === 404) return { kind: 'not_found' };
  return { kind: 'failed', reason: 'rejected', message: `${status} ${detail}` };
}
