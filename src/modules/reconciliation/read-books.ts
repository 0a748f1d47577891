import { type SQL, sql } from 'drizzle-orm';
import { refundDestination } from '../../core/ledger/accounts.ts';
import type { OurPayout } from '../../core/reconciliation/compare.ts';
import type { DayWindow } from '../../core/reconciliation/day.ts';
import type { Db } from '../../platform/db/pool.ts';

/** One payout as our books have it: the attempt, its order (to ask the channel), the ledger's amount. */
export type BookedPayout = OurPayout & {
  outRefundNo: string;
  orderNo: string;
  channelTradeNo: string | null;
  orderTotalFen: number;
};

type Which = { window: DayWindow } | { outRefundNos: string[] };

function filter(which: Which): SQL {
  if ('window' in which) {
    const from = which.window.from.toISOString();
    const to = which.window.to.toISOString();
    return sql`(a.created_at >= ${from}::timestamptz AND a.created_at < ${to}::timestamptz)
      OR (a.settled_at >= ${from}::timestamptz AND a.settled_at < ${to}::timestamptz)`;
  }
  return sql`a.out_refund_no IN ${which.outRefundNos}`;
}

type PayoutRow = {
  out_refund_no: string;
  channel: OurPayout['channel'];
  status: OurPayout['status'];
  amount_fen: number;
  channel_refund_id: string | null;
  order_no: string;
  channel_trade_no: string | null;
  paid_fen: number;
  buyer_id: number;
};
type LedgerRow = { out_refund_no: string; path: string; fen: number };

/**
 * The payouts of a day (created or settled in it) or the ones named, with what the ledger booked for
 * each — read in one REPEATABLE READ snapshot, so a payout settling meanwhile is seen either before
 * (not paid, nothing booked) or after (paid and booked), never half. Reads only.
 */
export async function readBooks(db: Db, which: Which): Promise<BookedPayout[]> {
  if ('outRefundNos' in which && which.outRefundNos.length === 0) return [];
  const where = filter(which);
  const { payouts, ledger } = await db.transaction(
    async (tx) => {
      const payouts = await tx.execute<PayoutRow>(sql`
        SELECT a.out_refund_no, a.channel, a.status, a.amount_fen, a.channel_refund_id,
               o.order_no, o.channel_trade_no, o.paid_fen, o.buyer_id
        FROM payout_attempt a JOIN shop_order o ON o.id = a.order_id
        WHERE ${where} ORDER BY a.id`);
      // The payout's refund transaction (ref payout:<no>) and any reversal of it, by account.
      const ledger = await tx.execute<LedgerRow>(sql`
        WITH booked AS (
          SELECT t.id, a.out_refund_no FROM payout_attempt a
          JOIN ledger_txn t ON t.ref = 'payout:' || a.out_refund_no AND t.kind = 'refund'
          WHERE ${where}
        ), txns AS (
          SELECT id, out_refund_no FROM booked
          UNION ALL
          SELECT r.id, b.out_refund_no FROM ledger_txn r JOIN booked b ON r.reverses_id = b.id
        )
        SELECT x.out_refund_no, acc.path, sum(p.amount_fen)::bigint AS fen
        FROM txns x JOIN ledger_posting p ON p.txn_id = x.id JOIN ledger_account acc ON acc.id = p.account_id
        GROUP BY x.out_refund_no, acc.path`);
      return { payouts: payouts.rows, ledger: ledger.rows };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const byPayout = new Map<string, Map<string, number>>();
  for (const r of ledger) {
    const accounts = byPayout.get(r.out_refund_no) ?? new Map<string, number>();
    accounts.set(r.path, Number(r.fen));
    byPayout.set(r.out_refund_no, accounts);
  }
  return payouts.map((r) => {
    const accounts = byPayout.get(r.out_refund_no);
    const destination = refundDestination(r.channel, Number(r.buyer_id));
    return {
      outRefundNo: r.out_refund_no,
      channel: r.channel,
      status: r.status,
      amountFen: Number(r.amount_fen),
      channelRefundId: r.channel_refund_id,
      // A transaction that exists but pays nothing to the destination books 0 there, not "missing".
      ledgerFen: accounts ? (accounts.get(destination) ?? 0) : null,
      orderNo: r.order_no,
      channelTradeNo: r.channel_trade_no,
      orderTotalFen: Number(r.paid_fen),
    };
  });
}
