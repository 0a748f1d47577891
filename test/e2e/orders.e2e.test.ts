import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserApp, screenshotPath, text } from './browser.ts';
import { placeOrder } from './case-steps.ts';

const { url, signedIn } = browserApp();

const statuses = ['pending_payment', 'awaiting_delivery', 'delivered', 'completed', 'cancelled'] as const;

function rows(page: Page): Locator {
  return page.getByTestId('order-table').locator('tbody tr[data-row-key]');
}

/** The status of every row shown, once the list has settled. */
async function rowStatuses(page: Page): Promise<string[]> {
  if (await page.locator('[data-testid="order-table"] .ant-spin-spinning').count()) return [];
  return rows(page)
    .getByTestId('order-status')
    .evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-status') ?? ''));
}

async function search(page: Page, query: string): Promise<void> {
  const input = page.getByTestId('order-search').locator('input');
  await input.fill(query);
  await input.press('Enter');
  await page.waitForURL((current) => current.searchParams.get('q') === query);
}

/** Searches the order list and opens the first order of `productName` whose row has `status`. */
async function openOrder(page: Page, productName: string, status: string): Promise<void> {
  await search(page, productName);
  const row = rows(page)
    .filter({ hasText: productName })
    .filter({ has: page.locator(`[data-testid="order-status"][data-status="${status}"]`) })
    .first();
  await row.waitFor();
  await row.getByTestId('order-product').click();
  await page.waitForURL(/\/buyer\/orders\/[^/?]+$/);
  await page.getByTestId('order-detail').waitFor();
}

describe('buyer orders', () => {
  it('filters by status tab, keeps the tab in the URL and pages with 加载更多', async () => {
    const page = await signedIn('buyer');
    await page.getByTestId('menu-buyerOrders').click();
    await rows(page).first().waitFor();
    const allCount = await rows(page).count();
    expect(allCount).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('orders-list'), fullPage: true });

    if (await page.getByTestId('orders-load-more').count()) {
      await page.getByTestId('orders-load-more').click();
      await expect.poll(() => rows(page).count()).toBeGreaterThan(allCount);
    }

    for (const status of statuses) {
      await page.getByTestId(`order-tab-${status}`).click();
      await page.waitForURL((current) => current.searchParams.get('status') === status);
      await expect.poll(async () => [...new Set(await rowStatuses(page))]).toEqual([status]);
    }
    await page.screenshot({ path: screenshotPath('orders-cancelled-tab'), fullPage: true });

    await page.reload();
    // A reload starts the app again (shell, session, the lazily loaded page, then the list): more than
    // the poll's default second on a loaded machine.
    await rows(page).first().waitFor();
    await expect.poll(async () => [...new Set(await rowStatuses(page))]).toEqual(['cancelled']);
    expect(await page.locator('.ant-tabs-tab-active').getByTestId('order-tab-cancelled').count()).toBe(1);
    await page.goBack();
    await page.waitForURL((current) => current.searchParams.get('status') === 'completed');
    await expect.poll(async () => [...new Set(await rowStatuses(page))]).toEqual(['completed']);
  });

  it('reveals a card key, logs the extraction and finds the order by its number', async () => {
    const page = await signedIn('buyer');
    await page.goto(url('/buyer/orders'));
    await openOrder(page, '网易一卡通', 'delivered');

    const masked = page.getByTestId('card-key-masked').first();
    await masked.waitFor();
    expect(await masked.textContent()).toContain('*');
    const extractionRows = page.getByTestId('extractions').locator('tbody tr[data-row-key]');
    const before = await extractionRows.count();

    // A key never revealed asks first: viewing it counts as using it.
    const firstKey = page.getByTestId('card-keys').locator('tbody tr[data-row-key]').first();
    const neverRevealed = (await firstKey.getByTestId('card-key-extracted').count()) === 0;
    await firstKey.getByTestId('card-key-reveal').click();
    if (neverRevealed) {
      expect(await text(page, 'card-key-confirm-text')).toBe('查看后视为已使用，将无法以「未使用」为由退款');
      await page.getByTestId('card-key-confirm').click();
    }
    const secret = page.getByTestId('card-key-secret').first();
    await secret.waitFor();
    expect(((await secret.textContent()) ?? '').trim()).not.toMatch(/\*/);
    await expect.poll(() => extractionRows.count()).toBe(before + 1);
    expect(await extractionRows.first().textContent()).toContain('查看');
    await page.getByTestId('card-key-extracted').first().waitFor();
    await page.screenshot({ path: screenshotPath('orders-detail-revealed'), fullPage: true });

    const orderNo = await text(page, 'order-detail-no');
    expect(orderNo).toMatch(/^\d+$/);
    await page.getByTestId('menu-buyerOrders').click();
    await rows(page).first().waitFor();
    await search(page, orderNo);
    await expect.poll(() => rows(page).getByTestId('order-no').allTextContents()).toEqual([orderNo]);

    await rows(page).first().click();
    await page.getByTestId('order-refund').click();
    await page.waitForURL((current) => current.pathname === '/buyer/refunds/new');
    await page.getByTestId('refund-order').waitFor();
    expect(await text(page, 'refund-order-no')).toBe(orderNo);
  });

  it('shows partial top-up arrival and failed delivery', async () => {
    const page = await signedIn('buyer');
    await page.goto(url('/buyer/orders'));
    await openOrder(page, '中国移动话费直充 50 元', 'delivered');
    expect(await text(page, 'topup-arrival')).toContain('30/50');
    expect(await page.getByTestId('order-detail').getByTestId('delivery-status').first().textContent()).toBe(
      '部分到账',
    );
    await page.screenshot({ path: screenshotPath('orders-topup-partial'), fullPage: true });

    await page.goto(url('/buyer/orders'));
    await search(page, '腾讯Q币 100 元卡密');
    const failed = rows(page).filter({ hasText: '腾讯Q币 100 元卡密' }).first();
    expect(await failed.getByTestId('delivery-status').textContent()).toBe('发货异常');
    await failed.getByTestId('order-product').click();
    await page.getByTestId('order-detail').waitFor();
    expect(await page.getByTestId('order-detail').getByTestId('delivery-status').first().textContent()).toBe(
      '发货异常',
    );
    expect(await page.getByTestId('order-detail').getByTestId('order-status').textContent()).toBe('待发货');
    await page.screenshot({ path: screenshotPath('orders-delivery-failed'), fullPage: true });
  });

  it('buys a card key in the shop with the balance and lands on its delivered keys', async () => {
    const page = await signedIn('buyer');
    await page.getByTestId('menu-buyerShop').click();
    await page.getByTestId('product-card').first().waitFor();
    await page.screenshot({ path: screenshotPath('orders-shop'), fullPage: true });

    const card = page
      .getByTestId('product-card')
      .filter({ has: page.getByText('卡密', { exact: true }) })
      .filter({ has: page.locator('[data-testid="product-buy"]:not([disabled])') })
      .first();
    await placeOrder(page, card);
    await expect.poll(() => text(page, 'pay-channel-balance')).toMatch(/^余额（可用 ¥\d+\.\d{2}）$/);
    await page.screenshot({ path: screenshotPath('orders-pay'), fullPage: true });
    await page.getByTestId('pay-submit').click();

    await page.waitForURL(/\/buyer\/orders\/\d+$/);
    await page.getByTestId('card-key-masked').first().waitFor();
    expect(
      await page.getByTestId('order-detail').getByTestId('order-status').getAttribute('data-status'),
    ).toMatch(/^(delivered|completed)$/);
  });

  it('does not show another buyer’s order', async () => {
    const buyer = await signedIn('buyer');
    await buyer.goto(url('/buyer/orders'));
    const orderNo = ((await rows(buyer).first().getByTestId('order-no').textContent()) ?? '').trim();
    expect(orderNo).not.toBe('');

    const other = await signedIn('buyer2');
    await other.goto(url(`/buyer/orders/${orderNo}`));
    await other.getByTestId('order-not-found').waitFor();
    await other.screenshot({ path: screenshotPath('orders-not-found'), fullPage: true });
  });
});

describe('merchant orders and stock', () => {
  it('imports pasted card keys and reports the duplicate', async () => {
    const page = await signedIn('merchant');
    await page.getByTestId('menu-merchantProducts').click();
    const row = page
      .getByTestId('merchant-products')
      .locator('tbody tr[data-row-key]')
      .filter({ hasText: '网易一卡通 50 元' });
    await row.waitFor();
    const stockBefore = Number(await row.getByTestId('product-stock').textContent());

    await row.getByTestId('product-import').click();
    const stamp = Date.now().toString(36).toUpperCase();
    await page
      .getByTestId('import-text')
      .fill([`E2E${stamp}A1`, `E2E${stamp}B2`, `E2E${stamp}A1`].join('\n'));
    await page.getByTestId('import-submit').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('导入 2 条，重复 1 条');
    await page.screenshot({ path: screenshotPath('orders-merchant-import'), fullPage: true });

    await page.keyboard.press('Escape');
    await expect
      .poll(async () => Number(await row.getByTestId('product-stock').textContent()))
      .toBe(stockBefore + 2);
  });

  it('ships a physical order the buyer paid', async () => {
    const buyer = await signedIn('buyer');
    await buyer.getByTestId('menu-buyerShop').click();
    const mouse = buyer.getByTestId('product-card').filter({ hasText: '罗技 G304 无线鼠标' });
    await placeOrder(buyer, mouse, (dialog) =>
      dialog.getByTestId('purchase-address').fill('上海市浦东新区世纪大道 100 号'),
    );
    await buyer.getByTestId('pay-channel-alipay').click();
    await buyer.getByTestId('pay-submit').click();
    await buyer.waitForURL(/\/buyer\/orders\/\d+$/);
    const orderNo = await text(buyer, 'order-detail-no');
    expect(await buyer.getByTestId('order-detail').getByTestId('order-status').textContent()).toBe('待发货');

    const merchant = await signedIn('merchant');
    await merchant.getByTestId('menu-merchantOrders').click();
    await rows(merchant).first().waitFor();
    await search(merchant, orderNo);
    const row = rows(merchant).filter({ hasText: orderNo });
    // The merchant sees the buyer's surname only (personal data masked, issue 18).
    expect(await row.textContent()).toContain('张**');
    expect(await row.textContent()).not.toContain('张小明');
    await row.getByTestId('order-ship').click();
    await merchant.getByTestId('ship-carrier').fill('顺丰速运');
    await merchant.getByTestId('ship-tracking-no').fill('SF1000000001');
    await merchant.getByTestId('ship-submit').click();
    await expect
      .poll(async () => row.getByTestId('order-status').getAttribute('data-status'))
      .toBe('delivered');
    expect(await row.getByTestId('order-ship').count()).toBe(0);
    await merchant.screenshot({ path: screenshotPath('orders-merchant-list'), fullPage: true });
    // The row opens the shop's order page with its records.
    await row.click();
    await merchant.getByTestId('merchant-order').waitFor();
    expect(await merchant.getByTestId('review-order').textContent()).toContain('SF1000000001');
  });
});
