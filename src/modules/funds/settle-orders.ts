import { and, asc, eq, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { ESCROW, GUARANTEE } from '../../core/ledger/accounts.ts';
import { settlementTxn } from '../../core/ledger/settlement.ts';
import { MAX_APPEALS } from '../../core/refunds/case-actions.ts';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { postTxn } from '../ledger/post-txn.ts';
import { shopOrder } from '../orders/schema.ts';
import { escrowOf } from './escrow.ts';
import { merchantName } from './merchant-name.ts';
import { recoverAdvances } from './recover.ts';

const BATCH = 200;
/** At most this many order numbers are named in a run's result. */
const NAMED = 20;
/** The open case states, as an SQL list. */
export const openStates = sql.raw(OPEN_STATES.map((s) => `'${s}'`).join(','));

/**
 * A refund case `c` that holds its order's settlement: one still open, or a rejection the buyer may
 * still appeal (申诉期限) — the money either may need stays in escrow.
 */
export function holdsSettlement(now: Date): SQL {
  return sql`(c.state IN (${openStates}) OR (c.state = 'rejected' AND c.appeal_count < ${MAX_APPEALS}
    AND c.appeal_deadline > ${now.toISOString()}::timestamptz))`;
}

/** What one settlement run did (the `funds.settle` job's result). */
export type SettlementRun = {
  /** Orders settled (stamped settled_at), and the fen they paid to merchants. */
  settled: number;
  settledFen: number;
  /**
   * Due orders whose payment was never booked in the ledger (no `payment` transaction for the order):
   * their money is not in escrow, so they are left unsettled and reported on every run until a person
   * books or closes them. Paying them would move other orders' money to their merchants.
   */
  unbooked: number;
  /** The first few of them. */
  unbookedOrderNos: string[];
  /**
   * Orders that held less in escrow by the ledger than by their own figures (paid − refunded − fees
   * kept); settled with what the ledger says they hold.
   */
  capped: number;
  cappedOrderNos: string[];
};

/**
 * Settlement (结算): completed orders whose freeze period has passed, with no refund case still open
 * on them nor a rejected one still within its appeal deadline, pay what they have left in escrow to the merchant's balance — which first pays back what
 * the merchant owes the guarantee fund. One transaction per batch; rows are locked SKIP LOCKED so
 * several workers share the sweep, and an order is settled once (settled_at). Returns how many orders
 * it settled.
 */
export async function settleDueOrders(db: Db, now: Date, freezeDays: number): Promise<number> {
  return (await runSettlement(db, now, freezeDays)).settled;
}

/**
 * The settlement sweep, with its report. An order pays out no more than the ledger holds in escrow
 * for it: its `payment` transaction in, less what its refunds and any earlier settlement took out.
 * Orders skipped in a run stay unsettled and are walked past (keyset on completion time), not retried.
 */
export async function runSettlement(db: Db, now: Date, freezeDays: number): Promise<SettlementRun> {
  const completedBefore = new Date(now.getTime() - freezeDays * 86_400_000);
  const run: SettlementRun = {
    settled: 0,
    settledFen: 0,
    unbooked: 0,
    unbookedOrderNos: [],
    capped: 0,
    cappedOrderNos: [],
  };
  let after: { completedAt: Date; id: number } | null = null;
  for (;;) {
    const n: number = await inTransaction(db, async (tx) => {
      const due = await tx
        .select()
        .from(shopOrder)
        .where(
          and(
            eq(shopOrder.status, 'completed'),
            isNull(shopOrder.settledAt),
            lt(shopOrder.completedAt, completedBefore),
            after
              ? sql`(${shopOrder.completedAt}, ${shopOrder.id}) > (${after.completedAt}, ${after.id})`
              : undefined,
            sql`NOT EXISTS (SELECT 1 FROM refund_case c WHERE c.order_id = ${shopOrder.id} AND ${holdsSettlement(now)})`,
          ),
        )
        .orderBy(asc(shopOrder.completedAt), asc(shopOrder.id))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      // One transaction settles many orders, each posting to escrow and to its shop's accounts: taken
      // one by one, it would hold escrow while waiting for the next shop's balance, which a payout or a
      // payment booking may hold while waiting for escrow — a deadlock. So every account the batch can
      // touch is locked first, in path order, the order every booking takes them in.
      await lockBatchAccounts(tx, [...new Set(due.map((o) => o.merchantId))]);
      const held = await heldInEscrow(tx, due);
      for (const o of due) {
        const ledger = held.get(o.id);
        if (!ledger?.booked) {
          run.unbooked++;
          if (run.unbookedOrderNos.length < NAMED) run.unbookedOrderNos.push(o.orderNo);
          continue;
        }
        const own = escrowOf(o);
        if (ledger.escrowFen < own) {
          run.capped++;
          if (run.cappedOrderNos.length < NAMED) run.cappedOrderNos.push(o.orderNo);
        }
        run.settledFen += await settleOrder(tx, o, Math.max(0, Math.min(own, ledger.escrowFen)), now);
        run.settled++;
      }
      const last = due.at(-1);
      if (last) after = { completedAt: last.completedAt!, id: last.id };
      return due.length;
    });
    if (n < BATCH) return run;
  }
}

/** Locks escrow, the guarantee fund and the batch's shops' accounts (those that exist), in path order. */
async function lockBatchAccounts(tx: Db, merchantIds: number[]): Promise<void> {
  if (merchantIds.length === 0) return;
  await tx.execute(sql`
    SELECT id FROM ledger_account
    WHERE path IN (${ESCROW}, ${GUARANTEE})
       OR path LIKE ANY (${sql.param(merchantIds.map((m) => `merchant:${m}:%`))}::text[])
    ORDER BY path FOR UPDATE`);
}

/**
 * What the ledger holds in escrow for each order (read under the orders' row locks, which every
 * payment, refund and settlement of an order takes): the escrow postings of its `order:` transactions
 * (payment in, settlement out) and of its payouts' `payout:` transactions (refunds out); and whether
 * its payment was booked at all.
 */
async function heldInEscrow(
  tx: Db,
  orders: { id: number; orderNo: string }[],
): Promise<Map<number, { booked: boolean; escrowFen: number }>> {
  if (orders.length === 0) return new Map();
  const { rows } = await tx.execute<{ id: number; booked: boolean; escrow_fen: string }>(sql`
    WITH o AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(orders.map((o) => ({ id: o.id, ref: `order:${o.orderNo}` })))})
        AS o (id bigint, ref text)
    ), refs AS (
      SELECT id, ref FROM o
      UNION ALL
      SELECT a.order_id, 'payout:' || a.out_refund_no FROM payout_attempt a JOIN o ON a.order_id = o.id
    )
    SELECT r.id, bool_or(t.kind = 'payment') AS booked,
           coalesce(sum(p.amount_fen) FILTER (WHERE acc.path = ${ESCROW}), 0) AS escrow_fen
    FROM refs r
    JOIN ledger_txn t ON t.ref = r.ref
    JOIN ledger_posting p ON p.txn_id = t.id
    JOIN ledger_account acc ON acc.id = p.account_id
    GROUP BY r.id`);
  return new Map(rows.map((r) => [Number(r.id), { booked: r.booked, escrowFen: Number(r.escrow_fen) }]));
}

async function settleOrder(tx: Db, o: typeof shopOrder.$inferSelect, amountFen: number, now: Date) {
  if (amountFen > 0) {
    const name = await merchantName(tx, o.merchantId);
    await postTxn(
      tx,
      settlementTxn({ orderNo: o.orderNo, merchantId: o.merchantId, amountFen, merchantName: name }),
      now,
    );
    await recoverAdvances(tx, { merchantId: o.merchantId, from: 'balance', ref: `order:${o.orderNo}`, now });
  }
  await tx.update(shopOrder).set({ settledFen: amountFen, settledAt: now }).where(eq(shopOrder.id, o.id));
  return amountFen;
}
