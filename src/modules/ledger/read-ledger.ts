import { asc, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { ledgerAccount, ledgerPosting, ledgerTxn } from './schema.ts';

/**
 * Every account with its balance and, for a shop's or a buyer's, whose it is (the shop's name, the
 * buyer's name and username); and the sum of all balances (zero when the books balance).
 */
export async function listAccounts(db: Db) {
  const { rows } = await db.execute<{
    path: string;
    balanceFen: number;
    mayGoNegative: boolean;
    holder: string | null;
  }>(sql`
    SELECT a.path, a.balance_fen AS "balanceFen", a.may_go_negative AS "mayGoNegative",
           coalesce(m.name, u.display_name || ' (' || u.username || ')') AS holder
    FROM ${ledgerAccount} a
    CROSS JOIN LATERAL (SELECT split_part(a.path, ':', 1) AS kind,
      CASE WHEN split_part(a.path, ':', 2) ~ '^[0-9]{1,15}$' THEN split_part(a.path, ':', 2)::bigint END AS id) h
    LEFT JOIN merchant m ON h.kind = 'merchant' AND m.id = h.id
    LEFT JOIN app_user u ON h.kind = 'buyer' AND u.id = h.id
    ORDER BY a.path`);
  return { items: rows, totalFen: rows.reduce((s, a) => s + a.balanceFen, 0) };
}

/** One account's postings, newest first, keyset-paged by posting id. */
export async function listEntries(db: Db, q: { account: string; cursor?: number; limit: number }) {
  const [account] = await db.select().from(ledgerAccount).where(eq(ledgerAccount.path, q.account));
  if (!account) throw new AppError('RESOURCE.NOT_FOUND');
  const where: SQL[] = [sql`${ledgerPosting.accountId} = ${account.id}`];
  if (q.cursor) where.push(sql`${ledgerPosting.id} < ${q.cursor}`);
  const rows = await db
    .select({ p: ledgerPosting, t: ledgerTxn })
    .from(ledgerPosting)
    .innerJoin(ledgerTxn, eq(ledgerTxn.id, ledgerPosting.txnId))
    .where(sql.join(where, sql` AND `))
    .orderBy(desc(ledgerPosting.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    account: { path: account.path, balanceFen: account.balanceFen },
    items: page.map(({ p, t }) => ({
      postingId: p.id,
      txnId: t.id,
      kind: t.kind,
      ref: t.ref,
      memo: t.memo,
      amountFen: p.amountFen,
      at: p.createdAt.toISOString(),
    })),
    nextCursor: rows.length > q.limit ? page.at(-1)!.p.id : null,
  };
}

/** One transaction with all of its postings. */
export async function getTxn(db: Db, id: number) {
  const [t] = await db.select().from(ledgerTxn).where(eq(ledgerTxn.id, id));
  if (!t) throw new AppError('RESOURCE.NOT_FOUND');
  const postings = await db
    .select({ account: ledgerAccount.path, amountFen: ledgerPosting.amountFen })
    .from(ledgerPosting)
    .innerJoin(ledgerAccount, eq(ledgerAccount.id, ledgerPosting.accountId))
    .where(eq(ledgerPosting.txnId, id))
    .orderBy(asc(ledgerPosting.id));
  const [reversedBy] = await db
    .select({ id: ledgerTxn.id })
    .from(ledgerTxn)
    .where(eq(ledgerTxn.reversesId, id));
  return {
    id: t.id,
    kind: t.kind,
    ref: t.ref,
    memo: t.memo,
    reversesId: t.reversesId,
    reversedById: reversedBy?.id ?? null,
    at: t.createdAt.toISOString(),
    postings,
  };
}
