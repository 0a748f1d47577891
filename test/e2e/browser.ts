import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startTestApp } from '../helpers/app.ts';

const screenshotDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
export const demoPassword = 'kameng-demo';

export function screenshotPath(name: string): string {
  return join(screenshotDir, `${name}.png`);
}

/**
 * Waits until nothing on the page is moving (endless animations — the unread dot's ripple, spinners —
 * never finish, so only the others count): a dialog still zooming in can lose a click to the moment
 * between Playwright's aim and its press, and a screenshot mid-animation shows half a dialog.
 */
export async function whenStill(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
}

/** A full-page screenshot `prefix-name.png` once the page is still. */
export async function screenshotWhenStill(page: Page, prefix: string, name: string): Promise<void> {
  await whenStill(page);
  await page.screenshot({ path: screenshotPath(`${prefix}-${name}`), fullPage: true });
}

export async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

interface RunningApp {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the whole app and a headless Chromium for the calling test file. Every page opened with
 * `newPage` gets a fresh browser context (own cookies), and a test fails if any page threw. `start`
 * may be a starter that also hands out the app's internals (see app-context.ts); `app()` returns it.
 */
export function browserApp<A extends RunningApp = RunningApp>(
  start: () => Promise<A> = startTestApp as () => Promise<A>,
) {
  let app: A;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let pageErrors: Error[] = [];
  // The Content-Security-Policy is strict (no inline scripts): whatever a test clicks through must run under it.
  let policyViolations: string[] = [];
  let expectedViolations: RegExp[] = [];

  beforeAll(async () => {
    await mkdir(screenshotDir, { recursive: true });
    app = await start();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  afterEach(async (test) => {
    // A failed test leaves a picture of every page it had open, to see what the person would have seen.
    if (test.task.result?.state === 'fail') {
      const name = test.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.all(
        pages.map((page, i) =>
          page.screenshot({ path: screenshotPath(`failed-${name}-${i}`), fullPage: true }).catch(() => {}),
        ),
      );
    }
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
    const errors = pageErrors;
    pageErrors = [];
    expect(errors).toEqual([]);
    const violations = policyViolations;
    const expected = expectedViolations;
    policyViolations = [];
    expectedViolations = [];
    for (const pattern of expected)
      expect(
        violations.some((v) => pattern.test(v)),
        String(pattern),
      ).toBe(true);
    expect(violations.filter((v) => !expected.some((pattern) => pattern.test(v)))).toEqual([]);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Permissions-Policy/i.test(message.text()))
        policyViolations.push(message.text());
    });
    return page;
  }

  /** A new page signed in as `username`, showing its role's home. */
  async function signedIn(username: string): Promise<Page> {
    const page = await newPage();
    await page.goto(url('/login'));
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(demoPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('welcome-card').waitFor();
    return page;
  }

  /** A CSP violation the current test provokes on purpose: it must happen, and does not fail the test. */
  function expectPolicyViolation(pattern: RegExp): void {
    expectedViolations.push(pattern);
  }

  return { url, newPage, signedIn, expectPolicyViolation, app: () => app };
}
