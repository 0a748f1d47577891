import { eq, inArray, sql } from 'drizzle-orm';
import { mayGoNegative } from '../../core/ledger/accounts.ts';
import { checkTxn, compact, type LedgerTxn } from '../../core/ledger/txn.ts';
import { isCheckViolation } from '../../platform/db/pg-errors.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { ledgerAccount, ledgerPosting, ledgerTxn } from './schema.ts';

/**
 * Writes one balanced transaction in the caller's database transaction — the same one as the business
 * change it records. Accounts are created on first use and updated in path order (no deadlocks
 * between two postings touching the same accounts); an account that must not go negative refuses
 * (LEDGER.INSUFFICIENT_FUNDS) and the whole change rolls back. The database checks again at commit
 * that the postings balance, and refuses any UPDATE or DELETE of entries.
 */
export async function postTxn(tx: Db, txn: LedgerTxn & { reversesId?: number }, now: Date): Promise<number> {
  const problems = checkTxn(txn);
  if (problems.length) throw new AppError('LEDGER.UNBALANCED', { problems });
  const postings = compact(txn.postings).sort((a, b) => (a.account < b.account ? -1 : 1));
  await tx
    .insert(ledgerAccount)
    .values(postings.map((p) => ({ path: p.account, mayGoNegative: mayGoNegative(p.account) })))
    .onConflictDoNothing();
  const [row] = await tx
    .insert(ledgerTxn)
    .values({
      kind: txn.kind,
      ref: txn.ref,
      memo: txn.memo,
      reversesId: txn.reversesId ?? null,
      createdAt: now,
    })
    .returning({ id: ledgerTxn.id });
  for (const p of postings) {
    let account: { id: number } | undefined;
    try {
      [account] = await tx
        .update(ledgerAccount)
        .set({ balanceFen: sql`${ledgerAccount.balanceFen} + ${p.amountFen}` })
        .where(eq(ledgerAccount.path, p.account))
        .returning({ id: ledgerAccount.id });
    } catch (err) {
      if (isCheckViolation(err)) throw new AppError('LEDGER.INSUFFICIENT_FUNDS', { account: p.account });
      throw err;
    }
    await tx
      .insert(ledgerPosting)
      .values({ txnId: row!.id, accountId: account!.id, amountFen: p.amountFen, createdAt: now });
  }
  return row!.id;
}

/**
 * Locks the given accounts (those that exist) in path order — the order postTxn updates them in — so a
 * caller can read balances that stay put until it posts.
 */
export async function lockAccounts(tx: Db, paths: string[]): Promise<void> {
  await tx
    .select({ id: ledgerAccount.id })
    .from(ledgerAccount)
    .where(inArray(ledgerAccount.path, paths))
    .orderBy(ledgerAccount.path)
    .for('update');
}

/** Balances of the given accounts (0 for an account never used). */
export async function balances(db: Db, paths: string[]): Promise<Map<string, number>> {
  const rows = paths.length
    ? await db
        .select({ path: ledgerAccount.path, balanceFen: ledgerAccount.balanceFen })
        .from(ledgerAccount)
        .where(inArray(ledgerAccount.path, paths))
    : [];
  const found = new Map(rows.map((r) => [r.path, r.balanceFen]));
  return new Map(paths.map((p) => [p, found.get(p) ?? 0]));
}
