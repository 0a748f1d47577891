import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../helpers/app.ts';
import { freePort } from '../helpers/ports.ts';

/** `kameng serve` as a user runs it: its own embedded PostgreSQL under a data dir, Ctrl-C to stop. */
let dataDir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kameng-serve-'));
  await chmod(dataDir, 0o755);
  env = {
    ...process.env,
    DATABASE_URL: '',
    KAMENG_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    KAMENG_PG_PORT: String(await freePort()),
    KAMENG_LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.HOST;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** `group`: in a process group of its own, as a terminal runs a command (Ctrl-C signals the group). */
function serve(opts: { group?: boolean } = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['bin/kameng.js', 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.group ?? false,
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('is running at')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) => child.once('exit', (code) => r(code)));

/** PostgreSQL processes whose command line names our data dir. */
async function postgresOf(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes('postgres') && cmd.includes(dir)) pids.push(Number(entry));
  }
  return pids;
}

// A first start initialises PostgreSQL and seeds the demo: on a loaded 2-core machine that can pass 30 s.
describe('kameng serve', { timeout: 90_000 }, () => {
  it('starts, serves, and leaves no PostgreSQL behind on SIGINT', async () => {
    const { child, output } = await serve();
    expect(output()).toContain('buyer');
    // Demo users, HOST unset: this machine only, and no warning about exposure.
    expect(output()).toContain(`http://127.0.0.1:${env.PORT}  (this machine only`);
    expect(output()).not.toContain('WARNING');
    const c = new HttpClient(`http://127.0.0.1:${env.PORT}`);
    expect((await c.get('/readyz')).body.status).toBe('ready');
    await c.login('buyer');
    expect(await postgresOf(dataDir)).not.toEqual([]);
    // Right after the first start the demo's payment notifications are still arriving on keep-alive
    // sockets: stopping must not wait out their 72 s keep-alive timeout (it did, 70 s).
    const stopping = Date.now();
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(20_000);
    expect(await postgresOf(dataDir)).toEqual([]);
  });

  it('reuses the data on a second start, without re-seeding or re-initialising', async () => {
    const started = Date.now();
    const { child, output } = await serve();
    const elapsed = Date.now() - started;
    expect(output()).not.toContain('initialising');
    const c = new HttpClient(`http://127.0.0.1:${env.PORT}`);
    await c.login('buyer');
    expect(elapsed).toBeLessThan(30_000);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(await postgresOf(dataDir)).toEqual([]);
  });

  it("stops cleanly on a terminal's Ctrl-C, which signals PostgreSQL too unless it has a group of its own", async () => {
    const { child, output } = await serve({ group: true });
    const c = new HttpClient(`http://127.0.0.1:${env.PORT}`);
    await c.login('buyer');
    expect(await c.get('/api/orders')).toMatchObject({ status: 200 });
    // The database was in Kameng's group and stopped at once: "terminating connection due to
    // administrator command" crashed the process (a transaction's client had no error listener).
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited(child)).toBe(0);
    expect(output()).not.toMatch(/terminating connection|Unhandled|"level":(50|60)|ERROR/);
    expect(await postgresOf(dataDir)).toEqual([]);
  });

  it('recovers from a killed process: the orphaned server is stopped and the next start works', async () => {
    const first = await serve();
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(await postgresOf(dataDir)).not.toEqual([]);
    const second = await serve();
    const c = new HttpClient(`http://127.0.0.1:${env.PORT}`);
    await c.login('admin');
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
    expect(await postgresOf(dataDir)).toEqual([]);
  });
});

describe('kameng CLI', () => {
  it('prints help for every command', async () => {
    const run = (args: string[]) =>
      new Promise<string>((resolve) => {
        const p = spawn(process.execPath, ['bin/kameng.js', ...args], { env });
        let out = '';
        p.stdout.on('data', (d) => {
          out += d;
        });
        p.on('exit', () => resolve(out));
      });
    const help = await run(['--help']);
    for (const cmd of ['serve', 'migrate', 'seed']) expect(help).toContain(cmd);
    expect(await run(['serve', '--help'])).toContain('--role');
  });
});
