import { and, eq, sql } from 'drizzle-orm';
import { buyerBalance, GUARANTEE, merchantBalance } from '../../core/ledger/accounts.ts';
import { planReturnPostage } from '../../core/ledger/refund-plan.ts';
import { merchantPostageFen } from '../../core/returns/return-policy.ts';
import type { Db } from '../../platform/db/pool.ts';
import { merchantName } from '../funds/merchant-name.ts';
import { lockAccounts, postTxn } from '../ledger/post-txn.ts';
import { ledgerTxn } from '../ledger/schema.ts';
import { wallet } from '../orders/schema.ts';
import type { CaseRow } from '../refunds/find-case.ts';

export type PostageOutcome =
  | { paidFen: number; advancedFen: number; txnId: number }
  | { shortFen: number }
  | null;

/**
 * 退货运费补偿: when a case whose goods came back is handed to payout (the merchant confirmed receipt,
 * let the window lapse, or an agent overruled its objection), the postage the policy makes the merchant
 * pay — the buyer's declared amount, capped when declared — goes to the buyer's balance in the same
 * transaction. From the merchant's balance, or advanced by the guarantee fund (planReturnPostage). Once
 * per case (its ledger ref). The wallet row first, then the ledger accounts in path order — the order
 * every money change takes them. Null when nothing is owed; `shortFen` when even the guarantee fund
 * cannot cover it (nothing is booked, the refund still goes ahead; a person settles it).
 */
export async function payReturnPostage(tx: Db, c: CaseRow, now: Date): Promise<PostageOutcome> {
  const fen = merchantPostageFen(c.returnPostageBy, c.returnPostageFen, Number.MAX_SAFE_INTEGER);
  if (fen === 0 || c.returnReceivedAt === null) return null;
  const ref = `return-postage:${c.refundNo}`;
  const [booked] = await tx
    .select({ id: ledgerTxn.id })
    .from(ledgerTxn)
    .where(and(eq(ledgerTxn.ref, ref), eq(ledgerTxn.kind, 'compensation')));
  if (booked) return null;
  const to = buyerBalance(c.buyerId);
  const from = merchantBalance(c.merchantId);
  // The wallet row, created if need be and locked, in one statement (a no-op update takes the row lock).
  await tx
    .insert(wallet)
    .values({ userId: c.buyerId, balanceFen: 0 })
    .onConflictDoUpdate({ target: wallet.userId, set: { balanceFen: sql`${wallet.balanceFen}` } });
  const held = await lockAccounts(tx, [to, from, GUARANTEE]);
  const plan = planReturnPostage({
    refundNo: c.refundNo,
    buyerId: c.buyerId,
    merchantId: c.merchantId,
    merchantName: await merchantName(tx, c.merchantId),
    amountFen: fen,
    merchantBalanceFen: held.get(from) ?? 0,
    guaranteeFen: held.get(GUARANTEE) ?? 0,
  });
  if (!plan.ok) return { shortFen: plan.shortFen };
  await tx
    .update(wallet)
    .set({ balanceFen: sql`${wallet.balanceFen} + ${fen}` })
    .where(eq(wallet.userId, c.buyerId));
  const txnId = await postTxn(tx, plan.txn, now);
  return { paidFen: fen, advancedFen: plan.advancedFen, txnId };
}
