import type { Locator, Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { text, whenStill } from './browser.ts';
import { screenshotPng } from './png.ts';

/** Steps of the refund browser tests: what a buyer, an agent or a merchant does on a case. */

/** Opens `path` of the app the page is on (every step starts from a signed-in page). */
export async function goto(page: Page, path: string): Promise<void> {
  await page.goto(new URL(path, page.url()).href);
}

/** "¥49.80" → 4980, by string and integer maths. */
export function fen(yuan: string): number {
  const match = /^¥(\d+)\.(\d{2})$/.exec(yuan.trim());
  if (!match) throw new Error(`not an amount: ${yuan}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

export function yuan(fen: number): string {
  return `¥${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function orderRows(page: Page): Locator {
  return page.getByTestId('order-table').locator('tbody tr[data-row-key]');
}

/** Opens the buyer's first order of `productName` in `status` from 我的订单. */
export async function openOrder(page: Page, productName: string, status: string): Promise<string> {
  await goto(page, '/buyer/orders');
  const input = page.getByTestId('order-search').locator('input');
  await input.fill(productName);
  await input.press('Enter');
  await page.waitForURL((current) => current.searchParams.get('q') === productName);
  const row = orderRows(page)
    .filter({ hasText: productName })
    .filter({ has: page.locator(`[data-testid="order-status"][data-status="${status}"]`) })
    .first();
  await row.waitFor();
  await row.getByTestId('order-product').click();
  await page.getByTestId('order-detail').waitFor();
  return text(page, 'order-detail-no');
}

/**
 * 立即购买 on a product card, then 提交订单 once the dialog has settled; waits for the pay panel. `fill`
 * enters what the product asks for (a top-up account, an address). A refusal, or no panel, fails with
 * what the dialog shows and what the server answered, so a failure in CI can be read from its log.
 */
export async function placeOrder(
  page: Page,
  card: Locator,
  fill?: (dialog: Locator) => Promise<void>,
): Promise<void> {
  await card.getByTestId('product-buy').click();
  const dialog = page.getByTestId('purchase-form');
  await dialog.waitFor();
  await whenStill(page);
  await fill?.(dialog);
  const answers: number[] = [];
  const onResponse = (response: Response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/orders')
      answers.push(response.status());
  };
  page.on('response', onResponse);
  try {
    await page.getByTestId('purchase-submit').click();
    const refused = page.getByTestId('purchase-error');
    await page.getByTestId('pay-panel').or(refused).first().waitFor();
    if (await refused.isVisible()) throw new Error(`the order was refused: ${await refused.textContent()}`);
  } catch (error) {
    const shown = await page
      .locator('.ant-modal')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(
      `no pay panel after 提交订单: POST /api/orders answered [${answers.join(', ')}]; dialog: ${JSON.stringify(shown)}`,
      { cause: error },
    );
  } finally {
    page.off('response', onResponse);
  }
}

/** Buys one `productName` with the balance; returns the order number (on its detail page). */
export async function buy(page: Page, productName: string): Promise<string> {
  await goto(page, '/buyer/shop');
  await placeOrder(page, page.getByTestId('product-card').filter({ hasText: productName }).first());
  await page.getByTestId('pay-channel-balance').click();
  await page.getByTestId('pay-submit').click();
  await page.waitForURL(/\/buyer\/orders\/\d+$/);
  await page.getByTestId('card-key-masked').first().waitFor();
  return text(page, 'order-detail-no');
}

/** Picks a generated PNG in the upload `testId` and waits until the server has stored `uploaded` files. */
export async function upload(
  page: Page,
  testId: string,
  name: string,
  rgb: [number, number, number],
  uploaded: number,
): Promise<void> {
  await page
    .getByTestId(testId)
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'image/png', buffer: screenshotPng(rgb) });
  await page.locator(`[data-testid="${testId}"][data-uploaded="${uploaded}"]`).waitFor();
}

/** From the order's detail page: 申请退款, the type, the description, and submit; returns the refund no. */
export async function applyForRefund(
  page: Page,
  orderNo: string,
  type: string,
  description: string,
): Promise<string> {
  await page.getByTestId('order-refund').click();
  await page.waitForURL((current) => current.pathname === '/buyer/refunds/new');
  await page.getByTestId(`refund-type-${type}`).click();
  await page.locator('[data-testid="refund-quote"][data-state="ready"] [data-testid="quote"]').waitFor();
  await page.getByTestId('refund-description').fill(`订单号${orderNo}${description}`);
  await page.locator('[data-testid="refund-submit"]:not([disabled])').click();
  await page.waitForURL(/\/buyer\/refunds\/R\d+$/);
  await page.getByTestId('case-detail').waitFor();
  return text(page, 'case-refund-no');
}

/** The state label of the case on screen (buyer, merchant or agent page). */
export function caseState(page: Page): Promise<string | null> {
  return page
    .locator('[data-testid="case-detail"], [data-testid="review-case"]')
    .getByTestId('case-state')
    .first()
    .textContent();
}

/** Opens the agent's workbench for the case. */
/**
 * After approval the payout worker pays the refund back through the gateway simulator: the case is
 * 退款中 for a moment, then 已退款. Reloads until it is (the page does not poll).
 */
export async function untilRefunded(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.getByTestId('case-detail').or(page.getByTestId('review-case')).first().waitFor();
        return caseState(page);
      },
      { timeout: 30_000, interval: 1000 },
    )
    .toBe('已退款');
}

export async function openWorkbench(page: Page, refundNo: string): Promise<void> {
  await goto(page, `/agent/queue/${refundNo}`);
  await page.getByTestId('review-case').waitFor();
}

/** Claims the case unless the caller already holds it. */
export async function claim(page: Page): Promise<void> {
  const bar = page.getByTestId('claim-bar');
  if ((await bar.getAttribute('data-mine')) === 'true') return;
  await page.getByTestId('case-claim').click();
  await expect.poll(() => bar.getAttribute('data-mine')).toBe('true');
}

/** Opens the modal of a text action (`id`), writes `words` and confirms. */
export async function act(page: Page, id: string, words: string): Promise<void> {
  await page.getByTestId(`case-${id}`).click();
  await page.getByTestId(`${id}-text`).fill(words);
  await page.locator(`[data-testid="${id}-confirm"]:not([disabled])`).click();
  await page.getByTestId(`${id}-modal`).waitFor({ state: 'detached' });
}

export async function timelineKinds(page: Page): Promise<string[]> {
  return page
    .getByTestId('case-event')
    .evaluateAll((events) => events.map((event) => event.getAttribute('data-kind') ?? ''));
}

/** Rejects the case from the workbench (claimed) with a reason code and the agent's words. */
export async function reject(page: Page, reasonCode: string, words: string): Promise<void> {
  await page.getByTestId('case-reject').click();
  // A click that lands while the dropdown is still opening can go unseen (a loaded machine): try
  // again until the select shows the reason.
  const select = page.getByTestId('reject-reason');
  await expect
    .poll(
      async () => {
        if ((await select.getByTestId(`reject-reason-${reasonCode}`).count()) > 0) return true;
        await select.click();
        await page
          .locator(`.ant-select-dropdown [data-testid="reject-reason-${reasonCode}"]`)
          .click({ timeout: 3000 })
          .catch(() => undefined);
        return (await select.getByTestId(`reject-reason-${reasonCode}`).count()) > 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await page.getByTestId('reject-text').fill(words);
  await page.locator('[data-testid="reject-confirm"]:not([disabled])').click();
  await expect.poll(() => caseState(page)).toBe('审核拒绝');
}
