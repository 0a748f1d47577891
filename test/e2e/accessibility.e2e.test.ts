import { sql } from 'drizzle-orm';
import type { FileChooser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAppWithContext } from './app-context.ts';
import { axeProblems, expectAccessible } from './axe.ts';
import { browserApp, screenshotPath } from './browser.ts';

/**
 * Every main page of every role, on the demo data, checked with axe (0 serious or critical) and for
 * one <h1>. A new page is one line in PAGES.
 */
const { url, newPage, signedIn, app } = browserApp(startAppWithContext);

type Ids = {
  refundNo: string;
  orderNo: string;
  merchantRefundNo: string;
  merchantOrderNo: string;
  freshOrderNo: string;
};

async function ids(): Promise<Ids> {
  const db = app().ctx.db;
  const mine = await db.execute<{ refund_no: string; order_no: string }>(sql`
    SELECT c.refund_no, o.order_no FROM refund_case c JOIN shop_order o ON o.id = c.order_id
    JOIN app_user u ON u.id = c.buyer_id WHERE u.username = 'buyer' AND c.state = 'rejected' LIMIT 1`);
  const shop = await db.execute<{ refund_no: string; order_no: string }>(sql`
    SELECT c.refund_no, o.order_no FROM refund_case c JOIN app_user m ON m.merchant_id = c.merchant_id
    JOIN shop_order o ON o.id = c.order_id WHERE m.username = 'merchant' ORDER BY c.id LIMIT 1`);
  // The walkthrough's order of a card key never revealed: no case yet, a quote to show.
  const fresh = await db.execute<{ order_no: string }>(sql`
    SELECT o.order_no FROM shop_order o JOIN app_user u ON u.id = o.buyer_id
    WHERE u.username = 'buyer' AND o.product_name = '网易一卡通 50 元' LIMIT 1`);
  return {
    freshOrderNo: fresh.rows[0]!.order_no,
    refundNo: mine.rows[0]!.refund_no,
    orderNo: mine.rows[0]!.order_no,
    merchantRefundNo: shop.rows[0]!.refund_no,
    merchantOrderNo: shop.rows[0]!.order_no,
  };
}

/** [role, name, path, a test id that shows the page has loaded]. */
const PAGES: [string, string, (x: Ids) => string, string][] = [
  ['buyer', 'buyer home', () => '/buyer', 'welcome-card'],
  ['buyer', 'buyer orders', () => '/buyer/orders', 'order-table'],
  ['buyer', 'order detail', (x) => `/buyer/orders/${x.orderNo}`, 'order-detail'],
  ['buyer', 'refund request', (x) => `/buyer/refunds/new?orderNo=${x.freshOrderNo}`, 'refund-quote'],
  ['buyer', 'refund case', (x) => `/buyer/refunds/${x.refundNo}`, 'case-status'],
  ['buyer', '我的退款', () => '/buyer/refunds', 'refund-table'],
  ['buyer', 'buyer messages', () => '/buyer/messages', 'inbox'],
  ['buyer', '我的余额', () => '/buyer/wallet', 'wallet-page'],
  ['agent', 'agent queue', () => '/agent/queue', 'queue-table'],
  ['agent', '我的处理', () => '/agent/mine', 'queue-table'],
  ['agent', 'workbench', (x) => `/agent/queue/${x.refundNo}`, 'review-case'],
  ['merchant', 'merchant orders', () => '/merchant/orders', 'order-table'],
  ['merchant', 'merchant order page', (x) => `/merchant/orders/${x.merchantOrderNo}`, 'merchant-order'],
  ['merchant', 'merchant cases', () => '/merchant/refunds', 'merchant-refunds'],
  ['merchant', 'merchant case page', (x) => `/merchant/refunds/${x.merchantRefundNo}`, 'case-status'],
  ['merchant', 'merchant products', () => '/merchant/products', 'merchant-products'],
  ['merchant', 'merchant funds', () => '/merchant/funds', 'merchant-funds'],
  ['admin', 'admin policy', () => '/admin/policy', 'admin-policy'],
  ['admin', 'admin ledger', () => '/admin/ledger', 'ledger-accounts'],
  ['admin', 'admin risk', () => '/admin/risk', 'admin-risk'],
  ['admin', 'admin complaints', () => '/admin/complaints', 'admin-complaints'],
  ['admin', 'admin reconciliation', () => '/admin/reconciliation', 'recon-page'],
  ['admin', 'admin audit log', () => '/admin/audit', 'audit-page'],
];

/**
 * Enter on the upload tile opens the file chooser. Playwright catches choosers only once it has told
 * the browser to hand them over, which a listener asks for asynchronously: a chooser opened before that
 * is a real one, left open in a headless browser, and Chromium opens no other while it is — every later
 * try fails too (one CI run under load failed all three so). So the listener is in place, and the
 * browser has answered since, before the first Enter; each try focuses the tile again (a render may
 * have moved the focus).
 */
async function openChooserByKeyboard(page: Page, tile: Locator): Promise<FileChooser> {
  const intercept = () => undefined;
  page.on('filechooser', intercept);
  try {
    await page.evaluate(() => 0);
    for (let attempt = 1; ; attempt++) {
      await tile.focus();
      await expect.poll(() => tile.evaluate((el) => el === document.activeElement)).toBe(true);
      const chooser = page.waitForEvent('filechooser', { timeout: 5_000 });
      await page.keyboard.press('Enter');
      try {
        return await chooser;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
  } finally {
    page.off('filechooser', intercept);
  }
}

async function settle(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).first().waitFor({ timeout: 20_000 });
  // Lists and cards load after the frame: wait for the spinners to go.
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
}

describe('accessibility (axe) on the main pages', () => {
  it('the login page, with the demo users listed in demo mode', async () => {
    const page = await newPage();
    await page.goto(url('/login'));
    await page.getByTestId('demo-user-buyer').waitFor();
    expect(await page.getByTestId('demo-user-buyer').textContent()).toContain('张小明');
    expect(await page.getByTestId('demo-user-agent').textContent()).toContain('客服专员');
    await page.getByTestId('demo-user-buyer').click();
    expect(await page.getByTestId('login-username').inputValue()).toBe('buyer');
    await page.screenshot({ path: screenshotPath('login-demo-users'), fullPage: true });
    await expectAccessible(page, 'login');
  });

  it('every main page of every role', async () => {
    const x = await ids();
    const problems: string[] = [];
    const pages = new Map<string, Page>();
    for (const [role, name, path, ready] of PAGES) {
      if (!pages.has(role)) pages.set(role, await signedIn(role));
      const page = pages.get(role)!;
      await page.goto(url(path(x)));
      await settle(page, ready);
      // Every page's problems in one answer, word for word, rather than the first page's only.
      const found = await axeProblems(page);
      const h1 = await page.locator('h1').count();
      if (h1 !== 1) found.push(`${h1} <h1> elements`);
      problems.push(...found.map((p) => `${name}: ${p}`));
      if (found.length)
        await page.screenshot({ path: screenshotPath(`axe-${name.replace(/\W+/g, '-')}`), fullPage: true });
    }
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('the buyer app on a phone (390×844)', () => {
  it('opens the menu as a drawer, and shows orders and refunds as cards with amount and status', async () => {
    const page = await signedIn('buyer');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url('/buyer/orders'));
    await page.getByTestId('order-cards').waitFor();
    const order = page.getByTestId('order-cards-item').first();
    expect(await order.getByTestId('order-cards-amount').textContent()).toMatch(/¥\s?\d/);
    expect((await order.getByTestId('order-cards-status').textContent())?.length).toBeGreaterThan(1);
    const fits = async () => page.evaluate(() => document.documentElement.scrollWidth <= 390);
    expect(await fits()).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-buyer-orders') });

    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-drawer').waitFor();
    // The drawer slides in: picture it once it is there.
    await page.locator('.ant-drawer-content-wrapper').waitFor();
    await expect
      .poll(() =>
        page.locator('.ant-drawer-content-wrapper').evaluate((el) => el.getBoundingClientRect().left),
      )
      .toBe(0);
    await page.screenshot({ path: screenshotPath('phone-buyer-menu') });
    await page.getByTestId('menu-buyerRefunds').click();
    await page.getByTestId('refund-cards').waitFor();
    await page.getByTestId('menu-drawer').waitFor({ state: 'hidden' });
    const refund = page.getByTestId('refund-cards-item').first();
    expect(await refund.getByTestId('refund-cards-amount').textContent()).toMatch(/¥\s?\d/);
    expect(await page.getByTestId('refund-cards-item').count()).toBeGreaterThanOrEqual(9);
    expect(await fits()).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-buyer-refunds') });
    await expectAccessible(page, 'phone 我的退款');

    // The refund request with its quote card, labels not broken per character.
    await refund.locator('[role="link"]').press('Enter');
    await page.getByTestId('case-status').waitFor();
    expect(await fits()).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-buyer-case'), fullPage: true });

    // The refund request's live quote at 390 px: every label on one line, the page no wider than the phone.
    const fresh = await app().ctx.db.execute<{ order_no: string }>(sql`
      SELECT o.order_no FROM shop_order o JOIN app_user u ON u.id = o.buyer_id
      WHERE u.username = 'buyer' AND o.product_name = '网易一卡通 50 元' LIMIT 1`);
    await page.goto(url(`/buyer/refunds/new?orderNo=${fresh.rows[0]!.order_no}`));
    await page.getByTestId('refund-type-not_as_described').click();
    const labels = page.getByTestId('refund-quote').locator('.ant-descriptions-item-label');
    await labels.first().waitFor();
    await page.getByTestId('refund-quote').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('phone-refund-quote'), fullPage: true });
    // Lines each label's text takes (one rectangle per line box of its text).
    const lines = await labels.evaluateAll((els) =>
      els.map((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }),
    );
    expect(Math.max(...lines)).toBe(1);
    expect(await fits()).toBe(true);

    // The evidence upload by keyboard: it is in the tab order, and Enter opens the file chooser.
    const uploader = page.getByTestId('refund-evidence').locator('[role="button"][tabindex="0"]').first();
    const chooser = await openChooserByKeyboard(page, uploader);
    await chooser.setFiles({
      name: 'shot.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      ),
    });
    await page.getByTestId('refund-evidence').locator('.ant-upload-list-item').first().waitFor();

    // 我的余额: every amount on screen, none behind a sideways scroll of the balance history.
    await page.goto(url('/buyer/wallet'));
    const amounts = page.getByTestId('wallet-amount');
    await amounts.first().waitFor();
    const rights = await amounts.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
    expect(Math.max(...rights)).toBeLessThanOrEqual(390);
    const history = page.getByTestId('wallet-table').locator('.ant-table-content');
    expect(await history.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.screenshot({ path: screenshotPath('phone-buyer-wallet') });

    // An order's records (extractions, top-up attempts): no table behind a sideways scroll either.
    for (const [table, testId] of [
      ['card_key_extraction', 'extractions'],
      ['delivery_attempt', 'delivery-attempts'],
    ] as const) {
      const { rows } = await app().ctx.db.execute<{ order_no: string }>(sql`
        SELECT o.order_no FROM shop_order o JOIN app_user u ON u.id = o.buyer_id
        WHERE u.username = 'buyer' AND EXISTS (SELECT 1 FROM ${sql.raw(table)} r WHERE r.order_id = o.id)
        ORDER BY o.id LIMIT 1`);
      await page.goto(url(`/buyer/orders/${rows[0]!.order_no}`));
      const records = page.getByTestId(testId).locator('.ant-table-content');
      await records.waitFor();
      expect(await records.evaluate((el) => el.scrollWidth <= el.clientWidth), testId).toBe(true);
      await page.getByTestId(testId).screenshot({ path: screenshotPath(`phone-buyer-${testId}`) });
    }
  });
});

describe('the staff and shop lists on a phone (390×844)', () => {
  it('shows the review queue and the shop’s refunds as cards, with the deadline and the answer due in view', async () => {
    const agent = await signedIn('agent');
    await agent.setViewportSize({ width: 390, height: 844 });
    await agent.goto(url('/agent/queue'));
    await agent.getByTestId('queue-cards').waitFor();
    const card = agent.getByTestId('queue-cards-item').first();
    expect(await card.textContent()).toMatch(/审核时限|已超时/);
    expect(await agent.evaluate(() => document.documentElement.scrollWidth <= 390)).toBe(true);
    await agent.screenshot({ path: screenshotPath('phone-agent-queue') });
    await card.click();
    await agent.waitForURL(/\/agent\/queue\/R\d+/);
    await expectAccessible(agent, 'phone 审核队列 case');

    const shop = await signedIn('merchant');
    await shop.setViewportSize({ width: 390, height: 844 });
    await shop.goto(url('/merchant/refunds'));
    await shop.getByTestId('merchant-refund-cards').waitFor();
    expect(await shop.getByTestId('merchant-awaiting').getAttribute('data-count')).toMatch(/^[1-9]/);
    expect(await shop.evaluate(() => document.documentElement.scrollWidth <= 390)).toBe(true);
    await expectAccessible(shop, 'phone 售后处理');
    await shop.screenshot({ path: screenshotPath('phone-merchant-refunds') });
  });
});
