/**
 * Where an order stands with refunds, from its money: nothing refunded; partly (something came back,
 * or a fee was kept, and something is left); or refunded — everything paid came back or was kept as
 * a fee, so nothing is left to refund and the order is over (交易关闭).
 */
export const ORDER_REFUND_STATES = ['none', 'partly_refunded', 'refunded'] as const;
export type OrderRefundState = (typeof ORDER_REFUND_STATES)[number];

export function orderRefundState(o: {
  paidFen: number;
  refundedFen: number;
  feesKeptFen: number;
}): OrderRefundState {
  const consumed = o.refundedFen + o.feesKeptFen;
  if (o.paidFen > 0 && consumed >= o.paidFen) return 'refunded';
  return consumed > 0 ? 'partly_refunded' : 'none';
}

/** What is left to refund at most; the policy decides what a given refund type allows of it. */
export function refundableFen(o: { paidFen: number; refundedFen: number; feesKeptFen: number }): number {
  return Math.max(0, o.paidFen - o.refundedFen - o.feesKeptFen);
}
