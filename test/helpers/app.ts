import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildHttp, createContext, defineJobs, startKameng } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { JobQueue } from '../../src/platform/jobs/queue.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { startPayments } from '../../src/start-payments.ts';
import { freshDatabase, type TestDatabase } from './db.ts';
import { DEMO_PASSWORD } from './global-db.ts';
import { freePort } from './ports.ts';
import { secretsInIdempotencyTable } from './stored-secrets.ts';

export function testConfig(overrides: Partial<Config> = {}): Config {
  // OCR flat out: tests check what the checks find, not the API's pace beside them (the pacing has a
  // unit test of its own, platform/pacer.test.ts).
  const base = loadConfig({
    KAMENG_LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    KAMENG_EVIDENCE_OCR_SHARE: '1',
  });
  return { ...base, ...overrides, login: { ...base.login, ratePerMinute: 10_000, ...overrides.login } };
}

/**
 * The HTTP API on a fresh database of its own, listening on a random loopback port (real sockets, so
 * parallel requests really are parallel). Job workers run only with `workers: true`; otherwise jobs
 * are enqueued and stay queued, and tests call the handlers themselves.
 */
export async function startTestApi(overrides: Partial<Config> = {}, opts: { workers?: boolean } = {}) {
  const db: TestDatabase = await freshDatabase();
  // Uploaded files go to a temp dir of this API's own, never to ./data.
  const blobDir = await mkdtemp(path.join(os.tmpdir(), 'kameng-blobs-'));
  const config = testConfig({ cardKeySecret: TEST_CARD_KEY_SECRET, blobDir, ...overrides });
  const log = createLogger('silent');
  const jobs = new JobQueue(db.url, log, opts.workers ?? false);
  // Payments through the real SDKs against a gateway simulator of this API's own (books in memory).
  const payments = await startPayments(config, { persist: false });
  const ctx = await createContext(config, db.database, jobs, payments);
  const releaseJobs = defineJobs(ctx);
  await jobs.start();
  const app = await buildHttp(ctx, log);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  payments.setNotifyBaseUrl(address);
  return {
    baseUrl: address,
    app,
    db,
    ctx,
    config,
    payments,
    client: () => new HttpClient(address),
    async stop() {
      // Checked before anything closes, reported after everything has.
      const leaked = await secretsInIdempotencyTable(ctx);
      const closing = app.close();
      // Every request a test made has been answered by now, but a streamed response (a file download)
      // may still be finishing on the server; its keep-alive socket would then hold close() open for the
      // whole keep-alive timeout (72 s).
      app.server.closeAllConnections();
      await closing;
      await jobs.stop();
      await releaseJobs();
      await payments.stop();
      await db.drop();
      await rm(blobDir, { recursive: true, force: true });
      if (leaked.length) throw new Error(`secrets kept for idempotent replay:\n${leaked.join('\n')}`);
    },
  };
}

export const TEST_CARD_KEY_SECRET = Buffer.alloc(32, 7).toString('base64');

/** A browser-like client: keeps cookies and echoes the CSRF cookie on writes, as the web app does. */
export class HttpClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  get csrf(): string | undefined {
    return this.cookies.get('kameng_csrf');
  }

  /** Sets a cookie as a browser that already had it would send it (e.g. one device for many accounts). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(
    method: string,
    url: string,
    opts: { body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
  ) {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
    if (method !== 'GET' && opts.csrf !== false && this.csrf) headers['x-csrf-token'] ??= this.csrf;
    const res = await fetch(this.baseUrl + url, {
      method,
      headers,
      body:
        opts.body === undefined
          ? undefined
          : typeof opts.body === 'string'
            ? opts.body
            : JSON.stringify(opts.body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (!v || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, v);
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
    return { status: res.status, headers: res.headers, body: json as any, text };
  }

  /** The headers this browser would send: its cookies and, on writes, the CSRF token. */
  headersFor(method: string, opts: { csrf?: boolean } = {}): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && opts.csrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf;
    return headers;
  }

  /** A multipart upload of one file, as a browser form would send it. */
  async upload(
    url: string,
    file: { data: Uint8Array; name: string; type?: string; field?: string },
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ) {
    const form = new FormData();
    const blob = new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' });
    form.append(file.field ?? 'file', blob, file.name);
    const res = await fetch(this.baseUrl + url, {
      method: 'POST',
      headers: { ...this.headersFor('POST', opts), ...opts.headers },
      body: form,
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { status: res.status, headers: res.headers, body, text };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, { headers });
  }
  post(url: string, body?: unknown, opts: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.request('POST', url, { body: body ?? {}, ...opts });
  }
  put(url: string, body?: unknown, opts: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.request('PUT', url, { body: body ?? {}, ...opts });
  }
  async login(username: string, password = DEMO_PASSWORD) {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
    return res.body.user as { id: number; role: string; merchantId: number | null };
  }
}

/** The whole server as `npm start` runs it (own embedded PostgreSQL, demo seed, jobs, web app). */
export async function startTestApp(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kameng-app-'));
  await chmod(dir, 0o755);
  const config = testConfig({
    dataDir: dir,
    blobDir: path.join(dir, 'blobs'),
    embeddedPgPort: await freePort(),
    demoPassword: DEMO_PASSWORD,
  });
  const app = await startKameng(config, createLogger('warn'));
  return {
    baseUrl: app.url!,
    async stop() {
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
