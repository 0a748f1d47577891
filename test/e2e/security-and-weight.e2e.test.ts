import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../src/app.ts';
import { browserApp, demoPassword, screenshotPath } from './browser.ts';

// Every test here (and in the other browser files) also fails on any CSP violation: see browser.ts.
const { url, newPage, signedIn, expectPolicyViolation } = browserApp();

/** The JavaScript a page has fetched so far: each file with the bytes that crossed the wire. */
async function scriptsLoaded(page: Page): Promise<{ name: string; transferred: number; decoded: number }[]> {
  return page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({
        name: new URL(e.name).pathname,
        transferred: e.transferSize,
        decoded: e.decodedBodySize,
      })),
  );
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

describe('page weight', () => {
  it('loads the buyer order list with at most 400 KB of JavaScript on a first visit', async () => {
    const page = await newPage();
    // Signed in without the login page, so the first page the browser loads is the order list itself.
    const login = await page.request.post(url('/api/auth/login'), {
      data: { username: 'buyer', password: demoPassword },
    });
    expect(login.status()).toBe(200);
    await page.goto(url('/buyer/orders'));
    await page.getByTestId('order-table').locator('tbody tr[data-row-key]').first().waitFor();
    const scripts = await scriptsLoaded(page);
    // transferSize: the compressed body plus a fixed 300 bytes for the headers (Resource Timing).
    const transferred = scripts.reduce((sum, s) => sum + s.transferred, 0);
    const decoded = scripts.reduce((sum, s) => sum + s.decoded, 0);
    console.log(
      `buyer order list, first load: ${scripts.length} scripts, ${kb(transferred)} transferred, ${kb(decoded)} uncompressed`,
    );
    expect(scripts.every((s) => s.transferred > 0)).toBe(true);
    expect(transferred).toBeLessThanOrEqual(400 * 1024);
    // Pages of other roles and of other buyer screens are not part of it.
    expect(
      scripts.map((s) => s.name).filter((n) => /Policy|Review|Ledger|Refund|OrderDetail/.test(n)),
    ).toEqual([]);

    // A second visit takes every script from the cache (immutable): nothing is fetched again.
    const again = await page.context().newPage();
    await again.goto(url('/buyer/orders'));
    await again.getByTestId('order-table').locator('tbody tr[data-row-key]').first().waitFor();
    const refetched = (await scriptsLoaded(again)).filter((s) => s.transferred > 0);
    expect(refetched).toEqual([]);
    await again.close();
  });
});

describe('static files', () => {
  const assetsDir = path.join(WEB_DIST, 'assets');

  it('sends hashed assets precompressed (brotli, else gzip) and cacheable for good', async () => {
    const name = (await readdir(assetsDir)).find((f) => /^index-.*\.js$/.test(f))!;
    const original = await readFile(path.join(assetsDir, name));
    for (const [accept, encoding, file] of [
      ['br, gzip', 'br', `${name}.br`],
      ['gzip', 'gzip', `${name}.gz`],
      ['identity', null, name],
    ] as const) {
      const res = await fetch(url(`/assets/${name}`), { headers: { 'accept-encoding': accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      // Document-only headers are not repeated on every script.
      expect(res.headers.get('content-security-policy')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // fetch() decodes: the bytes are the script itself, whatever was sent; the length is the variant's.
      expect(Buffer.from(await res.arrayBuffer()).equals(original)).toBe(true);
      expect(Number(res.headers.get('content-length'))).toBe(
        (await readFile(path.join(assetsDir, file))).length,
      );
    }
  });

  it('makes browsers revalidate the app shell, on every client-side route, and serves a favicon', async () => {
    for (const route of ['/', '/buyer/orders', '/login']) {
      const res = await fetch(url(route));
      expect(res.status, route).toBe(200);
      expect(res.headers.get('content-type'), route).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control'), route).toBe('no-cache');
      // Revalidated by its ETag (fetch() itself cannot show the 304: a conditional fetch adds no-cache).
      expect(res.headers.get('etag')).toBeTruthy();
    }
    const icon = await fetch(url('/favicon.svg'));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('security headers', () => {
  it('serves pages with a strict CSP (no inline script, no framing) and the other protective headers', async () => {
    const res = await fetch(url('/buyer/orders'));
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['script-src-attr']).toEqual(["'none'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    // Plain HTTP here: no HSTS (it would pin localhost to https).
    expect(res.headers.get('strict-transport-security')).toBeNull();
    // The API answers carry them too.
    const api = await fetch(url('/api/me'));
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('runs every role page under the CSP without a violation', async () => {
    const pages: Record<string, string[]> = {
      buyer: ['/buyer/shop', '/buyer/orders', '/buyer/refunds', '/buyer/messages'],
      merchant: ['/merchant/orders', '/merchant/products', '/merchant/refunds', '/merchant/funds'],
      supervisor: ['/agent/queue', '/agent/mine', '/agent/escalations'],
      admin: ['/admin/policy', '/admin/ledger', '/admin/reconciliation'],
    };
    for (const [username, paths] of Object.entries(pages)) {
      const page = await signedIn(username);
      for (const path of paths) {
        await page.locator(`.ant-menu a[href="${path}"]`).click();
        await page.waitForURL(url(path));
        await page.waitForLoadState('networkidle');
        // The page itself rendered (not the lazy-loading spinner), styled by Ant Design's runtime styles.
        await expect.poll(() => page.locator('main .ant-spin-spinning').count()).toBe(0);
        expect(
          await page.locator('main .ant-card, main .ant-table, main .ant-empty').count(),
        ).toBeGreaterThan(0);
      }
      await page.screenshot({ path: screenshotPath(`csp-${username}`), fullPage: true });
    }
    const help = await newPage();
    await help.goto(url('/help/policy'));
    await help.waitForLoadState('networkidle');
  });

  it('keeps the API docs (Swagger UI) working under the same policy', async () => {
    const page = await newPage();
    await page.goto(url('/docs'));
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Kameng API' }).waitFor();
    await page.screenshot({ path: screenshotPath('csp-docs') });
  });

  it('cannot be framed by another page', async () => {
    expectPolicyViolation(/frame-ancestors/);
    const page = await newPage();
    await page.setContent(`<iframe id="f" src="${url('/login')}"></iframe>`);
    await page.waitForTimeout(500);
    const frame = page.frames().find((f) => f.url().includes('/login'));
    // The frame is blocked: no login form inside it.
    expect(frame ? await frame.locator('[data-testid="login-form"]').count() : 0).toBe(0);
  });

  it('opens the login page of a first visit without an error in the console, and signs in and out', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(url('/'));
    await page.getByTestId('login-form').waitFor();
    // Nobody is signed in: the app did not ask the server (a 401 was logged on every first visit).
    expect(errors).toEqual([]);
    await page.getByTestId('login-username').fill('buyer');
    await page.getByTestId('login-password').fill(demoPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome-card').waitFor();
    // A reload still knows who is signed in.
    await page.reload();
    await page.getByTestId('welcome-card').waitFor();
    expect(errors).toEqual([]);
  });
});
