import type { OrderStatus, PaymentChannel, ProductKind, RefundType } from './vocabulary.ts';

/**
 * What the policy engine reads about an order. Built from database records by the orders and
 * delivery modules; delivery facts come from records (keys issued, extraction log, top-up arrivals),
 * because "shipped" alone proves nothing (seed §4).
 */
export interface OrderFacts {
  readonly orderNo: string;
  readonly productKind: ProductKind;
  readonly status: OrderStatus;
  readonly paidFen: number;
  /** Money already paid back on this order. */
  readonly refundedFen: number;
  /**
   * Fees earlier refunds withheld and the platform still keeps (net of fees given back after a fee
   * dispute) — what a fee dispute can give back. Default 0. Never refundable again by other types:
   * what is left to refund is paidFen − refundedFen − feesWithheldFen.
   */
  readonly feesWithheldFen?: number;
  readonly channel: PaymentChannel;
  readonly quantity: number;
  readonly delivery: DeliveryFacts;
  /** When a physical parcel was signed for; null until then, and always null for virtual goods. */
  readonly receivedAt: Date | null;
  readonly paidAt: Date | null;
}

export interface DeliveryFacts {
  /** When delivery was recorded as done (发货). Says nothing about what actually arrived. */
  readonly deliveredAt: Date | null;
  /** The supplier or the system reported a failed delivery (发放失败). */
  readonly failed: boolean;
  /** Keys ever issued to the order, including keys later taken back by a refund. */
  readonly keysIssued: number;
  /** Keys the buyer still holds (not taken back) and has viewed or copied at least once (提取记录). */
  readonly keysRevealed: number;
  /** Keys taken back (voided for the buyer) by earlier refunds. Default 0. */
  readonly keysRefunded?: number;
  /**
   * Units promised, at least 1: face-value units of a top-up (50), keys for card keys, items for
   * physical goods. For card_key the engine counts arrived units as keysIssued and ignores arrivedUnits,
   * so an order marked delivered with no key issued is treated as undelivered.
   */
  readonly orderedUnits: number;
  /** Units the records show arrived (top-up 到账 of 30 out of 50; items in the parcel). */
  readonly arrivedUnits: number;
}

export interface RefundRequest {
  readonly type: RefundType;
  /**
   * The amount the buyer asks to receive, if less than everything. Lower than what the policy
   * allows → that amount; higher → capped, with a reason saying so.
   */
  readonly requestedFen?: number;
  /**
   * Which of the keys the buyer still holds the refund covers, by kind (the module maps the chosen
   * key ids to these counts). Absent: every key still held. Units never issued are always covered.
   */
  readonly keys?: KeySelection;
}

export interface KeySelection {
  readonly unrevealed: number;
  readonly revealed: number;
}
