import type pg from 'pg';
import { hashPassword } from '../modules/auth/passwords.ts';
import { demoPayerSql } from '../modules/payments/demo-payers.ts';
import { bookedBatch, prepareBulkLedger } from './seed-bulk-ledger.ts';
import { ADDRESSES } from './seed-catalog.ts';

/**
 * Benchmark data: `orders` orders spread over `buyers` buyers (`bulk-buyer-N`), generated inside
 * PostgreSQL by batched `INSERT … SELECT FROM generate_series` — no rows cross the wire. Orders
 * use the products already on sale (run the demo seed first) and satisfy every CHECK on
 * shop_order: amounts, paid/status, arrived units, and 14-digit order numbers with a valid Luhn
 * digit from the same sequence the app uses (so they never collide with real orders).
 *
 * The money is in the books, in the same statement (seed-bulk-ledger.ts): orders completed longer ago
 * than the settlement freeze are settled, as the settlement job would have done, and each batch books
 * what they paid straight to their merchants' balances in one transaction; every other paid order has
 * its own `payment` transaction into escrow, which settlement later pays out. Otherwise only
 * `shop_order` rows: no payment rows, timelines, keys or delivery attempts — but the payer links risk
 * control reads (`account_link`): each buyer paid by Alipay / WeChat Pay from an account of their own,
 * the one the gateway simulator would use for them (demo-payers.ts). Buyers: the first 1%
 * (`bulk-buyer-1` …) are resellers who place 20% of all orders, so deep keyset pages exist at any size.
 */
export type BulkSeedOptions = {
  orders: number;
  buyers: number;
  password: string;
  now?: Date;
  days?: { expireMinutes: number; autoConfirmDays: number; autoCompleteDays: number };
  /** KAMENG_SETTLEMENT_FREEZE_DAYS: orders completed longer ago than this are seeded settled. */
  freezeDays?: number;
  batchSize?: number;
  onProgress?: (done: number) => void;
};

export type BulkSeedResult = { orders: number; buyers: number; ms: number; ordersPerSecond: number };

export const heavyBuyerCount = (buyers: number) => Math.max(1, Math.ceil(buyers / 100));

export async function seedBulkOrders(pool: pg.Pool, opts: BulkSeedOptions): Promise<BulkSeedResult> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const days = opts.days ?? { expireMinutes: 15, autoConfirmDays: 10, autoCompleteDays: 3 };
  const batchSize = opts.batchSize ?? 25_000;
  const client = await pool.connect();
  try {
    const hash = await hashPassword(opts.password);
    await client.query(
      `INSERT INTO app_user (username, display_name, role, password_hash, created_at)
       SELECT 'bulk-buyer-' || g, '批量买家 ' || g, 'buyer', $1, $2::timestamptz - interval '400 days'
       FROM generate_series(1, $3::int) g
       ON CONFLICT (username) DO NOTHING`,
      [hash, now, opts.buyers],
    );
    await client.query(`DROP TABLE IF EXISTS pg_temp.bulk_buyer, pg_temp.bulk_product`);
    await client.query(
      `CREATE TEMP TABLE bulk_buyer AS
       SELECT g - 1 AS rn, u.id FROM generate_series(1, $1::int) g JOIN app_user u ON u.username = 'bulk-buyer-' || g`,
      [opts.buyers],
    );
    await client.query(`CREATE UNIQUE INDEX ON bulk_buyer (rn)`);
    await client.query(
      `CREATE TEMP TABLE bulk_product AS
       SELECT (row_number() OVER (ORDER BY id))::int - 1 AS rn, id, merchant_id, name, kind, category, price_fen, units_per_item
       FROM product WHERE active`,
    );
    await client.query(`CREATE UNIQUE INDEX ON bulk_product (rn)`);
    await client.query(`ANALYZE bulk_buyer; ANALYZE bulk_product`);
    const products = Number((await client.query(`SELECT count(*) AS n FROM bulk_product`)).rows[0].n);
    if (products === 0) throw new Error('no products on sale: run the demo seed first (kameng seed)');
    const accounts = await prepareBulkLedger(client);
    let done = 0;
    while (done < opts.orders) {
      const n = Math.min(batchSize, opts.orders - done);
      await client.query(BOOKED_BATCH, [
        n,
        now,
        opts.buyers,
        heavyBuyerCount(opts.buyers),
        products,
        days.expireMinutes,
        days.autoCompleteDays,
        days.autoConfirmDays,
        ADDRESSES,
        opts.freezeDays ?? 7,
        ...accounts,
      ]);
      done += n;
      opts.onProgress?.(done);
    }
    await client.query(LINK_PAYERS);
    await client.query(`DROP TABLE pg_temp.bulk_buyer, pg_temp.bulk_product, pg_temp.bulk_merchant_account`);
    // What autovacuum would do soon anyway, done now so it does not run under a benchmark: fresh
    // statistics (the planner picks the list indexes by them) and a visibility map.
    await client.query(`VACUUM (ANALYZE) shop_order, ledger_txn, ledger_posting, ledger_account`);
  } finally {
    client.release();
  }
  const ms = performance.now() - started;
  return {
    orders: opts.orders,
    buyers: opts.buyers,
    ms: Math.round(ms),
    ordersPerSecond: Math.round(opts.orders / (ms / 1000)),
  };
}

/**
 * One payer link per bulk buyer and channel they paid by, over every order so far (so a second run
 * widens the first's): a grouped scan, cheaper than a link write per order.
 */
const LINK_PAYERS = `
INSERT INTO account_link (kind, value, user_id, first_seen, last_seen)
SELECT 'payer',
  CASE o.channel WHEN 'alipay' THEN ${demoPayerSql('alipay', 'o.buyer_id')} ELSE ${demoPayerSql('wechatpay', 'o.buyer_id')} END,
  o.buyer_id, min(o.paid_at), max(o.paid_at)
FROM shop_order o JOIN bulk_buyer b ON b.id = o.buyer_id
WHERE o.channel IN ('alipay', 'wechatpay') AND o.paid_at IS NOT NULL
GROUP BY o.buyer_id, o.channel
ON CONFLICT (kind, value, user_id) DO UPDATE SET
  first_seen = LEAST(account_link.first_seen, excluded.first_seen),
  last_seen = GREATEST(account_link.last_seen, excluded.last_seen)`;

/** Luhn check digit of a 13-digit text expression, as SQL (same rule as core/orders/order-no.ts). */
export function luhnSql(body: string): string {
  const terms: string[] = [];
  for (let k = 1; k <= 13; k++) {
    const d = `(ascii(substr(${body}, ${k}, 1)) - 48)`;
    // Counting from the right, every other digit starting with the last is doubled (digit sum of 2d).
    terms.push(k % 2 === 1 ? `(2 * ${d} - 9 * (${d} / 5))` : d);
  }
  return `((10 - ((${terms.join(' + ')}) % 10)) % 10)::text`;
}

/*
 * $1 rows, $2 now, $3 buyers, $4 heavy buyers, $5 products, $6 expire minutes, $7 auto-complete days,
 * $8 auto-confirm days, $9 addresses, $10 settlement freeze days. Fates: 0.3% unpaid (placed in the last 10 minutes), 4.7%
 * cancelled by the buyer, 4% expired, the rest paid; 2% of paid virtual orders fail delivery and 4%
 * of top-ups arrive partly. Delivered orders older than the auto-complete window are completed, as
 * the sweeps would have done, and settled once the freeze period after that has passed.
 */
const INSERT_BATCH = `
WITH r AS (
  SELECT nextval('order_no_seq') AS seq, random() AS r_buyer, random() AS r_heavy, random() AS r_product,
         random() AS r_fate, random() AS r_time, random() AS r_qty, random() AS r_delivery, random() AS r_channel,
         random() AS r_ship, random() AS r_confirm
  FROM generate_series(1, $1::int)
), x AS (
  SELECT r.*, b.id AS buyer_id, p.id AS product_id, p.merchant_id, p.name, p.kind, p.category, p.price_fen,
    CASE WHEN p.kind IN ('physical', 'direct_topup') OR r_qty < 0.85 THEN 1 WHEN r_qty < 0.96 THEN 2 ELSE 3 END AS qty,
    p.units_per_item,
    CASE WHEN r_fate < 0.003 THEN 'pending' WHEN r_fate < 0.05 THEN 'cancel' WHEN r_fate < 0.09 THEN 'expire'
         ELSE 'paid' END AS fate,
    $2::timestamptz - CASE WHEN r_fate < 0.003 THEN r_time * interval '10 minutes'
                           ELSE interval '20 minutes' + r_time * interval '365 days' END AS created_at
  FROM r
  JOIN bulk_buyer b ON b.rn = floor(r_buyer * CASE WHEN r_heavy < 0.2 THEN $4::int ELSE $3::int END)::int
  JOIN bulk_product p ON p.rn = floor(r_product * $5::int)::int
), y AS (
  SELECT x.*,
    to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || lpad((seq % 10000000)::text, 7, '0') AS body,
    CASE WHEN fate = 'paid' THEN created_at + (20 + r_time * 280) * interval '1 second' END AS paid_at,
    CASE WHEN r_channel < 0.45 THEN 'alipay' WHEN r_channel < 0.8 THEN 'wechatpay' ELSE 'balance' END AS channel,
    CASE WHEN kind = 'direct_topup' THEN units_per_item * qty END AS ordered_units,
    CASE WHEN kind <> 'physical' AND r_delivery < 0.02 THEN 'failed'
         WHEN kind = 'direct_topup' AND r_delivery < 0.06 THEN 'partial' ELSE 'delivered' END AS outcome
  FROM x
), z AS (
  SELECT y.*,
    CASE WHEN kind = 'physical' THEN paid_at + (2 + r_ship * 28) * interval '1 hour'
         WHEN outcome = 'failed' THEN NULL
         ELSE paid_at + interval '10 seconds' END AS delivered_at
  FROM y
), w AS (
  SELECT z.*,
    CASE WHEN delivered_at IS NULL OR delivered_at > $2::timestamptz THEN NULL
         WHEN kind = 'physical' AND r_confirm < 0.65 THEN delivered_at + (20 + r_confirm * 200) * interval '1 hour'
         WHEN kind = 'physical' THEN delivered_at + $8::int * interval '1 day' + interval '7 minutes'
         ELSE delivered_at + $7::int * interval '1 day' + interval '7 minutes' END AS completes_at
  FROM z
), v AS (
  SELECT w.*,
    CASE WHEN fate = 'paid' AND completes_at <= $2::timestamptz THEN completes_at + $10::int * interval '1 day' END
      AS settles_at
  FROM w
)
INSERT INTO shop_order (order_no, buyer_id, merchant_id, product_id, product_name, product_kind, quantity,
  unit_price_fen, amount_fen, status, delivery_status, channel, channel_trade_no, paid_fen, topup_account,
  shipping_address, ordered_units, arrived_units, expires_at, created_at, paid_at, delivered_at, completed_at,
  cancelled_at, settled_at, settled_fen)
SELECT body || ${luhnSql('body')}, buyer_id, merchant_id, product_id, name, kind, qty, price_fen, price_fen * qty,
  CASE WHEN fate = 'pending' THEN 'pending_payment'
       WHEN fate <> 'paid' THEN 'cancelled'
       WHEN delivered_at IS NULL OR delivered_at > $2::timestamptz THEN 'awaiting_delivery'
       WHEN completes_at <= $2::timestamptz THEN 'completed'
       ELSE 'delivered' END,
  CASE WHEN fate <> 'paid' THEN 'pending'
       WHEN kind = 'physical' THEN CASE WHEN delivered_at <= $2::timestamptz THEN 'delivered' ELSE 'pending' END
       ELSE outcome END,
  CASE WHEN fate = 'paid' THEN channel END,
  CASE WHEN fate <> 'paid' THEN NULL
       WHEN channel = 'balance' THEN 'BAL-' || gen_random_uuid()
       ELSE CASE channel WHEN 'alipay' THEN 'SIMALI' ELSE 'SIMWX' END
            || (extract(epoch FROM paid_at) * 1000)::bigint || substr(md5(seq::text), 1, 8) END,
  CASE WHEN fate = 'paid' THEN price_fen * qty ELSE 0 END,
  CASE WHEN kind <> 'direct_topup' THEN NULL
       WHEN category = '话费充值' THEN '1' || (3 + floor(r_ship * 6))::int || lpad((seq % 1000000000)::text, 9, '0')
       ELSE (100000000 + seq % 3900000000)::text END,
  CASE WHEN kind = 'physical' THEN ($9::text[])[1 + floor(r_ship * array_length($9::text[], 1))::int] END,
  ordered_units,
  CASE WHEN kind <> 'direct_topup' OR fate <> 'paid' THEN NULL
       WHEN outcome = 'failed' THEN 0
       WHEN outcome = 'partial' THEN (ordered_units * 3) / 5
       ELSE ordered_units END,
  created_at + $6::int * interval '1 minute',
  created_at,
  paid_at,
  CASE WHEN delivered_at <= $2::timestamptz THEN delivered_at END,
  CASE WHEN completes_at <= $2::timestamptz THEN completes_at END,
  CASE WHEN fate = 'cancel' THEN created_at + (1 + r_time * 11) * interval '1 minute'
       WHEN fate = 'expire' THEN created_at + ($6::int + 1) * interval '1 minute' END,
  CASE WHEN settles_at <= $2::timestamptz THEN settles_at END,
  CASE WHEN settles_at <= $2::timestamptz THEN price_fen * qty ELSE 0 END
FROM v`;

const BOOKED_BATCH = bookedBatch(INSERT_BATCH);
