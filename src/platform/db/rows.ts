import {
  type Column,
  getTableColumns,
  getTableName,
  is,
  SQL,
  type SQLChunk,
  StringChunk,
  type Table,
} from 'drizzle-orm';

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

const SEPARATOR = new StringChunk(', ');
const DEFAULT = new StringChunk('default');
type Shape = { name: string; columns: [string, Column][]; insert: StringChunk; returning: StringChunk };
const shapes = new WeakMap<Table, Shape>();

function shapeOf(table: Table): Shape {
  let shape = shapes.get(table);
  if (!shape) {
    const columns = Object.entries(getTableColumns(table));
    const names = columns.map(([, c]) => `"${c.name}"`).join(', ');
    const name = getTableName(table);
    shape = {
      name,
      columns,
      insert: new StringChunk(`insert into "${name}" (${names}) values `),
      returning: new StringChunk(` returning ${names}`),
    };
    shapes.set(table, shape);
  }
  return shape;
}

/** A value as the column's encoder sends it; SQL and null as they are. */
function driverValue(column: Column, value: unknown): unknown {
  return value === null || is(value, SQL) ? value : column.mapToDriverValue(value);
}

/**
 * `INSERT INTO table (every column) VALUES (…), (…)` for whole rows, as the query builder's
 * `insert(table).values(rows)` writes it (the columns' own encoders; `default` where a value is
 * absent), but as a flat statement of text and plain values. Turning the builder's nested SQL into
 * text took node more than PostgreSQL took to run a submission's write; this is for such hot writes.
 */
export function rowsInsert<T extends Table>(table: T, rows: readonly Partial<T['$inferInsert']>[]): SQL {
  const shape = shapeOf(table);
  const chunks: unknown[] = [shape.insert];
  rows.forEach((row, i) => {
    chunks.push(new StringChunk(i === 0 ? '(' : ', ('));
    shape.columns.forEach(([key, column], j) => {
      if (j > 0) chunks.push(SEPARATOR);
      const value = (row as Record<string, unknown>)[key];
      chunks.push(value === undefined ? DEFAULT : driverValue(column, value));
    });
    chunks.push(new StringChunk(')'));
  });
  return new SQL(chunks as SQLChunk[]);
}

/**
 * `UPDATE table SET … WHERE … RETURNING (every column)`, as the query builder's
 * `update(table).set(set).where(where).returning()` writes it, flat like `rowsInsert`. Absent values
 * are left out; SQL values (`version + 1`) are kept as they are.
 */
export function rowUpdate<T extends Table>(
  table: T,
  set: { [K in keyof T['$inferInsert']]?: T['$inferInsert'][K] | SQL },
  where: SQL,
): SQL {
  const shape = shapeOf(table);
  const chunks: unknown[] = [new StringChunk(`update "${shape.name}" set `)];
  for (const [key, column] of shape.columns) {
    const value = (set as Record<string, unknown>)[key];
    if (value === undefined) continue;
    chunks.push(new StringChunk(`${chunks.length > 1 ? ', ' : ''}"${column.name}" = `));
    chunks.push(driverValue(column, value));
  }
  chunks.push(new StringChunk(' where '), where, shape.returning);
  return new SQL(chunks as SQLChunk[]);
}
