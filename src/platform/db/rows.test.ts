import { getTableColumns, sql } from 'drizzle-orm';
import { bigint, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { columnList, fromDbRow } from './rows.ts';

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
