import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * A row read with raw SQL (column names as in the database) as drizzle's own select would return it:
 * the table's property names and types (bigint → number, timestamptz → Date, jsonb, arrays). For
 * statements the query builder cannot write, such as a data-modifying CTE with a row lock.
 */
export function fromDbRow<T extends Table>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T['$inferSelect'];
}

/**
 * The table's columns by name for a raw select list (`o."id", o."order_no", …`), the counterpart of
 * `fromDbRow`. Prepared statements name their columns rather than `alias.*`: a column added by a
 * migration while a process runs would make PostgreSQL refuse a cached plan whose result changed.
 */
export function columnList(table: Table, alias: string): string {
  return Object.values(getTableColumns(table))
    .map((c) => `${alias}."${c.name}"`)
    .join(', ');
}
