/**
 * The refund port: what the payout worker asks of a payment channel. Adapters (alipay/, wechatpay/)
 * speak the channel's protocol through its official SDK and never touch the database; the attempt's
 * outRefundNo is the channel's idempotency number, saved before the call and reused on every retry.
 */
export type RefundAttempt = {
  channel: 'alipay' | 'wechatpay';
  orderNo: string; // our out_trade_no
  channelTradeNo: string; // the channel's trade_no / transaction_id from the payment
  outRefundNo: string; // our payout attempt number: out_request_no / out_refund_no, reused on every retry
  refundFen: number;
  orderTotalFen: number;
  reason: string;
};

/** The question put to a channel about one payout attempt of an order (a refund, or its query). */
export function refundAttemptOf(
  a: { channel: RefundAttempt['channel']; outRefundNo: string; amountFen: number },
  o: { orderNo: string; channelTradeNo: string | null; paidFen: number },
  reason: string,
): RefundAttempt {
  return {
    channel: a.channel,
    orderNo: o.orderNo,
    channelTradeNo: o.channelTradeNo ?? '',
    outRefundNo: a.outRefundNo,
    refundFen: a.amountFen,
    orderTotalFen: o.paidFen,
    reason,
  };
}
export type RefundStatus =
  | { kind: 'succeeded'; channelRefundId: string; refundedFen: number; at: Date }
  | { kind: 'processing' }
  | { kind: 'failed'; reason: 'abnormal' | 'closed' | 'rejected'; message: string }
  | { kind: 'unknown'; message: string } // timeout, 5xx, unparsable: never assume an outcome
  | { kind: 'not_found' }; // query only: the channel has no such refund
export type RefundNotification = {
  channel: 'alipay' | 'wechatpay';
  outRefundNo: string;
  orderNo: string;
  refundFen: number;
  status: RefundStatus;
};
export interface RefundGateway {
  requestRefund(a: RefundAttempt): Promise<RefundStatus>;
  queryRefund(a: RefundAttempt): Promise<RefundStatus>;
  /** Verifies the signature (and decrypts WeChat's resource); a bad one throws AppError('PAYMENT.BAD_SIGNATURE'). */
  parseNotification(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): Promise<RefundNotification>;
}
