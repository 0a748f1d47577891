import { inArray, sql } from 'drizzle-orm';
import { mayGoNegative } from '../../core/ledger/accounts.ts';
import { checkTxn, compact, type LedgerTxn } from '../../core/ledger/txn.ts';
import { isCheckViolation } from '../../platform/db/pg-errors.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { ledgerAccount, ledgerPosting, ledgerTxn } from './schema.ts';

/**
 * Writes one balanced transaction in the caller's database transaction — the same one as the business
 * change it records — in three statements whatever the number of postings: accounts created on first
 * use; the accounts locked in path order (no deadlocks between two postings touching the same
 * accounts) with their balances read; the transaction, the balance updates and the postings in one.
 * An account that must not go negative refuses (LEDGER.INSUFFICIENT_FUNDS, its CHECK constraint) and
 * the whole change rolls back; the database checks at commit that the postings balance, and refuses
 * any UPDATE or DELETE of entries.
 */
export async function postTxn(
  tx: Db,
  txn: LedgerTxn & { reversesId?: number },
  now: Date,
  /**
   * The accounts the caller has locked already with their balances (lockAccounts' answer): those are
   * neither created nor locked again, so a booking under hot locks is one statement shorter or two.
   */
  locked?: ReadonlyMap<string, number>,
): Promise<number> {
  const problems = checkTxn(txn);
  if (problems.length) throw new AppError('LEDGER.UNBALANCED', { problems });
  const postings = compact(txn.postings).sort((a, b) => (a.account < b.account ? -1 : 1));
  const others = postings.filter((p) => !locked?.has(p.account));
  const held = new Map(locked);
  if (others.length) {
    await tx
      .insert(ledgerAccount)
      .values(others.map((p) => ({ path: p.account, mayGoNegative: mayGoNegative(p.account) })))
      .onConflictDoNothing();
    for (const [path, fen] of await lockAccounts(
      tx,
      others.map((p) => p.account),
    ))
      held.set(path, fen);
  }
  const values = sql.join(
    postings.map((p) => sql`(${p.account}::text, ${p.amountFen}::bigint)`),
    sql`, `,
  );
  try {
    const { rows } = await tx.execute<{ id: string }>(sql`
      WITH t AS (
        INSERT INTO ${ledgerTxn} (kind, ref, memo, reverses_id, created_at)
        VALUES (${txn.kind}, ${txn.ref}, ${txn.memo}, ${txn.reversesId ?? null}::bigint, ${now}::timestamptz)
        RETURNING id
      ), moved AS (
        UPDATE ${ledgerAccount} a SET balance_fen = a.balance_fen + v.amount
        FROM (VALUES ${values}) v(path, amount) WHERE a.path = v.path
        RETURNING a.id, v.amount
      ), posted AS (
        INSERT INTO ${ledgerPosting} (txn_id, account_id, amount_fen, created_at)
        SELECT t.id, moved.id, moved.amount, ${now}::timestamptz FROM t, moved
      )
      SELECT id FROM t`);
    return Number(rows[0]!.id);
  } catch (err) {
    // Which account went short: the first (in path order) that the balances read under the locks say.
    if (isCheckViolation(err)) {
      const short = postings.find(
        (p) => !mayGoNegative(p.account) && (held.get(p.account) ?? 0) + p.amountFen < 0,
      );
      throw new AppError('LEDGER.INSUFFICIENT_FUNDS', { account: short?.account ?? null });
    }
    throw err;
  }
}

/**
 * Locks the given accounts (those that exist) in path order — the order postTxn updates them in — so a
 * caller can read balances that stay put until it posts. Returns the locked accounts' balances (an
 * account not in it does not exist yet: its balance is 0).
 */
export async function lockAccounts(tx: Db, paths: string[]): Promise<Map<string, number>> {
  const rows = await tx
    .select({ path: ledgerAccount.path, balanceFen: ledgerAccount.balanceFen })
    .from(ledgerAccount)
    .where(inArray(ledgerAccount.path, paths))
    .orderBy(ledgerAccount.path)
    .for('update');
  return new Map(rows.map((r) => [r.path, r.balanceFen]));
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
