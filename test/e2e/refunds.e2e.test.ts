import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserApp, screenshotPath, text } from './browser.ts';
import { placeOrder } from './case-steps.ts';

// A fresh purchase rather than a seeded order: the seeded orders' quotes are other tests' fixtures.
const { signedIn } = browserApp();

function refundRows(page: Page): Locator {
  return page.getByTestId('refund-table').locator('tbody tr[data-row-key]');
}

/** Buys the first card key in stock with the balance and returns its order number (on its detail page). */
async function buyCardKey(page: Page): Promise<string> {
  await page.getByTestId('menu-buyerShop').click();
  const card = page
    .getByTestId('product-card')
    .filter({ has: page.getByText('卡密', { exact: true }) })
    .filter({ has: page.locator('[data-testid="product-buy"]:not([disabled])') })
    .first();
  await placeOrder(page, card);
  await page.getByTestId('pay-channel-balance').click();
  await page.getByTestId('pay-submit').click();
  await page.waitForURL(/\/buyer\/orders\/\d+$/);
  await page.getByTestId('card-key-masked').first().waitFor();
  return text(page, 'order-detail-no');
}

/** Clicks 提交申请 once the quote has settled and the button is enabled. */
async function submit(page: Page): Promise<void> {
  const button = page.locator('[data-testid="refund-submit"]:not([disabled])');
  await button.waitFor();
  await button.click();
}

describe('refund cases', () => {
  it('submits a refund, refuses a vague description, lists the case and withdraws it', async () => {
    const page = await signedIn('buyer');
    const orderNo = await buyCardKey(page);
    expect(orderNo).toMatch(/^\d+$/);

    await page.getByTestId('order-refund').click();
    await page.waitForURL((current) => current.pathname === '/buyer/refunds/new');
    await page.getByTestId('refund-order').waitFor();
    expect(await text(page, 'refund-order-no')).toBe(orderNo);
    expect(await page.getByTestId('refund-submit').isDisabled()).toBe(true);
    await page.getByTestId('refund-evidence').waitFor();

    await page.getByTestId('refund-type-not_as_described').click();
    await page.locator('[data-testid="refund-quote"][data-state="ready"] [data-testid="quote"]').waitFor();
    expect(await page.getByTestId('quote').getAttribute('data-eligible')).toBe('true');
    // Eligible, but nothing said yet: still disabled, and the hint asks for all three elements.
    expect(await page.getByTestId('refund-submit').isDisabled()).toBe(true);
    expect(await page.getByTestId('description-hint').getAttribute('data-missing')).toBe(
      'order_no,time,symptom',
    );

    const description = page.getByTestId('refund-description');
    await description.fill('商品不行');
    await submit(page);
    const error = page.getByTestId('refund-submit-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('REFUND.DESCRIPTION_VAGUE');
    expect(await text(page, 'refund-submit-message')).toContain('请具体描述问题');
    expect(await text(page, 'refund-submit-missing')).toBe('说明中还缺少：订单号、时间、异常现象');
    expect(page.url()).toContain('/buyer/refunds/new');
    await page.screenshot({ path: screenshotPath('refunds-vague'), fullPage: true });

    await description.fill(`订单号${orderNo}今天10点购买，卡密与描述不符，面值显示错误`);
    expect(await page.getByTestId('refund-submit-error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('description-hint').getAttribute('data-missing')).toBe('');
    await page.screenshot({ path: screenshotPath('refunds-form'), fullPage: true });
    await submit(page);

    await page.waitForURL(/\/buyer\/refunds\/R\d+$/);
    await page.getByTestId('case-detail').waitFor();
    const refundNo = await text(page, 'case-refund-no');
    expect(refundNo).toMatch(/^R\d+$/);
    expect(page.url()).toContain(`/buyer/refunds/${refundNo}`);
    expect(await text(page, 'case-state')).toBe('待审核');
    expect(await text(page, 'case-order-link')).toBe(orderNo);
    expect(await text(page, 'case-type')).toBe('与描述不符');
    expect(await text(page, 'case-description')).toContain('面值显示错误');
    expect(await text(page, 'case-sla')).toMatch(/^北京时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 前$/);
    await page.locator('[data-testid="case-reason"][data-rule-id="V-UNUSED"]').waitFor();
    expect(await text(page, 'case-timeline')).toContain('买家提交了退款申请');
    await page.screenshot({ path: screenshotPath('refunds-case'), fullPage: true });

    // Back on the form of this order (a bookmark, the back button): it says at once that a case is open.
    await page.goto(`${new URL(page.url()).origin}/buyer/refunds/new?orderNo=${orderNo}&type=not_received`);
    await page.getByTestId('refund-case-open').getByText(refundNo).first().waitFor();
    expect(await page.getByTestId('refund-submit').isDisabled()).toBe(true);
    expect(await text(page, 'refund-submit-blocker')).toContain(refundNo);
    await page.screenshot({ path: screenshotPath('refunds-case-open') });
    // Someone else's order number: the 404 page with the way back, not a form.
    const other = await signedIn('buyer2');
    await other.goto(`${new URL(page.url()).origin}/buyer/refunds/new?orderNo=${orderNo}`);
    await other.getByTestId('order-not-found').waitFor();
    expect(await other.getByTestId('refund-submit').count()).toBe(0);
    await other.getByRole('button', { name: '返回我的订单' }).click();
    await other.waitForURL((current) => current.pathname === '/buyer/orders');
    await page.goBack();
    await page.waitForURL((current) => current.pathname === `/buyer/refunds/${refundNo}`);
    await page.getByTestId('case-detail').waitFor();

    await page.getByTestId('menu-buyerRefunds').click();
    await page.waitForURL((current) => current.pathname === '/buyer/refunds');
    const row = refundRows(page).filter({ hasText: refundNo });
    await row.waitFor();
    expect(await row.getByTestId('case-state').textContent()).toBe('待审核');
    await page.getByTestId('refund-group-active').click();
    await page.waitForURL((current) => current.searchParams.get('group') === 'active');
    await row.waitFor();
    await page.getByTestId('refund-group-withdrawn').click();
    await expect.poll(() => row.count()).toBe(0);
    await page.getByTestId('refund-group-all').click();
    await row.waitFor();
    await expect.poll(() => page.locator('.ant-segmented-thumb').count()).toBe(0); // motion done
    await page.screenshot({ path: screenshotPath('refunds-list'), fullPage: true });

    await row.getByTestId('refund-no').click();
    await page.waitForURL((current) => current.pathname === `/buyer/refunds/${refundNo}`);
    await page.getByTestId('refund-withdraw').click();
    await page.getByTestId('withdraw-reason').fill('已与商家协商解决');
    await page.getByTestId('withdraw-confirm').click();
    await expect.poll(() => text(page, 'case-state')).toBe('已撤销');
    expect(await page.getByTestId('refund-withdraw').count()).toBe(0);
    expect(await text(page, 'case-timeline')).toContain('买家撤销了退款申请，原因：已与商家协商解决');
    await page.screenshot({ path: screenshotPath('refunds-withdrawn'), fullPage: true });

    await page.getByTestId('menu-buyerRefunds').click();
    await page.getByTestId('refund-group-withdrawn').click();
    await page.waitForURL((current) => current.searchParams.get('group') === 'withdrawn');
    await expect.poll(() => row.getByTestId('case-state').textContent()).toBe('已撤销');

    // A page that does not exist: the 404, and no menu entry marked as the one shown (首页 was).
    await page.goto(`${new URL(page.url()).origin}/buyer/no-such-page`);
    await page.getByTestId('not-found').waitFor();
    expect(await page.locator('.ant-menu-item-selected').count()).toBe(0);
  });
});
