import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildHttp, createContext, defineJobs } from '../src/app.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { seedDemoMarketplace } from '../src/demo/seed-marketplace.ts';
import type { Context } from '../src/modules/context.ts';
import { currentPolicy } from '../src/modules/policy/current-policy.ts';
import { loadConfig } from '../src/platform/config.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { type Database, openDatabase } from '../src/platform/db/pool.ts';
import type { App } from '../src/platform/http/server.ts';
import { JobQueue } from '../src/platform/jobs/queue.ts';
import { createLogger } from '../src/platform/logger.ts';
import { type PaymentServices, startPayments } from '../src/start-payments.ts';

/**
 * A throwaway PostgreSQL for one bench: embedded in a temp dir, or — with DATABASE_URL — that server,
 * where each bench database is created and dropped again. Databases get the migrations, the demo users
 * and the demo marketplace, their own app (logging off, login rate limit off) listening on 127.0.0.1,
 * and a hook that returns fastify's `reply.elapsedTime` in `x-server-ms`.
 */
export async function startBenchServer() {
  const log = createLogger('silent');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-bench-'));
  await chmod(dir, 0o755);
  let embedded: EmbeddedDatabase | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({
      dir: path.join(dir, 'pg'),
      port: 20000 + Math.floor(Math.random() * 20000),
      log,
      // BENCH_PG_STATS=1: statement statistics for benches that print where the database's time goes.
      settings: process.env.BENCH_PG_STATS
        ? [
            'shared_preload_libraries=pg_stat_statements',
            'pg_stat_statements.track_planning=on',
            // Statements inside functions too: their time also counts in the calling one.
            'pg_stat_statements.track=all',
          ]
        : [],
    });
    adminUrl = embedded.url;
  }
  const url = adminUrl;
  const pgDir = embedded ? path.join(dir, 'pg') : null;
  return {
    adminUrl: url,
    dataDir: dir,
    /** CPU seconds used so far by the embedded server (postmaster and its backends); null if not ours. */
    postgresCpuSeconds: () => (pgDir ? processTreeCpuSeconds(pgDir) : null),
    database: (name: string) => prepareDatabase(url, dir, name),
    async stop() {
      await embedded?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type BenchDatabase = {
  url: string;
  database: Database;
  ctx: Context;
  payments: PaymentServices;
  demoPassword: string;
  /** Starts the app on this database (once); returns its base URL. */
  listen(): Promise<string>;
  app(): App | null;
  stop(): Promise<void>;
};

async function prepareDatabase(adminUrl: string, dataDir: string, name: string): Promise<BenchDatabase> {
  const log = createLogger('silent');
  const dbName = `kameng_bench_${name}_${process.pid}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  const database = openDatabase(url);
  const base = loadConfig({
    KAMENG_LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    KAMENG_DATA_DIR: dataDir,
  });
  const config = { ...base, login: { ...base.login, ratePerMinute: 1_000_000 } };
  const jobs = new JobQueue(url, log, false);
  await migrate(database.pool);
  // A gateway simulator of this database's own, its books in memory: the shared one writes them all to
  // a file after every change, which grows with every payment a bench makes.
  const payments = await startPayments(config, { persist: false, unref: true });
  const ctx = await createContext(config, database, jobs, payments);
  defineJobs(ctx);
  await jobs.start();
  await seedDemo(database.db, config.demoPassword);
  await seedDemoMarketplace(ctx, { password: config.demoPassword });
  let app: App | null = null;
  return {
    url,
    database,
    ctx,
    payments,
    demoPassword: config.demoPassword,
    async listen() {
      if (!app) {
        app = await buildHttp(ctx, log);
        app.addHook('onSend', async (_req, reply, payload) => {
          reply.header('x-server-ms', reply.elapsedTime.toFixed(3));
          return payload;
        });
      }
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      payments.setNotifyBaseUrl(url);
      return url;
    },
    app: () => app,
    async stop() {
      await app?.close();
      await jobs.stop();
      await payments.stop();
      await database.close();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(text);
  await c.end();
}

/**
 * Publishes the policy in force again with express refunds (极速退款) switched off: bulk-seeded buyers'
 * long clean histories make most of them trusted enough for express, which approves with no agent.
 */
export async function publishWithoutExpress(db: Context['db']): Promise<void> {
  const policy = await currentPolicy(db);
  const document = { ...policy.document, express: { ...policy.document.express, enabled: false } };
  await db.execute(
    sql`INSERT INTO policy_version (version, document, note, based_on)
        VALUES (${policy.version + 1}, ${JSON.stringify(document)}::jsonb, 'bench: no express', ${policy.version})`,
  );
}

export type Session = { username: string; cookie: string; csrf: string };

/** Signs each user in through the login endpoint; returns the cookies and the CSRF token to echo. */
export async function signIn(baseUrl: string, password: string, usernames: string[]): Promise<Session[]> {
  const out: Session[] = [];
  for (const username of usernames) {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const pairs = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = pairs.find((p) => p.startsWith('kameng_csrf='))?.slice('kameng_csrf='.length) ?? '';
    out.push({ username, cookie: pairs.join('; '), csrf });
  }
  return out;
}

/** p50 / p99 (nearest rank) of a list of milliseconds. */
export function percentiles(values: number[]): { p50: number; p99: number; n: number } {
  const v = [...values].sort((x, y) => x - y);
  return {
    p50: v[Math.floor(v.length * 0.5)] ?? Number.NaN,
    p99: v[Math.max(0, Math.ceil(v.length * 0.99) - 1)] ?? Number.NaN,
    n: v.length,
  };
}

const TICKS_PER_SECOND = 100;

/** Linux only: user + system CPU seconds a process (and its reaped children) has used; null if gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Linux only: user + system CPU of the postmaster whose pid file is in `pgDir`, of its live children
 * (the backends) and of the children it has reaped. Null when /proc cannot tell.
 */
function processTreeCpuSeconds(pgDir: string): number | null {
  try {
    const postmaster = Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // Fields after the command name (which may contain spaces): state is field 3, ppid 4, utime 14 …
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(f[1]);
      if (pid === postmaster) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      else if (ppid === postmaster) ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * Runs `fn` while recording the text of every statement any pg client sends (pg-pool, drizzle and
 * pg-boss all go through pg.Client#query); returns one list per connection, in order.
 */
export async function recordStatements(fn: () => Promise<unknown>): Promise<string[][]> {
  type Query = (this: object, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  const byClient = new Map<object, string[]>();
  proto.query = function (this: object, ...args: unknown[]) {
    const q = args[0];
    const text = typeof q === 'string' ? q : ((q as { text?: string } | null)?.text ?? '');
    const list = byClient.get(this) ?? [];
    byClient.set(this, list);
    list.push(text.replace(/\s+/g, ' ').trim());
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return [...byClient.values()];
}

/**
 * With BENCH_PG_STATS=1 (pg_stat_statements preloaded): where this database's time goes between
 * `reset()` and `print()`, the statements that took most of it, per unit of work. Does nothing otherwise.
 */
export function statementStats(pool: pg.Pool) {
  const on = Boolean(process.env.BENCH_PG_STATS);
  return {
    async reset() {
      if (!on) return;
      await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await pool.query('SELECT pg_stat_statements_reset()');
    },
    async print(units: number, unit: string, top = 25) {
      if (!on) return;
      const { rows } = await pool.query<{
        calls: string;
        ms: number;
        plan_ms: number;
        hit: string;
        read: string;
        written: string;
        wal: string;
        query: string;
      }>(
        `SELECT calls, total_exec_time AS ms, total_plan_time AS plan_ms, shared_blks_hit AS hit,
           shared_blks_read AS read, shared_blks_written AS written, wal_bytes AS wal,
           regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY total_exec_time DESC`,
      );
      const total = rows.reduce((t, r) => t + r.ms, 0);
      const planned = rows.reduce((t, r) => t + r.plan_ms, 0);
      const calls = rows.reduce((t, r) => t + Number(r.calls), 0);
      const per = (f: (r: (typeof rows)[number]) => string) =>
        (rows.reduce((t, r) => t + Number(f(r)), 0) / units).toFixed(1);
      console.log(
        `    statements (pg_stat_statements): ${(calls / units).toFixed(1)} per ${unit}, ` +
          `${(total / units).toFixed(2)} ms of execution (lock waits included) and ${(planned / units).toFixed(2)} ms ` +
          `of planning per ${unit}; buffers hit ${per((r) => r.hit)}, read ${per((r) => r.read)} (not in ` +
          `shared_buffers), written ${per((r) => r.written)}; ${per((r) => r.wal)} bytes of WAL; the top ${top}:`,
      );
      for (const r of rows.slice(0, top))
        console.log(
          `      ${(r.ms / units).toFixed(3).padStart(7)} ms +${(r.plan_ms / units).toFixed(3).padStart(6)} planning ` +
            `${(Number(r.calls) / units).toFixed(2).padStart(6)}× ` +
            `${(Number(r.hit) / units).toFixed(1).padStart(5)} hit ${(Number(r.read) / units).toFixed(1).padStart(5)} read  ${r.query.slice(0, 110)}`,
        );
    },
  };
}
