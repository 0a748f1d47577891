import { eq, sql } from 'drizzle-orm';
import { buyerBalance, FUNDING } from '../../core/ledger/accounts.ts';
import { yuanMemo } from '../../core/ledger/memo.ts';
import { transfer } from '../../core/ledger/txn.ts';
import type { Db } from '../../platform/db/pool.ts';
import { wallet } from '../orders/schema.ts';
import { postTxn } from './post-txn.ts';

/**
 * Tops up (or, negative, takes from) a buyer's balance (余额): the wallet row and the ledger account
 * `buyer:N:balance` move together, funded from outside the platform. Used by the demo seed and tests;
 * real top-ups come through a payment channel.
 */
export async function adjustWallet(tx: Db, buyerId: number, deltaFen: number, ref: string, now: Date) {
  if (deltaFen === 0) return;
  // The candidate row of an INSERT is checked too, so a withdrawal only updates.
  if (deltaFen > 0)
    await tx
      .insert(wallet)
      .values({ userId: buyerId, balanceFen: deltaFen })
      .onConflictDoUpdate({
        target: wallet.userId,
        set: { balanceFen: sql`${wallet.balanceFen} + ${deltaFen}` },
      });
  else
    await tx
      .update(wallet)
      .set({ balanceFen: sql`${wallet.balanceFen} + ${deltaFen}` })
      .where(eq(wallet.userId, buyerId));
  const postings =
    deltaFen > 0
      ? transfer(FUNDING, buyerBalance(buyerId), deltaFen)
      : transfer(buyerBalance(buyerId), FUNDING, -deltaFen);
  await postTxn(
    tx,
    {
      kind: 'funding',
      ref,
      memo: deltaFen > 0 ? `余额充值 ${yuanMemo(deltaFen)}` : `余额扣减 ${yuanMemo(-deltaFen)}`,
      postings,
    },
    now,
  );
}
