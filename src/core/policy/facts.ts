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
  /** Already refunded, plus amounts reserved by refund cases still open on this order. */
  readonly refundedFen: number;
  /** Fees withheld by earlier refunds on this order — what a fee dispute can give back. Default 0. */
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
  readonly keysIssued: number;
  /** Keys the buyer has viewed or copied at least once (提取记录). */
  readonly keysRevealed: number;
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
}
