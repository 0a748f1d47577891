import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { merchantBalance, merchantDeposit, merchantReceivable } from '../../core/ledger/accounts.ts';
import { orderEscrowFen, settlesAt } from '../../core/ledger/settlement.ts';
import type { Db } from '../../platform/db/pool.ts';
import { balances } from '../ledger/post-txn.ts';
import { ledgerAccount, ledgerPosting, ledgerTxn } from '../ledger/schema.ts';
import { shopOrder } from '../orders/schema.ts';
import { holdsSettlement } from './settle-orders.ts';

const PAGE = 50;
const ACCOUNT_NAMES = ['balance', 'deposit', 'receivable'] as const;

/**
 * A merchant's money at a glance: its balance (可提现), deposit (保证金), what it owes the guarantee
 * fund (应收垫付), what is frozen in escrow for its orders not yet settled (and when each settles),
 * and the newest entries on its accounts.
 */
export async function merchantFunds(db: Db, merchantId: number, freezeDays: number, now: Date) {
  const paths = [merchantBalance(merchantId), merchantDeposit(merchantId), merchantReceivable(merchantId)];
  const held = await balances(db, paths);
  const escrowSql = sql<string>`${shopOrder.paidFen} - ${shopOrder.refundedFen} - ${shopOrder.feesKeptFen}`;
  // Orders not yet settled that still hold money in escrow.
  const unsettled = and(
    eq(shopOrder.merchantId, merchantId),
    isNull(shopOrder.settledAt),
    sql`${shopOrder.paidFen} > ${shopOrder.refundedFen}`,
    sql`${escrowSql} > 0`,
  );
  const [frozen] = await db
    .select({ fen: sql<string>`coalesce(sum(greatest(${escrowSql}, 0)), 0)` })
    .from(shopOrder)
    .where(unsettled);
  const pending = await db
    .select({
      orderNo: shopOrder.orderNo,
      productName: shopOrder.productName,
      paidFen: shopOrder.paidFen,
      refundedFen: shopOrder.refundedFen,
      feesKeptFen: shopOrder.feesKeptFen,
      completedAt: shopOrder.completedAt,
      // A refund case still open, or a rejection still open to appeal, holds the order's settlement.
      // Qualified by hand: with no join drizzle writes bare column names, which the subquery would
      // read as refund_case's own.
      openRefundNo: sql<string | null>`(SELECT c.refund_no FROM refund_case c
        WHERE c.order_id = shop_order.id AND ${holdsSettlement(now)} LIMIT 1)`,
    })
    .from(shopOrder)
    .where(unsettled)
    .orderBy(sql`${shopOrder.completedAt} ASC NULLS LAST`, desc(shopOrder.id))
    .limit(PAGE);
  const entries = await db
    .select({
      txnId: ledgerTxn.id,
      kind: ledgerTxn.kind,
      ref: ledgerTxn.ref,
      memo: ledgerTxn.memo,
      path: ledgerAccount.path,
      amountFen: ledgerPosting.amountFen,
      at: ledgerPosting.createdAt,
    })
    .from(ledgerPosting)
    .innerJoin(ledgerAccount, eq(ledgerAccount.id, ledgerPosting.accountId))
    .innerJoin(ledgerTxn, eq(ledgerTxn.id, ledgerPosting.txnId))
    .where(inArray(ledgerAccount.path, paths))
    .orderBy(desc(ledgerPosting.id))
    .limit(PAGE);
  return {
    balanceFen: held.get(paths[0]!)!,
    depositFen: held.get(paths[1]!)!,
    receivableFen: held.get(paths[2]!)!,
    frozenFen: Number(frozen?.fen ?? 0),
    freezeDays,
    pending: pending.map((o) => ({
      orderNo: o.orderNo,
      productName: o.productName,
      escrowFen: orderEscrowFen({
        paidFen: o.paidFen,
        refundedFen: o.refundedFen,
        feesKeptFen: o.feesKeptFen,
        settled: false,
      }),
      completedAt: o.completedAt?.toISOString() ?? null,
      settlesAt: o.completedAt ? settlesAt(o.completedAt, freezeDays).toISOString() : null,
      openRefundNo: o.openRefundNo,
    })),
    entries: entries.map((e) => ({
      txnId: e.txnId,
      kind: e.kind,
      ref: e.ref,
      memo: e.memo,
      account: ACCOUNT_NAMES[paths.indexOf(e.path)]!,
      amountFen: e.amountFen,
      at: e.at.toISOString(),
    })),
  };
}
