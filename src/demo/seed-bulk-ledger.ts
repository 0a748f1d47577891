import type pg from 'pg';
import { channelClearing, ESCROW, FUNDING, mayGoNegative, merchantBalance } from '../core/ledger/accounts.ts';

/**
 * The money of bulk-seeded orders, in the books (issue 13: seeded orders with nothing in the ledger were
 * settled out of real orders' escrow). Booked in the statement that inserts the orders, so in its
 * transaction, and in bulk:
 *
 * - an order the seed marks settled (completed longer ago than the freeze period) is summed into one
 *   `settlement` transaction per batch, `seed:settled:<first order no>`: from each channel's clearing
 *   account (platform:funding for balance payments: the bulk buyers' balances were never in the ledger)
 *   straight to each merchant's balance — what its payment and its settlement would have done;
 * - every other paid order gets its own `payment` transaction `order:<no>`, source → escrow, as
 *   payOrder books one; settlement pays it out later like a real order's.
 *
 * Most orders of a year's history are settled, so the per-order transactions (two postings, each
 * checked by the ledger's balance trigger at commit) are the few recent ones.
 */

/**
 * Creates the accounts the batches post to and the temp table `bulk_merchant_account` (merchant id →
 * its balance account) from `bulk_product`; returns the ids of escrow and the three payment sources.
 */
export async function prepareBulkLedger(client: pg.PoolClient): Promise<[number, number, number, number]> {
  const { rows: merchants } = await client.query<{ merchant_id: string }>(
    'SELECT DISTINCT merchant_id FROM bulk_product',
  );
  const merchantPaths = merchants.map((m) => merchantBalance(Number(m.merchant_id)));
  const platform = [ESCROW, channelClearing('alipay'), channelClearing('wechatpay'), FUNDING];
  const paths = [...platform, ...merchantPaths];
  await client.query(
    `INSERT INTO ledger_account (path, may_go_negative) SELECT * FROM unnest($1::text[], $2::boolean[])
     ON CONFLICT (path) DO NOTHING`,
    [paths, paths.map(mayGoNegative)],
  );
  const { rows } = await client.query<{ path: string; id: string }>(
    'SELECT path, id FROM ledger_account WHERE path = ANY($1)',
    [paths],
  );
  const id = new Map(rows.map((r) => [r.path, Number(r.id)]));
  await client.query('DROP TABLE IF EXISTS pg_temp.bulk_merchant_account');
  await client.query(
    `CREATE TEMP TABLE bulk_merchant_account AS
     SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS m (merchant_id, account_id)`,
    [merchants.map((m) => Number(m.merchant_id)), merchantPaths.map((p) => id.get(p)!)],
  );
  const [escrow, alipay, wechatpay, funding] = platform.map((p) => id.get(p)!) as [
    number,
    number,
    number,
    number,
  ];
  return [escrow, alipay, wechatpay, funding];
}

/**
 * `insertBatch` (an INSERT INTO shop_order of $1–$10 that fills settled_at) with the batch's money booked
 * in the same statement. $11 escrow, $12 alipay clearing, $13 wechatpay clearing, $14 funding: the ids
 * prepareBulkLedger returns, in that order.
 */
export function bookedBatch(insertBatch: string): string {
  const source = `CASE o.channel WHEN 'alipay' THEN $12::bigint WHEN 'wechatpay' THEN $13::bigint ELSE $14::bigint END`;
  return `
WITH o AS (${insertBatch}
  RETURNING order_no, merchant_id, channel, paid_fen, paid_at, settled_at
), t AS (
  INSERT INTO ledger_txn (kind, ref, memo, created_at)
  SELECT 'payment', 'order:' || order_no,
         CASE channel WHEN 'alipay' THEN '支付宝' WHEN 'wechatpay' THEN '微信支付' ELSE '余额' END
           || '支付 ¥' || (paid_fen / 100) || '.' || lpad((paid_fen % 100)::text, 2, '0')
           || '，进入托管（订单 ' || order_no || '，批量测试数据）',
         paid_at
  FROM o WHERE paid_fen > 0 AND settled_at IS NULL
  RETURNING id, ref, created_at
), p AS (
  INSERT INTO ledger_posting (txn_id, account_id, amount_fen, created_at)
  SELECT t.id, x.account_id, x.amount_fen, t.created_at
  FROM t JOIN o ON t.ref = 'order:' || o.order_no
  CROSS JOIN LATERAL (VALUES (${source}, -o.paid_fen), ($11::bigint, o.paid_fen)) AS x (account_id, amount_fen)
  RETURNING account_id, amount_fen
), settled AS (
  SELECT ${source} AS source_id, m.account_id AS merchant_account_id, o.paid_fen
  FROM o JOIN bulk_merchant_account m ON m.merchant_id = o.merchant_id
  WHERE o.settled_at IS NOT NULL
), st AS (
  INSERT INTO ledger_txn (kind, ref, memo, created_at)
  SELECT 'settlement', 'seed:settled:' || min(order_no),
         '批量测试数据：' || count(*) || ' 笔订单已支付并结算给商户', $2::timestamptz
  FROM o WHERE settled_at IS NOT NULL HAVING count(*) > 0
  RETURNING id, created_at
), sp AS (
  INSERT INTO ledger_posting (txn_id, account_id, amount_fen, created_at)
  SELECT st.id, x.account_id, x.amount_fen, st.created_at
  FROM st CROSS JOIN (
    SELECT source_id AS account_id, -sum(paid_fen) AS amount_fen FROM settled GROUP BY source_id
    UNION ALL
    SELECT merchant_account_id, sum(paid_fen) FROM settled GROUP BY merchant_account_id
  ) AS x
  RETURNING account_id, amount_fen
)
UPDATE ledger_account a SET balance_fen = a.balance_fen + d.delta
FROM (
  SELECT account_id, sum(amount_fen) AS delta FROM (SELECT * FROM p UNION ALL SELECT * FROM sp) AS moved
  GROUP BY account_id
) AS d
WHERE a.id = d.account_id`;
}
