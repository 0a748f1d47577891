import { z } from 'zod';
import { ORDER_REFUND_STATES } from '../../core/orders/refund-state.ts';
import { IsoTime } from '../../platform/http/schemas.ts';
import { PRODUCT_KINDS } from '../catalog/schema.ts';
import { CHANNELS, DELIVERY_STATUSES, ORDER_STATUSES } from './schema.ts';

export const OrderNo = z.string().max(32);

/**
 * The card keys a refund covers (from the order's `cardKeys`); absent: every key the buyer still
 * holds. Other products have no items.
 */
export const RefundItems = z
  .array(z.object({ cardKeyId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }))
  .max(999)
  .optional();

/** Item objects → key ids, for the use-cases. */
export const itemKeyIds = (items: { cardKeyId: number }[] | undefined) => items?.map((i) => i.cardKeyId);

export const OrderSummary = z.object({
  orderNo: z.string(),
  productName: z.string(),
  productKind: z.enum(PRODUCT_KINDS),
  merchantName: z.string(),
  buyerName: z.string(),
  quantity: z.number().int(),
  amountFen: z.number().int(),
  paidFen: z.number().int(),
  refundedFen: z.number().int(),
  /** Fees kept by the platform from this order's refunds; never refundable again except by a fee dispute. */
  feesKeptFen: z.number().int(),
  /** none · partly_refunded · refunded (everything paid came back or was kept as a fee: 交易关闭). */
  refundState: z.enum(ORDER_REFUND_STATES),
  openRefundNo: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  deliveryStatus: z.enum(DELIVERY_STATUSES),
  channel: z.enum(CHANNELS).nullable(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
});

export const Extraction = z.object({
  id: z.number().int(),
  cardKeyId: z.number().int(),
  action: z.enum(['reveal', 'copy']),
  at: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

export const OrderDetail = OrderSummary.extend({
  unitPriceFen: z.number().int(),
  topupAccount: z.string().nullable(),
  shippingAddress: z.string().nullable(),
  expiresAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  channelTradeNo: z.string().nullable(),
  refundableFen: z.number().int(),
  orderedUnits: z.number().int().nullable(),
  arrivedUnits: z.number().int().nullable(),
  cardKeys: z.array(
    z.object({
      id: z.number().int(),
      masked: z.string(),
      revealedAt: z.string().nullable(),
      /** held: the buyer's; refunded: taken back by `refundNo` and void for the buyer. */
      status: z.enum(['held', 'refunded']),
      refundNo: z.string().nullable(),
      /** The open case that locks this unrevealed key (withdrawing it unlocks the key). */
      lockedBy: z.string().nullable(),
    }),
  ),
  /** The refund cases on this order, newest first, with what was approved once decided. */
  refunds: z.array(
    z.object({
      refundNo: z.string(),
      type: z.string(),
      state: z.string(),
      stateLabel: z.object({ zh: z.string(), en: z.string() }),
      amountFen: z.number().int(),
      approvedFen: z.number().int().nullable(),
      createdAt: z.string(),
    }),
  ),
  deliveryAttempts: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      status: z.enum(['succeeded', 'partial', 'failed']),
      requestedUnits: z.number().int(),
      arrivedUnits: z.number().int(),
      detail: z.string().nullable(),
    }),
  ),
  extractions: z.array(Extraction),
  shipment: z
    .object({
      carrier: z.string(),
      trackingNo: z.string(),
      shippedAt: z.string(),
      receivedAt: z.string().nullable(),
    })
    .nullable(),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      textZh: z.string(),
      textEn: z.string(),
      /** Refund events name their case. */
      refundNo: z.string().optional(),
    }),
  ),
});

const when = IsoTime;

/** A storefront order (buyer session). */
export const PlaceOrderBody = z.object({
  productId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  quantity: z.number().int().min(1).max(99),
  topupAccount: z.string().trim().min(1).max(64).optional(),
  shippingAddress: z.string().trim().min(1).max(300).optional(),
});

/** An order pushed by an operator's own shop (merchant API key). */
export const PushOrderBody = z.object({
  externalRef: z.string().trim().min(1).max(64),
  buyer: z.object({
    externalId: z.string().trim().min(1).max(64),
    displayName: z.string().trim().min(1).max(64),
  }),
  productId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  quantity: z.number().int().min(1).max(99),
  channel: z.enum(CHANNELS),
  channelTradeNo: z.string().trim().min(1).max(64),
  /** 支付宝 buyer_user_id (2088…, 16 digits) or buyer_open_id, or 微信 openid of the payer; none for balance. */
  payerAccount: z.string().trim().min(1).max(64).optional(),
  paidAt: when,
  topupAccount: z.string().trim().min(1).max(64).optional(),
  shippingAddress: z.string().trim().min(1).max(300).optional(),
  delivery: z
    .object({
      deliveredAt: when.optional(),
      cardKeys: z
        .array(z.string().trim().min(4).max(200))
        .max(99)
        .refine((keys) => new Set(keys).size === keys.length, { message: 'lists a key twice' })
        .optional(),
      attempts: z
        .array(
          z.object({
            at: when,
            status: z.enum(['succeeded', 'partial', 'failed']),
            requestedUnits: z.number().int().min(1).max(1_000_000),
            arrivedUnits: z.number().int().min(0).max(1_000_000),
            detail: z.string().max(200).optional(),
          }),
        )
        .max(20)
        .optional(),
    })
    .optional(),
  extractions: z
    .array(
      z.object({
        keyIndex: z.number().int().min(0).max(98),
        action: z.enum(['reveal', 'copy']),
        at: when,
        ip: z.union([z.ipv4(), z.ipv6()]).optional(),
        userAgent: z.string().max(500).optional(),
      }),
    )
    .max(500)
    .optional(),
});

export const ListOrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  q: z.string().max(64).optional(),
  from: when.optional(),
  to: when.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
