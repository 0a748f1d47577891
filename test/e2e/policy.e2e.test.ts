import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserApp, screenshotPath, text } from './browser.ts';

// One app (and database) for this file: the tests run in order, and the admin test publishes a
// new policy and rolls it back at the end, so the quote assertions hold whichever ran first.
const { url, newPage, signedIn } = browserApp();

/** The seeded card-key order that was delivered and whose key was never revealed. */
const unrevealed = '网易一卡通 50 元';
const platformFee = 'PLATFORM-SERVICE';

/** "¥49.00" → 4900, by string and integer maths. */
function fen(yuan: string): number {
  const match = /^(-?)¥(\d+)\.(\d{2})$/.exec(yuan.trim());
  if (!match) throw new Error(`not an amount: ${yuan}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}

/** The policy's fee on `paidFen` at `rateBp` basis points, rounded half up (the seed policy's rounding). */
function feeFen(paidFen: number, rateBp: number): number {
  return Math.floor((paidFen * rateBp + 5_000) / 10_000);
}

/** Opens the unrevealed order from 我的订单 and goes on to 申请退款; returns what was paid. */
async function openRefund(page: Page): Promise<{ orderNo: string; paidFen: number }> {
  await page.getByTestId('menu-buyerOrders').click();
  const input = page.getByTestId('order-search').locator('input');
  await input.fill(unrevealed);
  await input.press('Enter');
  await page.waitForURL((current) => current.searchParams.get('q') === unrevealed);
  const row = page
    .getByTestId('order-table')
    .locator('tbody tr[data-row-key]')
    .filter({ hasText: unrevealed })
    .filter({ has: page.locator('[data-testid="order-status"][data-status="delivered"]') })
    .first();
  await row.getByTestId('order-product').click();
  await page.getByTestId('order-detail').waitFor();
  await page.getByTestId('card-key-masked').first().waitFor();
  expect(await page.getByTestId('card-key-extracted').count()).toBe(0);
  const orderNo = await text(page, 'order-detail-no');
  const paidFen = fen(await text(page, 'detail-paid'));

  await page.getByTestId('order-refund').click();
  await page.waitForURL((current) => current.pathname === '/buyer/refunds/new');
  await page.getByTestId('refund-order').waitFor();
  expect(await text(page, 'refund-order-no')).toBe(orderNo);
  expect(fen(await text(page, 'refund-order-paid'))).toBe(paidFen);
  return { orderNo, paidFen };
}

/** The quote shown once the request for `type` has been answered and `ruleId` decided it. */
async function quoteFor(page: Page, type: string, ruleId: string): Promise<Locator> {
  await page.getByTestId(`refund-type-${type}`).click();
  const quote = page.locator(
    `[data-testid="refund-quote"][data-state="ready"] [data-testid="quote"][data-rule-id="${ruleId}"]`,
  );
  await quote.waitFor();
  return quote;
}

/** Checks the 与描述不符 quote: the platform fee at `rateBp` is taken from what was paid. */
async function expectFeeQuote(page: Page, paidFen: number, rateBp: number, percent: string) {
  const quote = await quoteFor(page, 'not_as_described', 'V-UNUSED');
  expect(await quote.getAttribute('data-eligible')).toBe('true');
  const fee = quote.locator(`[data-testid="quote-fee"][data-fee-id="${platformFee}"]`);
  expect(await fee.getByTestId('quote-fee-label').textContent()).toBe(`平台服务费（${percent}）`);
  expect(fen(((await fee.getByTestId('quote-fee-amount').textContent()) ?? '').replace('-', ''))).toBe(
    feeFen(paidFen, rateBp),
  );
  expect(fen(await text(page, 'quote-amount'))).toBe(paidFen - feeFen(paidFen, rateBp));
  expect(fen(await text(page, 'quote-gross'))).toBe(paidFen);
}

describe('help centre', () => {
  it('shows the policy without signing in, in Chinese and then in English', async () => {
    const page = await newPage();
    await page.goto(url('/login'));
    await page.getByTestId('help-link').click();
    await page.waitForURL(url('/help/policy'));

    const sevenDays = page.getByTestId('policy-rule-V-7D');
    const partial = page.getByTestId('policy-rule-V-PARTIAL');
    await sevenDays.waitFor();
    expect(await sevenDays.getByTestId('policy-rule-id').textContent()).toBe('V-7D');
    expect(await sevenDays.textContent()).toContain('虚拟商品不支持七天无理由退款');
    expect(await partial.getByTestId('policy-rule-id').textContent()).toBe('V-PARTIAL');
    expect(await partial.textContent()).toContain('部分到账');
    expect(await text(page, 'help-policy-version')).toMatch(/^第 \d+ 版$/);
    expect(await text(page, 'help-policy-published')).toMatch(/^发布于 \d{4}-\d{2}-\d{2} /);
    await page.getByTestId('help-login').waitFor();
    await page.screenshot({ path: screenshotPath('policy-help-zh'), fullPage: true });

    await page.getByTestId('lang-en').click();
    await sevenDays.filter({ hasText: 'Virtual goods cannot be returned' }).waitFor();
    expect(await sevenDays.getByTestId('policy-rule-id').textContent()).toBe('V-7D');
    expect(await partial.textContent()).toContain('Partly delivered');
    expect(await text(page, 'help-policy-version')).toMatch(/^Version \d+$/);
    await page.screenshot({ path: screenshotPath('policy-help-en'), fullPage: true });

    await page.getByTestId('help-login').click();
    await page.waitForURL(url('/login'));
  });
});

describe('refund quote', () => {
  it('quotes 与描述不符 less the 5% platform fee and refuses 七天无理由 by rule V-7D', async () => {
    const page = await signedIn('buyer');
    await page.getByTestId('menu-buyerHelp').click();
    await page.waitForURL(url('/help/policy'));
    await page.getByTestId('policy-rule-V-7D').waitFor();
    await page.getByTestId('help-back').click();
    await page.getByTestId('welcome-card').waitFor();

    const { paidFen } = await openRefund(page);
    expect(await text(page, 'refund-submit')).toBe('提交申请');
    expect(await page.getByTestId('refund-submit').isDisabled()).toBe(true);

    await expectFeeQuote(page, paidFen, 500, '5%');
    expect(await text(page, 'quote-policy-version')).toMatch(/^依据《退款政策》第 \d+ 版$/);
    expect(await text(page, 'quote-sla')).toMatch(/个工作日内）$/);
    await page.screenshot({ path: screenshotPath('policy-quote-fee'), fullPage: true });

    const refused = await quoteFor(page, 'no_reason_7d', 'V-7D');
    expect(await refused.getAttribute('data-eligible')).toBe('false');
    expect(await text(page, 'quote-rule')).toBe('规则 V-7D');
    expect(await text(page, 'quote-reasons')).toContain('虚拟商品不支持七天无理由退款');
    await page.getByTestId('quote-hint').waitFor();
    expect(await page.getByTestId('quote-amount').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('policy-quote-refused'), fullPage: true });

    // Only part of it: yuan typed as text reaches the server as integer fen.
    await quoteFor(page, 'not_as_described', 'V-UNUSED');
    await page.getByTestId('refund-partial-toggle').click();
    const amount = page.getByTestId('refund-partial-amount');
    await amount.fill('10.29');
    await expect.poll(() => text(page, 'quote-amount')).toBe('¥10.29');
    await amount.fill('1.234');
    await page.getByText('请输入大于 0、最多两位小数的金额').waitFor();
  });
});

describe('admin policy editor', () => {
  it('rejects an invalid fee, saves, diffs, simulates, publishes, quotes the new fee and rolls back', async () => {
    const admin = await signedIn('admin');
    await admin.getByTestId('menu-adminPolicy').click();
    const editor = admin.getByTestId('policy-json');
    await editor.waitFor();
    const original = await editor.inputValue();
    expect(original).toContain('"rateBp": 500');
    const puts: string[] = [];
    admin.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().endsWith('/api/admin/policy')) puts.push(request.url());
    });

    // A syntax error is caught in the browser: no request.
    const broken = original.replace('"rateBp": 500,', '"rateBp": 500');
    await editor.fill(broken);
    await admin.getByTestId('policy-save').click();
    const syntax = admin.getByTestId('draft-syntax-error');
    await syntax.waitFor();
    const brokenLine = broken.split('\n').findIndex((line) => line.includes('"rateBp": 500')) + 2;
    expect(await syntax.textContent()).toContain(`第 ${brokenLine} 行`);
    expect(puts).toEqual([]);

    // The server's issue is listed with its path and marked on its line.
    const invalid = original.replace('"rateBp": 500', '"rateBp": -5');
    await editor.fill(invalid);
    await admin.getByTestId('policy-save').click();
    const issue = admin.locator('[data-testid="draft-issue"][data-path="fees[0].rateBp"]');
    await issue.waitFor();
    expect(puts).toHaveLength(1);
    const rateLine = invalid.split('\n').findIndex((line) => line.includes('"rateBp": -5')) + 1;
    expect(await issue.textContent()).toContain(`第 ${rateLine} 行`);
    await admin.locator(`[data-testid="editor-line-mark"][data-line="${rateLine}"]`).waitFor();
    await issue.getByTestId('draft-issue-line').click();
    await admin.screenshot({ path: screenshotPath('policy-admin-invalid'), fullPage: true });

    // Fixed with the 常用设置 field, which rewrites the JSON.
    await admin.getByTestId('knob-fee-PLATFORM-SERVICE').fill('10');
    await expect.poll(() => editor.inputValue()).toContain('"rateBp": 1000');
    expect(await editor.inputValue()).toBe(original.replace('"rateBp": 500', '"rateBp": 1000'));
    await admin.getByTestId('policy-save').click();
    await admin.getByTestId('policy-draft-state').filter({ hasText: '草稿保存于' }).waitFor();
    expect(await admin.getByTestId('draft-issues').count()).toBe(0);

    await admin.getByTestId('policy-tab-diff').click();
    const diff = admin.getByTestId('policy-diff');
    await diff.waitFor();
    expect(await diff.locator('[data-testid="diff-line"][data-kind="del"]').allTextContents()).toEqual([
      expect.stringContaining('"rateBp": 500,'),
    ]);
    expect(await diff.locator('[data-testid="diff-line"][data-kind="add"]').allTextContents()).toEqual([
      expect.stringContaining('"rateBp": 1000,'),
    ]);
    await admin.screenshot({ path: screenshotPath('policy-admin-diff'), fullPage: true });

    await admin.getByTestId('policy-tab-simulate').click();
    await admin.getByTestId('policy-simulate').click();
    const result = admin.getByTestId('sim-result');
    await result.waitFor();
    await admin.screenshot({ path: screenshotPath('policy-admin-simulate'), fullPage: true });
    expect(await admin.getByTestId('sim-error').count()).toBe(0);
    // The submitted cases of the last 90 days are replayed; quotes buyers only looked at (the buyer
    // test's, when it ran first) are counted apart.
    if (await result.getByTestId('sim-cases').count()) {
      expect(
        Number(await result.locator('[data-testid="sim-cases"] .ant-statistic-content').textContent()),
      ).toBeGreaterThan(0);
      await result.getByTestId('sim-groups').waitFor();
    } else {
      await result.getByTestId('sim-no-cases').waitFor();
    }
    const views = result.getByTestId('sim-quote-views');
    expect(await views.getAttribute('data-count')).toMatch(/^\d+$/);
    expect(await views.textContent()).toMatch(/仅查看报价、未提交申请/);

    await admin.getByTestId('policy-tab-publish').click();
    await admin.getByTestId('policy-publish').click();
    await admin.getByTestId('note-ok').click();
    await admin.getByText('请填写说明').waitFor();
    await admin.getByTestId('note-input').fill('平台服务费调整为 10%');
    await admin.getByTestId('note-ok').click();
    await admin.getByTestId('note-modal').waitFor({ state: 'hidden' });
    await admin.getByTestId('version-2').waitFor();
    await admin.getByTestId('policy-current-version').filter({ hasText: '第 2 版' }).waitFor();
    expect(await admin.getByTestId('policy-versions').textContent()).toContain('平台服务费调整为 10%');
    await admin.screenshot({ path: screenshotPath('policy-admin-published'), fullPage: true });

    const buyer = await signedIn('buyer');
    const { paidFen } = await openRefund(buyer);
    await expectFeeQuote(buyer, paidFen, 1000, '10%');
    expect(await text(buyer, 'quote-policy-version')).toBe('依据《退款政策》第 2 版');
    await buyer.screenshot({ path: screenshotPath('policy-quote-v2'), fullPage: true });

    // Back on the admin's page (it refetches what it shows when it regains focus): then roll back.
    await admin.bringToFront();
    await admin.waitForLoadState('networkidle');
    await admin.getByTestId('rollback-1').click();
    const note = admin.getByTestId('note-input');
    await note.fill('恢复 5% 平台服务费');
    await expect.poll(() => note.inputValue()).toBe('恢复 5% 平台服务费');
    await admin.getByTestId('note-ok').click();
    await admin.getByTestId('note-modal').waitFor({ state: 'hidden' });
    await admin.getByTestId('version-3').waitFor();
    await admin.getByTestId('policy-current-version').filter({ hasText: '第 3 版' }).waitFor();
    await admin.screenshot({ path: screenshotPath('policy-admin-rollback'), fullPage: true });

    await buyer.reload();
    await expectFeeQuote(buyer, paidFen, 500, '5%');
    expect(await text(buyer, 'quote-policy-version')).toBe('依据《退款政策》第 3 版');
  });
});
