import { merchantBalance, merchantDeposit, merchantReceivable } from '../../core/ledger/accounts.ts';
import { recoveryTxn } from '../../core/ledger/settlement.ts';
import type { Db } from '../../platform/db/pool.ts';
import { balances, postTxn } from '../ledger/post-txn.ts';
import { merchantName } from './merchant-name.ts';

/**
 * Recovers what a merchant owes the guarantee fund (追偿) from its deposit or its balance, as far as
 * either reaches, in the caller's transaction. Returns what was recovered. Called when an advance is
 * booked (from the deposit), when a deposit arrives, and when an order settles (from the balance).
 */
export async function recoverAdvances(
  tx: Db,
  input: { merchantId: number; from: 'deposit' | 'balance'; ref: string; now: Date },
): Promise<number> {
  const { merchantId, from } = input;
  const source = from === 'deposit' ? merchantDeposit(merchantId) : merchantBalance(merchantId);
  const held = await balances(tx, [merchantReceivable(merchantId), source]);
  const owedFen = held.get(merchantReceivable(merchantId))!;
  const availableFen = held.get(source)!;
  if (Math.min(owedFen, availableFen) <= 0) return 0;
  const name = await merchantName(tx, merchantId);
  const txn = recoveryTxn({ ref: input.ref, merchantId, from, owedFen, availableFen, merchantName: name });
  if (!txn) return 0;
  await postTxn(tx, txn, input.now);
  return txn.postings[1]!.amountFen;
}
