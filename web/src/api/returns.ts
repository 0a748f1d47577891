import { request } from './client.ts';
import type { OrderDetail } from './orders.ts';
import type { Bilingual, CaseDetail, TextWithEvidence } from './refunds.ts';

/** The carriers a return may name (the server's list). */
export const CARRIERS = ['sf', 'zto', 'yto', 'yunda', 'sto', 'jd', 'ems', 'post'] as const;
export type Carrier = (typeof CARRIERS)[number];

export interface ReturnAddress {
  name: string;
  phone: string;
  address: string;
}

/** 退货寄回 on a case: where to, by when, who pays the postage, and the shipment once entered. */
export interface ReturnShipment {
  postagePaidBy: 'buyer' | 'merchant';
  address: ReturnAddress | null;
  shipBy: string | null;
  carrier: Carrier | null;
  carrierName: Bilingual | null;
  trackingNo: string | null;
  shippedAt: string | null;
  confirmBy: string | null;
  receivedAt: string | null;
  postageFen: number | null;
  merchantOwesPostageFen: number;
  /** Paid into the buyer's balance (at the hand-over to payout). */
  postagePaid: boolean;
}

const refundPath = (refundNo: string) => `/api/refunds/${encodeURIComponent(refundNo)}`;
const merchantPath = (refundNo: string) => `/api/merchant/refunds/${encodeURIComponent(refundNo)}`;

/** The buyer enters the carrier and tracking number of the goods sent back. */
export function shipReturn(
  refundNo: string,
  body: { carrier: Carrier; trackingNo: string; postageFen?: number },
): Promise<CaseDetail> {
  return request('POST', `${refundPath(refundNo)}/return-shipment`, body);
}

/** 确认收货: the merchant received the goods; the refund goes out. */
export function confirmReturn(refundNo: string): Promise<CaseDetail> {
  return request('POST', `${merchantPath(refundNo)}/confirm-return`, {});
}

/** 有异议: the goods that came back are not right; an agent decides. */
export function objectReturn(refundNo: string, body: TextWithEvidence): Promise<CaseDetail> {
  return request('POST', `${merchantPath(refundNo)}/object-return`, body);
}

/** The merchant's case view: the case plus its order with the delivery and extraction records. */
export type MerchantCaseDetail = CaseDetail & { order: OrderDetail };

export function getMerchantCase(refundNo: string): Promise<MerchantCaseDetail> {
  return request('GET', merchantPath(refundNo));
}

export function getReturnAddress(): Promise<{ returnAddress: ReturnAddress | null }> {
  return request('GET', '/api/merchant/return-address');
}

export function setReturnAddress(address: ReturnAddress): Promise<{ returnAddress: ReturnAddress | null }> {
  return request('PUT', '/api/merchant/return-address', address);
}
