import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';

// bigint (int8) columns hold fen and ids; they stay far below 2^53, so parse them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export type Db = NodePgDatabase<Record<string, never>>;
export type Database = { pool: pg.Pool; db: Db; close(): Promise<void> };

export function openDatabase(url: string, opts: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, application_name: 'kameng' });
  // A client losing its connection (server restart or shutdown) must not crash the process: the
  // pool forgets an idle one; a checked-out one (a transaction between statements) has no listener of
  // the pool's, so it gets its own, and its next query fails and rolls back like any other error.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle(pool);
  return { pool, db, close: () => pool.end() };
}

/** Runs `fn` in one transaction; everything it writes commits together or not at all. */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}

type Query = { sql: string; params: unknown[] };
type Session = {
  dialect: { sqlToQuery(q: SQL): Query };
  prepareQuery(
    q: Query,
    fields: unknown,
    name: string,
    arrayMode: boolean,
  ): { joinsNotNullableMap?: unknown; execute(values?: Record<string, unknown>): Promise<unknown> };
};

/**
 * `db.execute(query)` as a named prepared statement, named after its text: node-postgres prepares it
 * once per connection and PostgreSQL keeps its plan. For hot statements of a fixed shape whose planning
 * costs as much as their running (a data-modifying CTE, a wide read). Not for statements whose text
 * varies with their data (a VALUES list per row): each variant would be prepared on every connection.
 */
export async function executePrepared<T>(
  db: Db,
  query: SQL,
  values?: Record<string, unknown>,
): Promise<{ rows: T[] }> {
  const session = sessionOf(db);
  const q = session.dialect.sqlToQuery(query);
  return runNamed<T>(session, q, statementName(q.sql), values);
}

/**
 * `executePrepared` for a statement of a fixed text whose values are `sql.placeholder`s: the text (and
 * its name) is worked out once per process, on the first call, rather than on every call — for the
 * widest hot statements, where walking the query's parts cost node as much as the database's run.
 * `build` must not depend on anything but its placeholders.
 */
export function compiledSql<T>(build: () => SQL) {
  let compiled: { query: Query; name: string } | null = null;
  return async (db: Db, values: Record<string, unknown>): Promise<{ rows: T[] }> => {
    const session = sessionOf(db);
    if (!compiled) {
      const query = session.dialect.sqlToQuery(build());
      compiled = { query, name: statementName(query.sql) };
    }
    return runNamed<T>(session, compiled.query, compiled.name, values);
  };
}

const sessionOf = (db: Db) => (db as unknown as { session: Session }).session;

async function runNamed<T>(
  session: Session,
  query: Query,
  name: string,
  values?: Record<string, unknown>,
): Promise<{ rows: T[] }> {
  return (await session.prepareQuery(query, undefined, name, false).execute(values)) as { rows: T[] };
}

/** A prepared statement's name made from its text: the same text, the same statement on a connection. */
export function statementName(text: string): string {
  return `k_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
}

/** What `compiledSelect` keeps of the first prepared query (drizzle-orm 0.45, NodePgPreparedQuery). */
type PreparedInternals = {
  queryConfig: { text: string };
  params: unknown[];
  fields: unknown;
  joinsNotNullableMap: unknown;
};
type Preparable = { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<unknown> } };

/**
 * A select with `sql.placeholder`s whose SQL is worked out once per process, then run as the named
 * prepared statement `name` on whichever handle a call gives (the pool or a transaction), its rows
 * mapped as drizzle maps them. Drizzle's `.prepare()` builds the SQL again on every call: on the hot
 * paths (the session lookup of every request, the case read of every decision) that cost node more
 * than PostgreSQL's run of the statement. `build` must not depend on anything but its placeholders.
 */
export function compiledSelect<Q extends Preparable>(name: string, build: (db: Db) => Q) {
  type Rows = Awaited<ReturnType<ReturnType<Q['prepare']>['execute']>>;
  let compiled: { query: Query; fields: unknown; joins: unknown } | null = null;
  return (db: Db, values: Record<string, unknown>): Promise<Rows> => {
    const session = sessionOf(db);
    if (!compiled) {
      const first = build(db).prepare(name) as unknown as PreparedInternals;
      compiled = {
        query: { sql: first.queryConfig.text, params: first.params },
        fields: first.fields,
        joins: first.joinsNotNullableMap,
      };
    }
    const prepared = session.prepareQuery(compiled.query, compiled.fields, name, true);
    prepared.joinsNotNullableMap = compiled.joins;
    return prepared.execute(values) as Promise<Rows>;
  };
}
