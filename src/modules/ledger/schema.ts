import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { TXN_KINDS } from '../../core/ledger/txn.ts';

/**
 * One ledger account (a path such as `merchant:4:balance`) with its running balance, kept in step with
 * its postings in the same transaction. Accounts that must not go negative are held to it by a CHECK,
 * so no race can overdraw one.
 */
export const ledgerAccount = pgTable(
  'ledger_account',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    path: text('path').notNull().unique(),
    balanceFen: bigint('balance_fen', { mode: 'number' }).notNull().default(0),
    mayGoNegative: boolean('may_go_negative').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  () => [check('ledger_account_balance_check', sql`may_go_negative OR balance_fen >= 0`)],
);

/** One balanced movement of money. Append-only: a correction is a new transaction that reverses it. */
export const ledgerTxn = pgTable(
  'ledger_txn',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: TXN_KINDS }).notNull(),
    ref: text('ref').notNull(),
    memo: text('memo').notNull(),
    reversesId: bigint('reverses_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_txn_ref_idx').on(t.ref),
    // A transaction is reversed at most once; reconciliation nets a payout's refund against its reversal.
    uniqueIndex('ledger_txn_reverses_uq').on(t.reversesId).where(sql`reverses_id IS NOT NULL`),
  ],
);

/** The lines of a transaction: signed amounts that sum to zero (checked by the database at commit). */
export const ledgerPosting = pgTable(
  'ledger_posting',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    txnId: bigint('txn_id', { mode: 'number' })
      .notNull()
      .references(() => ledgerTxn.id),
    accountId: bigint('account_id', { mode: 'number' })
      .notNull()
      .references(() => ledgerAccount.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_posting_account_idx').on(t.accountId, t.id),
    index('ledger_posting_txn_idx').on(t.txnId),
    check('ledger_posting_amount_check', sql`amount_fen <> 0`),
  ],
);
