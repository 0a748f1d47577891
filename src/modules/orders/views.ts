import { orderRefundState } from '../../core/orders/refund-state.ts';
import type { OrderRow } from './find-order.ts';

/** The order as lists show it (see OrderSummary in the OpenAPI document). */
export function orderSummary(
  o: OrderRow,
  names: { merchantName: string; buyerName: string; openRefundNo?: string | null },
) {
  return {
    orderNo: o.orderNo,
    productName: o.productName,
    productKind: o.productKind,
    merchantName: names.merchantName,
    buyerName: names.buyerName,
    quantity: o.quantity,
    amountFen: o.amountFen,
    paidFen: o.paidFen,
    refundedFen: o.refundedFen,
    feesKeptFen: o.feesKeptFen,
    refundState: orderRefundState(o),
    /** The refund case open on the order, if any (at most one). */
    openRefundNo: names.openRefundNo ?? null,
    status: o.status,
    deliveryStatus: o.deliveryStatus,
    channel: o.channel,
    createdAt: o.createdAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
  };
}

export type OrderSummary = ReturnType<typeof orderSummary>;

export const iso = (d: Date | null) => d?.toISOString() ?? null;
