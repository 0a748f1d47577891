import { eq } from 'drizzle-orm';
import { merchantBalance, merchantDeposit, merchantReceivable } from '../../core/ledger/accounts.ts';
import { fundingTxn, withdrawalTxn } from '../../core/ledger/settlement.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { merchant } from '../auth/schema.ts';
import { balances, lockAccounts, postTxn } from '../ledger/post-txn.ts';
import { merchantName } from './merchant-name.ts';
import { recoverAdvances } from './recover.ts';

/**
 * A merchant withdraws from its balance (提现). Refused while it owes the guarantee fund an advance;
 * the balance's CHECK refuses more than is there, so two withdrawals at once cannot overdraw it.
 */
export async function withdraw(input: { db: Db; actor: Actor; amountFen: number; ip: string; now: Date }) {
  const merchantId = input.actor.merchantId!;
  return inTransaction(input.db, async (tx) => {
    // Serialise with advances and settlements on this merchant (locks in path order, as postTxn takes them).
    await lockAccounts(tx, [merchantBalance(merchantId), merchantReceivable(merchantId)]);
    const owed = (await balances(tx, [merchantReceivable(merchantId)])).get(merchantReceivable(merchantId))!;
    if (owed > 0) throw new AppError('FUNDS.RECEIVABLE_OUTSTANDING', { receivableFen: owed });
    const ref = `withdrawal:${input.actor.userId}:${input.now.getTime()}`;
    const txnId = await postTxn(
      tx,
      withdrawalTxn({
        ref,
        merchantId,
        amountFen: input.amountFen,
        merchantName: await merchantName(tx, merchantId),
      }),
      input.now,
    );
    await writeAudit(tx, {
      actorId: input.actor.userId,
      actorRole: input.actor.role,
      ip: input.ip,
      action: 'funds.withdraw',
      subject: `ledger_txn:${txnId}`,
      data: { amountFen: input.amountFen },
    });
    return { txnId };
  });
}

/**
 * An admin records a merchant's deposit (保证金) as received; it first pays back anything the
 * merchant owes the guarantee fund.
 */
export async function recordDeposit(input: {
  db: Db;
  admin: Actor;
  merchantId: number;
  amountFen: number;
  memo: string;
  ip: string;
  now: Date;
}) {
  const { merchantId, now } = input;
  return inTransaction(input.db, async (tx) => {
    const [m] = await tx.select({ id: merchant.id }).from(merchant).where(eq(merchant.id, merchantId));
    if (!m) throw new AppError('RESOURCE.NOT_FOUND');
    const ref = `deposit:${merchantId}:${now.getTime()}`;
    const txnId = await postTxn(
      tx,
      fundingTxn({
        kind: 'deposit',
        ref,
        to: merchantDeposit(merchantId),
        amountFen: input.amountFen,
        memo: input.memo,
      }),
      now,
    );
    const recoveredFen = await recoverAdvances(tx, { merchantId, from: 'deposit', ref, now });
    await writeAudit(tx, {
      actorId: input.admin.userId,
      actorRole: input.admin.role,
      ip: input.ip,
      action: 'funds.deposit',
      subject: `merchant:${merchantId}`,
      data: { amountFen: input.amountFen, recoveredFen, memo: input.memo },
    });
    return { txnId, recoveredFen };
  });
}
