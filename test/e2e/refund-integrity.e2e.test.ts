import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import { applyForRefund, caseState, goto, openWorkbench, untilRefunded } from './case-steps.ts';

// Refunds that stay true to the goods (issue 11), clicked through: a key's first view is confirmed,
// keys are locked while a case is open, card-key orders are quoted and refunded key by key, a fee kept
// after a refund can be disputed as a case of its own, and admins enter next year's holidays.
// One app for the file; every test buys from a product of its own, so they do not share cases. The
// holidays test publishes a new policy version, so it runs last.
const { signedIn, app } = browserApp(startAppWithContext);

const long = 180_000;
let serial = 0;

/** A card-key product of the demo merchant (星辰数码) with `keys` keys in stock; its name. */
async function cardKeyProduct(keys: number, priceFen = 2500): Promise<{ id: number; name: string }> {
  const ctx = app().ctx;
  const { merchantId, buyerId } = await demoIds(ctx);
  await setBalance(ctx, buyerId, 1_000_000);
  serial += 1;
  const name = `退款完整性测试卡 ${serial}-${Date.now().toString(36)}`;
  const id = await makeProduct(ctx, { merchantId, priceFen, name });
  await addKeys(ctx, id, keys);
  return { id, name };
}

/** A JSON request from the page's session, with its CSRF token, as the web app sends it. */
async function api<T>(page: Page, method: string, path: string, body?: unknown, key?: string): Promise<T> {
  const res = await page.evaluate(
    async ({ method, path, body, key }) => {
      const csrf = /(?:^|;\s*)kameng_csrf=([^;]*)/.exec(document.cookie)?.[1];
      const response = await fetch(path, {
        method,
        headers: {
          'Content-Type': 'application/json',
          ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}),
          ...(key ? { 'Idempotency-Key': key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    { method, path, body, key },
  );
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

type Order = { orderNo: string; cardKeys: { id: number }[] };

/** Buys `quantity` of the product with the balance through the API; the order once its keys arrived. */
async function purchase(page: Page, productId: number, quantity: number): Promise<string> {
  const order = await api<Order>(page, 'POST', '/api/orders', { productId, quantity });
  await api(page, 'POST', `/api/orders/${order.orderNo}/pay`, { channel: 'balance' });
  await expect
    .poll(async () => (await api<Order>(page, 'GET', `/api/orders/${order.orderNo}`)).cardKeys.length)
    .toBe(quantity);
  return order.orderNo;
}

async function openOrderPage(page: Page, orderNo: string): Promise<void> {
  await goto(page, `/buyer/orders/${orderNo}`);
  await page.getByTestId('card-keys').waitFor();
}

const keyRows = (page: Page) => page.getByTestId('card-keys').locator('tbody tr[data-row-key]');

describe('refunds true to the goods', () => {
  it('asks before a key is first viewed: 查看后视为已使用', async () => {
    const product = await cardKeyProduct(1);
    const buyer = await signedIn('buyer');
    const orderNo = await purchase(buyer, product.id, 1);
    await openOrderPage(buyer, orderNo);
    const extractions = buyer.getByTestId('extractions').locator('tbody tr[data-row-key]');

    // Cancelling reveals nothing and logs nothing.
    await buyer.getByTestId('card-key-reveal').click();
    const warning = buyer.getByTestId('card-key-confirm-text');
    await warning.waitFor();
    expect(await warning.textContent()).toBe('查看后视为已使用，将无法以「未使用」为由退款');
    await buyer.getByTestId('card-key-confirm-cancel').click();
    await warning.waitFor({ state: 'hidden' });
    expect(await buyer.getByTestId('card-key-secret').count()).toBe(0);
    expect(await extractions.count()).toBe(0);

    await buyer.getByTestId('card-key-reveal').click();
    await warning.waitFor();
    await buyer.screenshot({ path: screenshotPath('integrity-reveal-confirm'), fullPage: true });
    await buyer.getByTestId('card-key-confirm').click();
    const secret = buyer.getByTestId('card-key-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^KEY-\d+-\d+-X{8}$/);
    await expect.poll(() => extractions.count()).toBe(1);
    await buyer.getByTestId('card-key-extracted').waitFor();
    await buyer.screenshot({ path: screenshotPath('integrity-reveal-done'), fullPage: true });
  });

  it(
    'locks the unrevealed keys while a refund is open; withdrawing unlocks them',
    async () => {
      const product = await cardKeyProduct(1);
      const buyer = await signedIn('buyer');
      const orderNo = await purchase(buyer, product.id, 1);
      await openOrderPage(buyer, orderNo);
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '今天购买的卡密面值与描述不符',
      );

      await openOrderPage(buyer, orderNo);
      await buyer.getByTestId('card-key-locked').waitFor();
      expect(await text(buyer, 'card-key-locked')).toBe('退款处理中·已锁定');
      expect(await buyer.getByTestId('card-key-reveal').count()).toBe(0);
      expect(await buyer.getByTestId('card-key-copy').count()).toBe(0);
      expect(await text(buyer, 'card-keys-locked')).toContain(`退款申请 ${refundNo} 处理期间`);
      expect(await text(buyer, 'card-keys-locked')).toContain('撤销该申请即可解锁');
      expect(await buyer.getByTestId('order-open-refund').getAttribute('data-refund-no')).toBe(refundNo);
      // While a case is open the way on is that case, not a second application.
      expect(await buyer.getByTestId('order-refund').count()).toBe(0);
      await buyer.getByTestId('order-open-case').waitFor();
      await buyer.screenshot({ path: screenshotPath('integrity-key-locked'), fullPage: true });

      await buyer.getByTestId('card-keys-locked-link').click();
      await buyer.waitForURL((current) => current.pathname === `/buyer/refunds/${refundNo}`);
      await buyer.getByTestId('refund-withdraw').click();
      await buyer.getByTestId('withdraw-confirm').click();
      await expect.poll(() => caseState(buyer)).toBe('已撤销');

      await openOrderPage(buyer, orderNo);
      await buyer.getByTestId('card-key-reveal').waitFor();
      expect(await buyer.getByTestId('card-key-locked').count()).toBe(0);
      expect(await buyer.getByTestId('card-keys-locked').count()).toBe(0);
      expect(await buyer.getByTestId('order-open-refund').count()).toBe(0);
      await buyer.getByTestId('order-refund').waitFor();
      // The withdrawn case stays in the order's 退款记录, linking to it.
      const record = buyer.getByTestId('order-refunds').locator(`tbody tr[data-row-key="${refundNo}"]`);
      expect(await record.getByTestId('case-state').textContent()).toBe('已撤销');
    },
    long,
  );

  it(
    'quotes two keys one by one, refunds the unrevealed one and voids it, keeps the revealed one',
    async () => {
      const product = await cardKeyProduct(2);
      const buyer = await signedIn('buyer');
      const orderNo = await purchase(buyer, product.id, 2);
      await openOrderPage(buyer, orderNo);
      await buyer.getByTestId('card-key-reveal').first().click();
      await buyer.getByTestId('card-key-confirm').click();
      await buyer.getByTestId('card-key-secret').waitFor();
      const revealedRow = keyRows(buyer).filter({ has: buyer.getByTestId('card-key-extracted') });
      await revealedRow.waitFor();
      const revealedKey = await revealedRow.getAttribute('data-row-key');

      // Both keys are chosen by default; the quote has a part for each.
      await buyer.getByTestId('order-refund').click();
      await buyer.waitForURL((current) => current.pathname === '/buyer/refunds/new');
      await buyer.getByTestId('refund-type-not_as_described').click();
      await buyer.locator('[data-testid="refund-quote"][data-state="ready"] [data-testid="quote"]').waitFor();
      const chosen = buyer.locator('input[data-testid="refund-key"]:checked');
      expect(await chosen.count()).toBe(2);
      const unrevealed = buyer.locator('[data-testid="quote-part"][data-kind="keys_unrevealed"]');
      const revealed = buyer.locator('[data-testid="quote-part"][data-kind="keys_revealed"]');
      // ¥25.00 a key: the unrevealed one is refunded less the 5% platform fee, the revealed one not.
      expect(await unrevealed.getAttribute('data-eligible')).toBe('true');
      expect(await unrevealed.textContent()).toContain('1 张未提取的卡密');
      expect(await unrevealed.textContent()).toContain('V-UNUSED');
      expect(await unrevealed.getByTestId('quote-part-outcome').textContent()).toBe(
        '退 ¥23.75（平台服务费 ¥1.25）',
      );
      expect(await revealed.getAttribute('data-eligible')).toBe('false');
      expect(await revealed.textContent()).toContain('1 张已提取的卡密');
      expect(await revealed.getByTestId('quote-part-outcome').textContent()).toBe('不可退');
      expect(await text(buyer, 'quote-amount')).toBe('¥23.75');
      await buyer
        .getByTestId('refund-description')
        .fill(`订单号${orderNo}今天购买，未提取的那张卡密面值与描述不符`);
      await buyer.screenshot({ path: screenshotPath('integrity-per-key-quote'), fullPage: true });
      await buyer.locator('[data-testid="refund-submit"]:not([disabled])').click();
      await buyer.waitForURL(/\/buyer\/refunds\/R\d+$/);
      await buyer.getByTestId('case-detail').waitFor();
      const refundNo = await text(buyer, 'case-refund-no');
      expect(await text(buyer, 'case-amount')).toBe('¥23.75');

      const supervisor = await signedIn('supervisor');
      await openWorkbench(supervisor, refundNo);
      const now = supervisor.getByTestId('quote-now');
      expect(await now.getAttribute('data-allowed-fen')).toBe('2375');
      expect(await now.locator('[data-testid="quote-part"]').count()).toBe(2);
      expect(await supervisor.getByTestId('quote-change').count()).toBe(0);
      const keyStates = supervisor.getByTestId('review-keys').locator('[data-testid="card-key-state"]');
      expect(
        await keyStates.evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-state'))),
      ).toEqual(expect.arrayContaining(['held', 'locked']));
      await supervisor.screenshot({ path: screenshotPath('integrity-workbench'), fullPage: true });
      await supervisor.getByTestId('case-approve').click();
      expect(await text(supervisor, 'approve-modal')).toContain('全额通过（¥23.75）');
      await supervisor.locator('[data-testid="approve-confirm"]:not([disabled])').click();
      await expect.poll(() => caseState(supervisor)).toMatch(/^(退款中|已退款)$/);

      await untilRefunded(buyer);
      await openOrderPage(buyer, orderNo);
      const refundedRow = keyRows(buyer).filter({ has: buyer.getByTestId('card-key-refunded') });
      expect(await refundedRow.count()).toBe(1);
      expect(await refundedRow.getAttribute('data-row-key')).not.toBe(revealedKey);
      expect(await refundedRow.getByTestId('card-key-refunded').textContent()).toBe('已退款作废');
      expect(await refundedRow.getByTestId('card-key-refund-link').textContent()).toBe(refundNo);
      expect(await refundedRow.locator('button').count()).toBe(0);
      // The revealed key is still the buyer's: viewable again, without asking (it was seen before).
      await buyer.locator(`tr[data-row-key="${revealedKey}"] [data-testid="card-key-reveal"]`).click();
      await buyer.locator(`tr[data-row-key="${revealedKey}"] [data-testid="card-key-secret"]`).waitFor();
      expect(await buyer.getByTestId('card-key-confirm-text').count()).toBe(0);

      const state = buyer.getByTestId('order-detail').getByTestId('order-refund-state');
      expect(await state.getAttribute('data-state')).toBe('partly_refunded');
      expect(await state.textContent()).toBe('部分退款 ¥23.75');
      const record = buyer.getByTestId('order-refunds').locator(`tbody tr[data-row-key="${refundNo}"]`);
      expect(await record.getByTestId('order-refund-amount').textContent()).toBe('已批准 ¥23.75');
      expect(await buyer.getByTestId('order-event-refund-link').count()).toBeGreaterThan(0);
      await buyer.screenshot({ path: screenshotPath('integrity-key-refunded'), fullPage: true });
      // On a phone: the header's tags and the keys' states wrap rather than overflow.
      await buyer.setViewportSize({ width: 390, height: 844 });
      await buyer.screenshot({ path: screenshotPath('integrity-key-refunded-mobile') });
      await buyer.getByTestId('card-keys').scrollIntoViewIfNeeded();
      await buyer.screenshot({ path: screenshotPath('integrity-key-refunded-mobile-keys') });
    },
    long,
  );

  it(
    'disputes the fee kept after a refund as a case of its own, which a supervisor pays back',
    async () => {
      const product = await cardKeyProduct(1, 2000);
      const buyer = await signedIn('buyer');
      const orderNo = await purchase(buyer, product.id, 1);
      // Refunded less its 5% fee (¥1.00), set up through the API: the dispute is what is clicked.
      const applied = await api<{ refundNo: string }>(
        buyer,
        'POST',
        '/api/refunds',
        {
          orderNo,
          type: 'not_as_described',
          description: `订单号${orderNo}今天购买，卡密面值与描述不符，卡密未提取`,
        },
        crypto.randomUUID(),
      );
      const supervisor = await signedIn('supervisor');
      const review = await api<{ version: number; currentQuote: { amountFen: number } }>(
        supervisor,
        'GET',
        `/api/review/${applied.refundNo}`,
      );
      await api(supervisor, 'POST', `/api/review/${applied.refundNo}/approve`, {
        expectedVersion: review.version,
        quotedFen: review.currentQuote.amountFen,
      });
      await goto(buyer, `/buyer/refunds/${applied.refundNo}`);
      await untilRefunded(buyer);
      expect(await text(buyer, 'case-fee')).toBe('¥1.00');

      await buyer.getByTestId('case-dispute-fee').click();
      await buyer.getByTestId('dispute-fee-modal').waitFor();
      expect(await buyer.getByTestId('dispute-fee-modal').textContent()).toContain(
        '本单退款时扣除了手续费 ¥1.00',
      );
      await buyer.getByTestId('dispute-fee-text').fill('卡密未提取就退款了，商家发错面值，不应扣平台服务费');
      await buyer.screenshot({ path: screenshotPath('integrity-fee-dispute-dialog'), fullPage: true });
      await buyer.locator('[data-testid="dispute-fee-confirm"]:not([disabled])').click();
      const link = buyer.getByTestId('case-fee-dispute-link');
      await link.waitFor();
      const disputeNo = ((await link.textContent()) ?? '').trim();
      expect(disputeNo).toMatch(/^R\d+$/);
      expect(disputeNo).not.toBe(applied.refundNo);
      await link.click();
      await buyer.waitForURL((current) => current.pathname === `/buyer/refunds/${disputeNo}`);
      await buyer.getByTestId('case-disputed-link').filter({ hasText: applied.refundNo }).waitFor();
      expect(await text(buyer, 'case-type')).toBe('手续费争议');
      expect(await text(buyer, 'case-amount')).toBe('¥1.00');
      await buyer.screenshot({ path: screenshotPath('integrity-fee-dispute-case'), fullPage: true });

      await openWorkbench(supervisor, disputeNo);
      await supervisor.getByTestId('case-approve').click();
      expect(await text(supervisor, 'approve-modal')).toContain('全额通过（¥1.00）');
      await supervisor.locator('[data-testid="approve-confirm"]:not([disabled])').click();
      await expect.poll(() => caseState(supervisor)).toMatch(/^(退款中|已退款)$/);
      await untilRefunded(buyer);

      // Everything paid came back: the trade is closed, and 我的退款 shows what was approved.
      await openOrderPage(buyer, orderNo);
      const state = buyer.getByTestId('order-detail').getByTestId('order-refund-state');
      expect(await state.getAttribute('data-state')).toBe('refunded');
      expect(await state.textContent()).toBe('已全额退款（交易关闭）');
      expect(await buyer.getByTestId('order-detail').getByTestId('order-status').count()).toBe(0);
      expect(await buyer.getByTestId('order-refund').count()).toBe(0);
      await goto(buyer, '/buyer/refunds');
      const row = buyer.locator(`[data-testid="refund-table"] tbody tr[data-row-key="${applied.refundNo}"]`);
      expect(await row.getByTestId('refund-amount').textContent()).toBe('已批准 ¥19.00');
    },
    long,
  );

  it(
    'warns admins that 2027 has no holidays until they are entered and published',
    async () => {
      const admin = await signedIn('admin');
      await goto(admin, '/admin/ledger');
      const warning = admin.locator('[data-testid="admin-warning"][data-code="CALENDAR.MISSING_YEAR"]');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('2027 年的法定节假日尚未录入');
      await admin.screenshot({ path: screenshotPath('integrity-admin-warning'), fullPage: true });

      await warning.getByTestId('admin-warning-link').click();
      await admin.waitForURL((current) => current.pathname === '/admin/holidays');
      const page = admin.locator('[data-testid="admin-holidays"][data-year="2027"]');
      await page.waitFor();
      const version = await text(admin, 'holidays-version');
      // 元旦 2027: Friday 1 January to Sunday 3 January.
      const range = admin.getByTestId('holidays-range-picker').locator('input');
      await range.nth(0).click();
      await range.nth(0).fill('2027-01-01');
      await range.nth(0).press('Enter');
      await range.nth(1).fill('2027-01-03');
      await range.nth(1).press('Enter');
      await admin.locator('[data-testid="holidays-add-range"]:not([disabled])').click();
      const added = admin.locator(
        '[data-testid="holiday-range"][data-from="2027-01-01"][data-to="2027-01-03"]',
      );
      await added.waitFor();
      expect(await added.textContent()).toContain('3 天');
      // Dates alone do not make the year complete: it must be marked entered before publishing.
      await admin.getByTestId('holidays-need-entered').waitFor();
      expect(await admin.getByTestId('holidays-publish').isDisabled()).toBe(true);
      await admin.getByTestId('holidays-year-entered').click();
      await admin.screenshot({ path: screenshotPath('integrity-holidays-edit'), fullPage: true });
      await admin.locator('[data-testid="holidays-publish"]:not([disabled])').click();
      await admin.getByTestId('note-input').fill('录入 2027 年元旦假期');
      await admin.getByTestId('note-ok').click();
      await admin.getByTestId('note-modal').waitFor({ state: 'hidden' });
      await expect.poll(() => text(admin, 'holidays-version')).not.toBe(version);
      await expect.poll(() => admin.getByTestId('admin-warning').count()).toBe(0);
      await admin.screenshot({ path: screenshotPath('integrity-holidays-published'), fullPage: true });
      await admin.setViewportSize({ width: 390, height: 844 });
      await admin.screenshot({ path: screenshotPath('integrity-holidays-mobile'), fullPage: true });
      await admin.setViewportSize({ width: 1280, height: 800 });

      // Gone on every admin page, and the calendar in force has the year.
      await goto(admin, '/admin/policy');
      await admin.getByTestId('admin-policy').waitFor();
      await admin.waitForLoadState('networkidle');
      expect(await admin.getByTestId('admin-warning').count()).toBe(0);
      const calendar = await api<{ calendar: { years: number[]; holidays: string[] } }>(
        admin,
        'GET',
        '/api/admin/calendar',
      );
      expect(calendar.calendar.years).toContain(2027);
      expect(calendar.calendar.holidays).toEqual(
        expect.arrayContaining(['2027-01-01', '2027-01-02', '2027-01-03']),
      );
    },
    long,
  );
});
