import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  ORDER_STATUSES,
  type OrderStatus,
  PAYMENT_CHANNELS,
  type PaymentChannel,
} from '../../core/policy/vocabulary.ts';
import { appUser, merchant } from '../auth/schema.ts';
import { cardKey, PRODUCT_KINDS, product } from '../catalog/schema.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'partial', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
// The order vocabulary is the domain's (src/core/policy/vocabulary.ts); the tables reuse it.
export { ORDER_STATUSES, type OrderStatus, PAYMENT_CHANNELS as CHANNELS, type PaymentChannel as Channel };

/** An order paid and not cancelled (or refunded away): its statuses. */
export const PAID_STATUSES = [
  'awaiting_delivery',
  'delivered',
  'completed',
] as const satisfies readonly OrderStatus[];
/** The same as a SQL list, for `status IN (${PAID_STATUSES_SQL})` in raw statements. */
export const PAID_STATUSES_SQL = sql.raw(PAID_STATUSES.map((s) => `'${s}'`).join(', '));

/** Feeds the 7-digit serial part of order numbers (see core/orders/order-no.ts). */
export const orderNoSeq = pgSequence('order_no_seq', { startWith: 1000, cycle: true, maxValue: 9_999_999 });

/**
 * An order: one product × quantity. Amounts are fen. `refunded_fen` never exceeds `paid_fen` (checked
 * in SQL, whatever the code does). Product name and kind are copied at purchase: later edits to the
 * product must not rewrite what the buyer bought.
 */
export const shopOrder = pgTable(
  'shop_order',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderNo: text('order_no').notNull().unique(),
    buyerId: bigint('buyer_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    merchantId: bigint('merchant_id', { mode: 'number' })
      .notNull()
      .references(() => merchant.id),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => product.id),
    productName: text('product_name').notNull(),
    productKind: text('product_kind', { enum: PRODUCT_KINDS }).notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceFen: bigint('unit_price_fen', { mode: 'number' }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending_payment'),
    deliveryStatus: text('delivery_status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    channel: text('channel', { enum: PAYMENT_CHANNELS }),
    channelTradeNo: text('channel_trade_no'),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
    refundedFen: bigint('refunded_fen', { mode: 'number' }).notNull().default(0),
    /**
     * Fees the platform kept from this order's refunds, net of fees given back after a fee dispute.
     * Never refundable by another refund: what is left is paid − refunded − kept (a CHECK says so).
     */
    feesKeptFen: bigint('fees_kept_fen', { mode: 'number' }).notNull().default(0),
    /**
     * Settlement (结算): after completion and the freeze period, what the order still has in escrow goes
     * to the merchant's balance. Until then the order's escrow is paid − refunded − fees kept; after it,
     * nothing (a later refund comes from the merchant, then the guarantee fund).
     */
    settledFen: bigint('settled_fen', { mode: 'number' }).notNull().default(0),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    topupAccount: text('topup_account'),
    shippingAddress: text('shipping_address'),
    /** Direct top-up: units ordered (quantity × face value) and units that actually arrived (到账). */
    orderedUnits: integer('ordered_units'),
    arrivedUnits: integer('arrived_units'),
    source: text('source', { enum: ['storefront', 'integration'] })
      .notNull()
      .default('storefront'),
    externalRef: text('external_ref'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    // The buyer's order list: every filter combination walks one of these in (created_at, id) order.
    index('shop_order_buyer_idx').on(t.buyerId, t.createdAt.desc(), t.id.desc()),
    index('shop_order_buyer_status_idx').on(t.buyerId, t.status, t.createdAt.desc(), t.id.desc()),
    index('shop_order_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('shop_order_merchant_idx').on(t.merchantId, t.createdAt.desc(), t.id.desc()),
    index('shop_order_merchant_status_idx').on(t.merchantId, t.status, t.createdAt.desc(), t.id.desc()),
    index('shop_order_pending_idx').on(t.expiresAt).where(sql`status = 'pending_payment'`),
    index('shop_order_product_idx').on(t.productId, t.status),
    index('shop_order_delivered_idx').on(t.deliveredAt).where(sql`status = 'delivered'`),
    // The settlement sweep: completed orders not yet settled, oldest completion first.
    index('shop_order_unsettled_idx')
      .on(t.completedAt)
      .where(sql`status = 'completed' AND settled_at IS NULL`),
    uniqueIndex('shop_order_external_uq').on(t.merchantId, t.externalRef),
    check('shop_order_quantity_check', sql`quantity BETWEEN 1 AND 999`),
    check('shop_order_amount_check', sql`unit_price_fen > 0 AND amount_fen = unit_price_fen * quantity`),
    check('shop_order_paid_check', sql`paid_fen IN (0, amount_fen)`),
    check('shop_order_refund_check', sql`refunded_fen >= 0 AND refunded_fen <= paid_fen`),
    check('shop_order_fees_kept_check', sql`fees_kept_fen >= 0 AND refunded_fen + fees_kept_fen <= paid_fen`),
    check('shop_order_settled_check', sql`settled_fen >= 0 AND settled_fen <= paid_fen`),
    check(
      'shop_order_status_check',
      sql`status IN ('pending_payment','awaiting_delivery','delivered','completed','cancelled')`,
    ),
    check('shop_order_delivery_check', sql`delivery_status IN ('pending','delivered','partial','failed')`),
    check(
      'shop_order_paid_status_check',
      sql`(paid_fen > 0) = (status NOT IN ('pending_payment','cancelled'))`,
    ),
    check(
      'shop_order_arrived_check',
      sql`arrived_units IS NULL OR arrived_units BETWEEN 0 AND ordered_units`,
    ),
  ],
);

/** One successful payment per order (unique), so an order can never be paid twice. */
export const payment = pgTable(
  'payment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => shopOrder.id),
    channel: text('channel', { enum: PAYMENT_CHANNELS }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    channelTradeNo: text('channel_trade_no').notNull(),
    /** The payer's account at the channel (支付宝 buyer_user_id, 微信 openid); null for balance. */
    payerAccount: text('payer_account'),
    paidAt: timestamp('paid_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_order_uq').on(t.orderId),
    uniqueIndex('payment_trade_uq').on(t.channel, t.channelTradeNo),
    check('payment_amount_check', sql`amount_fen > 0`),
  ],
);

/** Every delivery attempt (key assignment, each top-up try, shipping), with what arrived. */
export const deliveryAttempt = pgTable(
  'delivery_attempt',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => shopOrder.id),
    attemptNo: integer('attempt_no').notNull(),
    status: text('status', { enum: ['succeeded', 'partial', 'failed'] }).notNull(),
    requestedUnits: integer('requested_units').notNull(),
    arrivedUnits: integer('arrived_units').notNull(),
    detail: text('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('delivery_attempt_order_uq').on(t.orderId, t.attemptNo)],
);

/** 提取记录: each time the buyer revealed or copied a key. The refund policy reads these. */
export const cardKeyExtraction = pgTable(
  'card_key_extraction',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => shopOrder.id),
    cardKeyId: bigint('card_key_id', { mode: 'number' })
      .notNull()
      .references(() => cardKey.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    action: text('action', { enum: ['reveal', 'copy'] }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('card_key_extraction_order_idx').on(t.orderId, t.at)],
);

export const shipment = pgTable('shipment', {
  orderId: bigint('order_id', { mode: 'number' })
    .primaryKey()
    .references(() => shopOrder.id),
  carrier: text('carrier').notNull(),
  trackingNo: text('tracking_no').notNull(),
  shippedAt: timestamp('shipped_at', { withTimezone: true }).notNull().defaultNow(),
  receivedAt: timestamp('received_at', { withTimezone: true }),
  autoConfirmed: boolean('auto_confirmed').notNull().default(false),
});

/** The order's timeline (append-only); text is rendered from `kind` + `data` in zh/en. */
export const orderEvent = pgTable(
  'order_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => shopOrder.id),
    kind: text('kind').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_event_order_idx').on(t.orderId, t.at)],
);

/** Buyer balance (余额) for the demo balance channel; the money issue moves it into the ledger. */
export const wallet = pgTable(
  'wallet',
  {
    userId: bigint('user_id', { mode: 'number' })
      .primaryKey()
      .references(() => appUser.id),
    balanceFen: bigint('balance_fen', { mode: 'number' }).notNull().default(0),
  },
  () => [check('wallet_balance_check', sql`balance_fen >= 0`)],
);
