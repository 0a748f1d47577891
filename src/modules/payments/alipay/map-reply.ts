import { AppError } from '../../../platform/errors.ts';
import { parseChinaTime, yuanToFen } from '../formats.ts';
import type { RefundAttempt, RefundNotification, RefundStatus } from '../refund-port.ts';

type Reply = Record<string, unknown>;

/** Alipay has no refund id of its own: trade_no and out_request_no together name a refund. */
export const alipayRefundId = (tradeNo: string, outRequestNo: string) => `${tradeNo}-${outRequestNo}`;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Sub-codes that say, for certain, that this refund did not and will not happen. */
const REJECTED = new Set([
  'ACQ.TRADE_NOT_EXIST',
  'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', // more than is left to refund
  'ACQ.DISCORDANT_REPEAT_REQUEST', // the number was used for another amount
  'ACQ.INVALID_PARAMETER',
  'ACQ.SELLER_BALANCE_NOT_ENOUGH',
  'ACQ.TRADE_STATUS_ERROR',
  'ACQ.REASON_TRADE_BEEN_FREEZEN',
  'ACQ.REFUND_CHARGE_ERROR',
  'ACQ.NOT_ALLOW_PARTIAL_REFUND',
  'ACQ.CHECK_PARTNER_ERROR',
]);

/**
 * An `alipay.trade.refund` reply → status, or 'confirm' when Alipay accepted the request without
 * moving money on this call (fund_change N: a repeat of an earlier request, or one still under way) —
 * then only `alipay.trade.fastpay.refund.query` can say which.
 */
export function mapAlipayRefundReply(reply: Reply, a: RefundAttempt, now: Date): RefundStatus | 'confirm' {
  const code = str(reply.code);
  const subCode = str(reply.sub_code) ?? '';
  const message = `${code ?? '?'} ${subCode} ${str(reply.sub_msg) ?? str(reply.msg) ?? ''}`.trim();
  if (code === '10000') {
    if (reply.fund_change !== 'Y') return 'confirm';
    const refundedFen = yuanToFen(str(reply.send_back_fee) ?? '') ?? a.refundFen;
    return {
      kind: 'succeeded',
      channelRefundId: alipayRefundId(str(reply.trade_no) ?? a.channelTradeNo, a.outRefundNo),
      refundedFen,
      at: parseChinaTime(str(reply.gmt_refund_pay) ?? '') ?? now,
    };
  }
  if (code === '40004') {
    if (subCode === 'ACQ.BUYER_ERROR') return { kind: 'failed', reason: 'abnormal', message };
    if (subCode === 'ACQ.TRADE_HAS_CLOSE') return { kind: 'failed', reason: 'closed', message };
    if (REJECTED.has(subCode)) return { kind: 'failed', reason: 'rejected', message };
  }
  // The gateway refused the call itself (bad signature, wrong app): nothing was processed.
  if (code === '40002' || code === '40001' || code === '40006')
    return { kind: 'failed', reason: 'rejected', message };
  // 20000 (service unavailable), ACQ.SYSTEM_ERROR and anything unknown: the outcome is not known.
  return { kind: 'unknown', message };
}

/** An `alipay.trade.fastpay.refund.query` reply → status. */
export function mapAlipayRefundQuery(reply: Reply, a: RefundAttempt, now: Date): RefundStatus {
  const code = str(reply.code);
  if (code === '40004' && reply.sub_code === 'ACQ.TRADE_NOT_EXIST') return { kind: 'not_found' };
  if (code !== '10000') {
    return {
      kind: 'unknown',
      message: `${code ?? '?'} ${str(reply.sub_code) ?? ''} ${str(reply.sub_msg) ?? ''}`.trim(),
    };
  }
  const refundStatus = str(reply.refund_status);
  if (refundStatus === 'REFUND_SUCCESS') {
    return {
      kind: 'succeeded',
      channelRefundId: alipayRefundId(str(reply.trade_no) ?? a.channelTradeNo, a.outRefundNo),
      refundedFen: yuanToFen(str(reply.refund_amount) ?? '') ?? a.refundFen,
      at: parseChinaTime(str(reply.gmt_refund_pay) ?? '') ?? now,
    };
  }
  if (refundStatus === 'REFUND_PROCESSING') return { kind: 'processing' };
  // Alipay answers 10000 without refund fields when no refund succeeded under that number.
  return { kind: 'not_found' };
}

/**
 * A verified `trade_status_sync` notification → the refund it reports. Alipay notifies successful
 * refunds only: out_biz_no is our out_request_no, refund_fee the trade's refunded total, send_back_fee
 * this refund. A notification without them (a payment's) is not a refund notification.
 */
export function parseAlipayRefundNotification(params: Record<string, string>, now: Date): RefundNotification {
  const outRefundNo = params.out_biz_no;
  const orderNo = params.out_trade_no;
  const tradeNo = params.trade_no;
  const refundFen = yuanToFen(params.send_back_fee ?? '');
  if (!outRefundNo || !orderNo || !tradeNo || !params.refund_fee || refundFen === null) {
    throw new AppError('PAYMENT.UNSUPPORTED_NOTIFICATION', {
      channel: 'alipay',
      notifyType: params.notify_type,
    });
  }
  return {
    channel: 'alipay',
    outRefundNo,
    orderNo,
    refundFen,
    status: {
      kind: 'succeeded',
      channelRefundId: alipayRefundId(tradeNo, outRefundNo),
      refundedFen: refundFen,
      at: parseChinaTime(params.gmt_refund ?? '') ?? now,
    },
  };
}
