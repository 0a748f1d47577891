import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { bigint, boolean, jsonb, PgDialect, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { columnList, fromDbRow, rowsInsert, rowUpdate } from './rows.ts';

const t = pgTable('t', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  name: text('some_name').notNull(),
  at: timestamp('at', { withTimezone: true }),
  data: jsonb('data').notNull().default(sql`'{}'`),
  ids: bigint('ids', { mode: 'number' }).array().notNull(),
});

describe('fromDbRow', () => {
  it('maps database names and driver values to the table’s properties and types', () => {
    const at = new Date('2026-12-06T10:00:00Z');
    expect(fromDbRow(t, { id: '42', some_name: 'x', at, data: { a: 1 }, ids: ['1', '2'] })).toEqual({
      id: 42,
      name: 'x',
      at,
      data: { a: 1 },
      ids: [1, 2],
    });
    expect(fromDbRow(t, { id: '1', some_name: 'y', at: null, data: {}, ids: '{3,4}' })).toMatchObject({
      at: null,
      ids: [3, 4],
    });
  });
});

describe('columnList', () => {
  it('names every column of the table under the alias, in the order fromDbRow reads them', () => {
    const list = columnList(t, 'o');
    expect(list.startsWith('o."id", o."some_name"')).toBe(true);
    expect(list).not.toContain('*');
    expect(list.split(', ')).toHaveLength(Object.keys(getTableColumns(t)).length);
  });
});

// A table with every kind of column the application writes: serial, text, timestamps with a default,
// jsonb, bigint arrays, booleans.
const wide = pgTable('wide', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  state: text('state').notNull().default('open'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  data: jsonb('data').notNull().default(sql`'{}'`),
  ids: bigint('ids', { mode: 'number' }).array(),
  flag: boolean('flag'),
  version: bigint('version', { mode: 'number' }).notNull().default(1),
});
type WideRow = typeof wide.$inferInsert;
const dialect = new PgDialect();
// A database handle that is never connected: only its query builder is used.
const db = drizzle.mock();

describe('rowsInsert', () => {
  it('writes the statement the query builder writes: same text, same parameters', () => {
    const rows: WideRow[] = [
      { name: 'a', at: new Date('2026-12-07T01:02:03Z'), data: { x: [1, '二'] }, ids: [1, 2], flag: true },
      { name: "b'\u0000", state: 'closed', data: {}, ids: null, flag: false, version: 3 },
    ];
    const withSql = [
      { id: 7, name: 'c', at: sql`now() - interval '1 day'`, ids: [] },
    ] as unknown as WideRow[];
    for (const r of [rows, withSql, [rows[0]!]]) {
      const mine = dialect.sqlToQuery(rowsInsert(wide, r));
      const theirs = dialect.sqlToQuery(db.insert(wide).values(r).getSQL());
      expect(mine.sql).toBe(theirs.sql);
      expect(mine.params).toEqual(theirs.params);
    }
    expect(dialect.sqlToQuery(rowsInsert(wide, rows)).sql).toContain('(default, $1');
  });
});

describe('rowUpdate', () => {
  it('writes the statement the query builder writes for update … set … where … returning', () => {
    const set = {
      state: 'approved',
      flag: null,
      data: { ruleId: 'R1', amountFen: 500 },
      ids: [3, 4],
      version: sql`${wide.version} + 1`,
      at: new Date('2026-12-07T03:00:00Z'),
      name: undefined,
    };
    const where = and(eq(wide.id, 9), eq(wide.version, 2))!;
    const mine = dialect.sqlToQuery(rowUpdate(wide, set, where));
    const theirs = dialect.sqlToQuery(db.update(wide).set(set).where(where).returning().getSQL());
    expect(mine.sql).toBe(theirs.sql);
    expect(mine.params).toEqual(theirs.params);
    expect(mine.sql).not.toContain('"name" =');
  });
});
