import { queryString, request } from './client.ts';
import type { RefundType } from './policy.ts';
import type { ProductKind } from './products.ts';
import type { CaseState } from './refunds.ts';

export type OrderStatus = 'pending_payment' | 'awaiting_delivery' | 'delivered' | 'completed' | 'cancelled';
export type DeliveryStatus = 'pending' | 'delivered' | 'partial' | 'failed';
export type PayChannel = 'balance' | 'alipay' | 'wechatpay';
export type ExtractionAction = 'reveal' | 'copy';
/** none · partly_refunded · refunded (everything paid came back or was kept as a fee: 交易关闭). */
export type OrderRefundState = 'none' | 'partly_refunded' | 'refunded';

export const orderStatuses: OrderStatus[] = [
  'pending_payment',
  'awaiting_delivery',
  'delivered',
  'completed',
  'cancelled',
];
export const payChannels: PayChannel[] = ['balance', 'alipay', 'wechatpay'];

export interface OrderSummary {
  orderNo: string;
  productName: string;
  productKind: ProductKind;
  merchantName: string;
  buyerName: string;
  quantity: number;
  amountFen: number;
  paidFen: number;
  refundedFen: number;
  /** Fees kept by the platform from this order's refunds (refundable again only by a fee dispute). */
  feesKeptFen: number;
  refundState: OrderRefundState;
  /** The refund case open on the order, if any. */
  openRefundNo: string | null;
  status: OrderStatus;
  deliveryStatus: DeliveryStatus;
  channel: PayChannel | null;
  createdAt: string;
  paidAt: string | null;
}

export interface Extraction {
  id: number;
  cardKeyId: number;
  action: ExtractionAction;
  at: string;
  ip: string | null;
  userAgent: string | null;
}

export interface CardKey {
  id: number;
  masked: string;
  revealedAt: string | null;
  /** held: the buyer's; refunded: taken back by the case `refundNo` and void for the buyer. */
  status: 'held' | 'refunded';
  refundNo: string | null;
  /** The open case that locks this unrevealed key (withdrawing it unlocks the key). */
  lockedBy: string | null;
}

/** A refund case on the order, as the order page lists them (newest first). */
export interface OrderRefund {
  refundNo: string;
  type: RefundType;
  state: CaseState;
  stateLabel: { zh: string; en: string };
  amountFen: number;
  /** What was approved, once decided. */
  approvedFen: number | null;
  createdAt: string;
}

export interface DeliveryAttempt {
  id: number;
  at: string;
  status: 'succeeded' | 'partial' | 'failed';
  requestedUnits: number;
  arrivedUnits: number;
  detail: string | null;
}

export interface Shipment {
  carrier: string;
  trackingNo: string;
  shippedAt: string;
  receivedAt: string | null;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  textZh: string;
  textEn: string;
  /** Refund events name their case. */
  refundNo?: string;
}

export interface OrderDetail extends OrderSummary {
  unitPriceFen: number;
  topupAccount: string | null;
  shippingAddress: string | null;
  expiresAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  channelTradeNo: string | null;
  refundableFen: number;
  orderedUnits: number | null;
  arrivedUnits: number | null;
  cardKeys: CardKey[];
  refunds: OrderRefund[];
  deliveryAttempts: DeliveryAttempt[];
  extractions: Extraction[];
  shipment: Shipment | null;
  timeline: TimelineEntry[];
}

export interface OrderFilter {
  status?: OrderStatus;
  q?: string;
  /** ISO datetimes bounding the creation time. */
  from?: string;
  to?: string;
}

export interface OrderPage {
  items: OrderSummary[];
  nextCursor: string | null;
}

export interface NewOrder {
  productId: number;
  quantity: number;
  topupAccount?: string;
  shippingAddress?: string;
}

const orderPath = (orderNo: string) => `/api/orders/${encodeURIComponent(orderNo)}`;

export function listOrders(filter: OrderFilter, cursor?: string): Promise<OrderPage> {
  return request('GET', `/api/orders${queryString({ ...filter, cursor, limit: 20 })}`);
}

export function getOrder(orderNo: string): Promise<OrderDetail> {
  return request('GET', orderPath(orderNo));
}

export function createOrder(order: NewOrder): Promise<OrderDetail> {
  return request('POST', '/api/orders', order);
}

export function payOrder(orderNo: string, channel: PayChannel): Promise<OrderDetail> {
  return request('POST', `${orderPath(orderNo)}/pay`, { channel });
}

export function cancelOrder(orderNo: string): Promise<OrderDetail> {
  return request('POST', `${orderPath(orderNo)}/cancel`);
}

export function confirmReceipt(orderNo: string): Promise<OrderDetail> {
  return request('POST', `${orderPath(orderNo)}/confirm-receipt`);
}

export function shipOrder(
  orderNo: string,
  shipment: { carrier: string; trackingNo: string },
): Promise<OrderDetail> {
  return request('POST', `${orderPath(orderNo)}/ship`, shipment);
}

export function revealCardKey(
  orderNo: string,
  keyId: number,
  action: ExtractionAction,
): Promise<{ id: number; secret: string; extraction: Extraction }> {
  return request('POST', `${orderPath(orderNo)}/card-keys/${keyId}/reveal`, { action });
}
