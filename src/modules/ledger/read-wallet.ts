import { sql } from 'drizzle-orm';
import { buyerBalance } from '../../core/ledger/accounts.ts';
import type { TxnKind } from '../../core/ledger/txn.ts';
import { walletMemo } from '../../core/ledger/wallet-memo.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';

export type WalletEntry = {
  postingId: number;
  at: string;
  kind: TxnKind;
  amountFen: number;
  /** The balance right after this movement. */
  balanceAfterFen: number;
  memoZh: string;
  memoEn: string;
  refundNo: string | null;
  orderNo: string | null;
};

/**
 * A buyer's balance (余额) and its movements, newest first, keyset-paged by posting id: the postings of
 * the ledger account `buyer:N:balance`, so the entries always add up to the balance. Only ever the
 * caller's own account — the buyer id comes from the session, never from the request.
 */
export async function readWallet(
  db: Db,
  buyerId: number,
  q: { cursor?: string; limit: number },
): Promise<{ balanceFen: number; items: WalletEntry[]; nextCursor: string | null }> {
  const before = q.cursor === undefined ? null : Number(q.cursor);
  if (before !== null && (!Number.isSafeInteger(before) || before <= 0))
    throw new AppError('REQUEST.VALIDATION', {
      fields: [{ field: 'query.cursor', message: 'invalid cursor' }],
    });
  const { rows: accounts } = await db.execute<{ id: string; balance_fen: string; later_fen: string }>(sql`
    SELECT a.id, a.balance_fen,
      coalesce((SELECT sum(p.amount_fen) FROM ledger_posting p
                WHERE p.account_id = a.id AND ${before === null ? sql`false` : sql`p.id >= ${before}`}), 0) AS later_fen
    FROM ledger_account a WHERE a.path = ${buyerBalance(buyerId)}`);
  const account = accounts[0];
  if (!account) return { balanceFen: 0, items: [], nextCursor: null };
  const balanceFen = Number(account.balance_fen);
  const { rows } = await db.execute<{
    id: string;
    amount_fen: string;
    created_at: string;
    kind: TxnKind;
    ref: string;
    refund_no: string | null;
    order_no: string | null;
  }>(sql`
    SELECT p.id, p.amount_fen, p.created_at, t.kind, t.ref, c.refund_no, o.order_no
    FROM ledger_posting p
    JOIN ledger_txn t ON t.id = p.txn_id
    LEFT JOIN payout_attempt pa ON t.ref LIKE 'payout:%' AND pa.out_refund_no = substr(t.ref, 8)
    LEFT JOIN refund_case c ON c.id = pa.case_id
    LEFT JOIN shop_order o ON o.id = pa.order_id
    WHERE p.account_id = ${account.id} ${before === null ? sql`` : sql`AND p.id < ${before}`}
    ORDER BY p.id DESC
    LIMIT ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  // Walk back from the balance: each entry's balance-after is the next newer one's minus its amount.
  let after = balanceFen - Number(account.later_fen);
  const items = page.map((r) => {
    const amountFen = Number(r.amount_fen);
    const memo = walletMemo({
      kind: r.kind,
      ref: r.ref,
      amountFen,
      refundNo: r.refund_no,
      orderNo: r.order_no,
    });
    const entry: WalletEntry = {
      postingId: Number(r.id),
      at: new Date(r.created_at).toISOString(),
      kind: r.kind,
      amountFen,
      balanceAfterFen: after,
      memoZh: memo.zh,
      memoEn: memo.en,
      refundNo: r.refund_no,
      orderNo: r.order_no ?? (r.ref.startsWith('order:') ? r.ref.slice('order:'.length) : null),
    };
    after -= amountFen;
    return entry;
  });
  return {
    balanceFen,
    items,
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
  };
}
