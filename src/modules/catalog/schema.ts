import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { PRODUCT_KINDS, type ProductKind } from '../../core/policy/vocabulary.ts';
import { bytea } from '../../platform/db/columns.ts';
import { merchant } from '../auth/schema.ts';

export { PRODUCT_KINDS, type ProductKind };

/**
 * A shop's trading status and the deposit (保证金) it is required to keep; the deposit it actually holds
 * is the ledger account `merchant:N:deposit`.
 */
export const merchantProfile = pgTable(
  'merchant_profile',
  {
    merchantId: bigint('merchant_id', { mode: 'number' })
      .primaryKey()
      .references(() => merchant.id),
    /** The deposit required of the shop. */
    depositFen: bigint('deposit_fen', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: ['active', 'suspended', 'closed'] })
      .notNull()
      .default('active'),
  },
  () => [
    check('merchant_profile_deposit_check', sql`deposit_fen >= 0`),
    check('merchant_profile_status_check', sql`status IN ('active','suspended','closed')`),
  ],
);

export const product = pgTable(
  'product',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    merchantId: bigint('merchant_id', { mode: 'number' })
      .notNull()
      .references(() => merchant.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: PRODUCT_KINDS }).notNull(),
    category: text('category').notNull(),
    description: text('description').notNull().default(''),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    /** Direct top-up: face value units delivered per item (e.g. 50 yuan of phone credit). */
    unitsPerItem: integer('units_per_item'),
    /** Membership: validity of the key in days. */
    validDays: integer('valid_days'),
    /**
     * Card keys: whether a refunded key the buyer never revealed goes back on sale. Off for merchants
     * who cannot trust a key that left their hands (it stays void).
     */
    restockRefundedKeys: boolean('restock_refunded_keys').notNull().default(true),
    /** Card keys: the shape every imported key must have (see core/orders/card-key-check.ts), if set. */
    keyFormat: text('key_format'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('product_merchant_idx').on(t.merchantId),
    uniqueIndex('product_merchant_name_uq').on(t.merchantId, t.name),
    check('product_price_check', sql`price_fen > 0`),
    check('product_kind_check', sql`kind IN ('card_key','direct_topup','membership','physical')`),
    check('product_topup_units_check', sql`(kind = 'direct_topup') = (units_per_item IS NOT NULL)`),
    check(
      'product_key_format_check',
      sql`key_format IS NULL OR (key_format ~ '^[A9X._:#/-]{4,64}$' AND key_format ~ '[A9X]')`,
    ),
  ],
);

/**
 * 卡密 stock. The secret is AES-256-GCM encrypted (key from config) and never logged; `fingerprint`
 * (HMAC of the normalised secret) finds duplicates within a product without decrypting. A key is
 * `available` until a payment assigns it to an order (`sold`), or the merchant voids it. A refund
 * takes a sold key back (`refunded`): it stays on its order as history but the buyer can no longer
 * see it; if the buyer never revealed it, a copy goes back on sale (`restocked_from` names the
 * original), which is why a refunded key does not count in the duplicate check.
 */
export const cardKey = pgTable(
  'card_key',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => product.id),
    secretEnc: bytea('secret_enc').notNull(),
    fingerprint: text('fingerprint').notNull(),
    masked: text('masked').notNull(),
    status: text('status', { enum: ['available', 'sold', 'void', 'refunded'] })
      .notNull()
      .default('available'),
    orderId: bigint('order_id', { mode: 'number' }),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    soldAt: timestamp('sold_at', { withTimezone: true }),
    /** The refund case that took the key back, and when (status `refunded`). */
    refundCaseId: bigint('refund_case_id', { mode: 'number' }),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
    /** A key back on sale after a refund: the refunded row it was copied from. */
    restockedFrom: bigint('restocked_from', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('card_key_product_fingerprint_uq')
      .on(t.productId, t.fingerprint)
      .where(sql`status <> 'refunded'`),
    index('card_key_available_idx').on(t.productId, t.id).where(sql`status = 'available'`),
    index('card_key_order_idx').on(t.orderId),
    check('card_key_status_check', sql`status IN ('available','sold','void','refunded')`),
    check('card_key_sold_check', sql`(status IN ('sold','refunded')) = (order_id IS NOT NULL)`),
    check('card_key_refunded_check', sql`(status = 'refunded') = (refund_case_id IS NOT NULL)`),
  ],
);

/** Demo supplier for direct top-ups: scripted outcomes per recharge account (default: full). */
export const supplierScenario = pgTable('supplier_scenario', {
  account: text('account').primaryKey(),
  outcome: text('outcome', { enum: ['full', 'partial', 'fail'] }).notNull(),
  /** For `partial`: how many units arrive per item. */
  arrivedUnits: integer('arrived_units'),
  note: text('note'),
});
