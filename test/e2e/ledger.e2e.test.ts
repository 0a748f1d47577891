import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserApp, screenshotPath, text } from './browser.ts';

// One app for the file. The admin test books a manual entry and reverses it, so the books end as they
// began; the merchant test books its own entries (through the admin API) before it looks.
const { signedIn } = browserApp();

/** "¥12.34", "+¥12.34", "-¥12.34" → signed integer fen, by string and integer maths. */
function fen(amount: string): number {
  const match = /^([+-]?)¥(\d+)\.(\d{2})$/.exec(amount.trim());
  if (!match) throw new Error(`not an amount: ${amount}`);
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
}

/** A JSON request from the page's session, with its CSRF token, as the web app sends it. */
async function api(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = /(?:^|;\s*)kameng_csrf=([^;]*)/.exec(document.cookie)?.[1];
      const response = await fetch(path, {
        method,
        headers: {
          'Content-Type': 'application/json',
          ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    { method, path, body },
  );
}

const accountRow = (page: Page, path: string) => page.locator(`tr[data-row-key="${path}"]`);

async function balanceOf(page: Page, path: string): Promise<number> {
  return fen(((await accountRow(page, path).getByTestId('account-balance').textContent()) ?? '').trim());
}

/** The signed amounts of the postings in the open transaction drawer, by account. */
async function postings(page: Page): Promise<Record<string, number>> {
  const rows = page.getByTestId('txn-postings').locator('tbody tr[data-row-key]');
  const out: Record<string, number> = {};
  for (const row of await rows.all()) {
    const account = (await row.getAttribute('data-row-key')) ?? '';
    out[account] = Number(await row.getByTestId('posting-amount').getAttribute('data-fen'));
  }
  return out;
}

async function openTxn(page: Page, id: number) {
  await page.locator(`[data-testid="txn-detail"][data-txn-id="${id}"]`).waitFor();
}

/**
 * Picks the manual entry's kind from its dropdown. A click that lands while the dropdown is still
 * opening can go unseen, so it tries again until the choice shows.
 */
async function chooseKind(page: Page, kind: string) {
  const select = page.getByTestId('manual-kind');
  await expect
    .poll(
      async () => {
        if ((await select.getByTestId(`manual-kind-${kind}`).count()) > 0) return true;
        await select.click();
        await page
          .locator(`.ant-select-dropdown [data-testid="manual-kind-${kind}"]`)
          .click({ timeout: 3000 })
          .catch(() => undefined);
        return (await select.getByTestId(`manual-kind-${kind}`).count()) > 0;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

async function fillLine(page: Page, index: number, account: string, amount: string) {
  const line = page.getByTestId(`manual-line-${index}`);
  await line.locator('input').first().fill(account);
  await line.getByTestId('manual-amount').fill(amount);
}

describe('admin books (账本)', () => {
  it('shows the balanced books, an account, a transaction, books a manual entry and reverses it', async () => {
    const admin = await signedIn('admin');
    await admin.getByTestId('menu-adminLedger').click();
    const banner = admin.getByTestId('ledger-balance');
    await banner.waitFor();
    expect(await banner.getAttribute('data-balanced')).toBe('true');
    expect(await text(admin, 'ledger-balance-tag')).toBe('借贷平衡');
    for (const group of ['platform', 'channel', 'merchant', 'buyer'])
      await admin.getByTestId(`ledger-group-${group}`).waitFor();
    expect(await accountRow(admin, 'platform:escrow').getByTestId('account-name').textContent()).toBe('托管');
    expect(await accountRow(admin, 'platform:guarantee').getByTestId('account-name').textContent()).toBe(
      '担保金',
    );
    await admin.screenshot({ path: screenshotPath('ledger-accounts'), fullPage: true });

    // The filter narrows by path; the other groups disappear.
    await admin.getByTestId('ledger-filter').fill('escrow');
    await admin.getByTestId('ledger-group-merchant').waitFor({ state: 'detached' });
    expect(await admin.locator('tr[data-row-key]').count()).toBe(1);
    await admin.getByTestId('ledger-filter').fill('');
    await admin.getByTestId('ledger-group-buyer').waitFor();

    // Escrow's entries: the balance on top matches the list — or, where money moved in between (the
    // workers settle orders into the merchants' accounts in the background), the books as they are now;
    // fifty entries at a time.
    const escrowFen = await balanceOf(admin, 'platform:escrow');
    expect(escrowFen).toBeGreaterThan(0);
    await accountRow(admin, 'platform:escrow').click();
    await admin.waitForURL((current) => current.pathname === '/admin/ledger/platform%3Aescrow');
    const shownFen = fen(await text(admin, 'entries-balance'));
    if (shownFen !== escrowFen) {
      const books = await api(admin, 'GET', '/api/admin/ledger/accounts');
      const items = books.body.items as { path: string; balanceFen: number }[];
      expect(shownFen).toBe(items.find((a) => a.path === 'platform:escrow')?.balanceFen);
    }
    const entryRows = admin.getByTestId('entries-table').locator('tbody tr[data-row-key]');
    await entryRows.first().waitFor();
    expect(await entryRows.first().getByTestId('entry-amount').textContent()).toMatch(/^[+-]¥\d+\.\d{2}$/);
    expect(await entryRows.first().locator('td').first().textContent()).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
    );
    await admin.screenshot({ path: screenshotPath('ledger-entries') });
    if ((await entryRows.count()) === 50) {
      await admin.getByTestId('entries-more').click();
      await expect.poll(() => entryRows.count()).toBeGreaterThan(50);
    }

    // A transaction: its postings balance.
    const firstTxn = Number(
      ((await entryRows.first().getByTestId('entry-txn').textContent()) ?? '').slice(1),
    );
    await entryRows.first().click();
    await openTxn(admin, firstTxn);
    expect(await text(admin, 'txn-sum')).toBe('¥0.00');
    const firstPostings = await postings(admin);
    expect(Object.values(firstPostings).reduce((a, b) => a + b, 0)).toBe(0);
    expect(Object.keys(firstPostings)).toContain('platform:escrow');
    await admin.screenshot({ path: screenshotPath('ledger-txn') });
    await admin.locator('.ant-drawer-close').click();
    await admin.getByTestId('txn-detail').waitFor({ state: 'detached' });
    await admin.getByTestId('ledger-back').click();
    await banner.waitFor();

    // The server refuses an unbalanced entry whoever sends it.
    const unbalanced = await api(admin, 'POST', '/api/admin/ledger/txns', {
      kind: 'funding',
      memo: '不平衡的分录',
      postings: [
        { account: 'platform:funding', amountFen: -100 },
        { account: 'platform:guarantee', amountFen: 99 },
      ],
    });
    expect(unbalanced.status).toBeGreaterThanOrEqual(400);
    expect(unbalanced.status).toBeLessThan(500);
    expect(unbalanced.body.error.code).toBe('LEDGER.UNBALANCED');

    // 手工分录: funding tops up the guarantee fund by ¥100.05.
    const guaranteeFen = await balanceOf(admin, 'platform:guarantee');
    await admin.getByTestId('manual-open').click();
    await admin.getByTestId('manual-modal').waitFor();
    const submit = admin.getByTestId('manual-submit');
    expect(await submit.isDisabled()).toBe(true);
    await chooseKind(admin, 'funding');
    await admin.getByTestId('manual-memo').fill('E2E：注资担保金');
    // Balanced, but fee income holds only a few yuan: the server's refusal is shown in its words.
    await fillLine(admin, 0, 'platform:fee_income', '-1000');
    await fillLine(admin, 1, 'platform:guarantee', '1000');
    await admin.locator('[data-testid="manual-submit"]:not([disabled])').click();
    const refusal = admin.getByTestId('manual-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('LEDGER.INSUFFICIENT_FUNDS');
    expect(await refusal.textContent()).toContain('账户余额不足');
    // Off by six fen: the sum says so and the entry cannot be sent.
    await fillLine(admin, 0, 'platform:funding', '-100.05');
    await fillLine(admin, 1, 'platform:guarantee', '100.11');
    const sum = admin.getByTestId('manual-sum');
    await expect.poll(() => sum.getAttribute('data-sum-fen')).toBe('6');
    expect(await sum.textContent()).toContain('不平衡，差额 ¥0.06');
    expect(await submit.isDisabled()).toBe(true);
    await admin.screenshot({ path: screenshotPath('ledger-manual-unbalanced') });
    await admin.getByTestId('manual-line-1').getByTestId('manual-amount').fill('100.05');
    await expect.poll(() => sum.getAttribute('data-sum-fen')).toBe('0');
    expect(await sum.textContent()).toContain('借贷平衡');
    await admin.locator('[data-testid="manual-submit"]:not([disabled])').click();

    // The drawer opens on the new transaction.
    const detail = admin.getByTestId('txn-detail');
    await detail.waitFor();
    const manualId = Number(await detail.getAttribute('data-txn-id'));
    expect(await text(admin, 'txn-memo')).toBe('E2E：注资担保金');
    expect(await detail.getByTestId('txn-kind').textContent()).toBe('注资');
    expect(await postings(admin)).toEqual({ 'platform:funding': -10005, 'platform:guarantee': 10005 });
    await expect.poll(() => balanceOf(admin, 'platform:guarantee')).toBe(guaranteeFen + 10005);

    // 冲正: confirm, give the reason, and the reversal is booked beside it.
    await admin.getByTestId('txn-reverse').click();
    await admin.getByTestId('txn-reverse-confirm').click();
    await admin.getByTestId('reverse-modal').waitFor();
    expect(await admin.getByTestId('reverse-submit').isDisabled()).toBe(true);
    await admin.getByTestId('reverse-memo').fill('E2E：冲正测试分录');
    await admin.screenshot({ path: screenshotPath('ledger-reverse') });
    await admin.locator('[data-testid="reverse-submit"]:not([disabled])').click();
    await admin.getByTestId('reverse-modal').waitFor({ state: 'detached' });
    const reversal = admin.locator(`[data-testid="txn-detail"]:not([data-txn-id="${manualId}"])`);
    await reversal.waitFor();
    expect(await reversal.getByTestId('txn-kind').textContent()).toBe('冲正');
    expect(await text(admin, 'txn-reverses')).toBe(`交易 #${manualId}`);
    expect(await postings(admin)).toEqual({ 'platform:funding': 10005, 'platform:guarantee': -10005 });
    await admin.screenshot({ path: screenshotPath('ledger-reversal') });
    await admin.getByTestId('txn-reverses').click();
    await openTxn(admin, manualId);
    // The original now links to its reversal and cannot be reversed a second time.
    await expect.poll(() => text(admin, 'txn-reversed-by')).not.toBe('');
    expect(await admin.getByTestId('txn-reverse').isVisible()).toBe(false);

    await admin.locator('.ant-drawer-close').click();
    await expect.poll(() => balanceOf(admin, 'platform:guarantee')).toBe(guaranteeFen);
    expect(await banner.getAttribute('data-balanced')).toBe('true');
  });
});

describe('merchant funds (资金)', () => {
  it('shows the four figures, pending orders and entries, withdraws, and warns of an advance owed', async () => {
    const merchant = await signedIn('merchant');
    const admin = await signedIn('admin');
    const { body: me } = await api(merchant, 'GET', '/api/me');
    const merchantId: number = me.user.merchantId;

    // The platform books ¥50.00 to the shop's balance (a correction, as an admin would).
    const credit = await api(admin, 'POST', '/api/admin/ledger/txns', {
      kind: 'settlement',
      memo: 'E2E：补记结算',
      postings: [
        { account: 'platform:funding', amountFen: -5000 },
        { account: `merchant:${merchantId}:balance`, amountFen: 5000 },
      ],
    });
    expect(credit.status).toBe(201);

    await merchant.getByTestId('menu-merchantFunds').click();
    await merchant.getByTestId('merchant-funds').waitFor();
    const balance = merchant.getByTestId('funds-balance');
    await merchant.locator('[data-testid="funds-balance"][data-fen]').waitFor();
    const { body: funds } = await api(merchant, 'GET', '/api/merchant/funds');
    expect(fen(await text(merchant, 'funds-balance'))).toBe(funds.balanceFen);
    expect(funds.balanceFen).toBeGreaterThanOrEqual(5000);
    expect(fen(await text(merchant, 'funds-frozen'))).toBe(funds.frozenFen);
    expect(fen(await text(merchant, 'funds-deposit'))).toBe(funds.depositFen);
    expect(fen(await text(merchant, 'funds-receivable'))).toBe(funds.receivableFen);
    expect(await text(merchant, 'funds-frozen-hint')).toBe(`订单完成 ${funds.freezeDays} 天后结算到可用余额`);
    // Ten to a page.
    expect(await merchant.getByTestId('funds-pending').locator('tbody tr[data-row-key]').count()).toBe(
      Math.min(funds.pending.length, 10),
    );
    const entryRows = merchant.getByTestId('funds-entries').locator('tbody tr[data-row-key]');
    const newest = entryRows.first();
    expect(await newest.getByTestId('txn-kind').textContent()).toBe('结算');
    expect(await newest.getByTestId('funds-entry-amount').textContent()).toBe('+¥50.00');
    expect(await newest.getByTestId('entry-account').textContent()).toBe('余额');
    // An order's entries link to the shop's order page.
    const orderRef = merchant.getByTestId('funds-entries').getByTestId('funds-entry-order').first();
    expect(await orderRef.getAttribute('href')).toMatch(/^\/merchant\/orders\/\d+$/);
    await merchant.screenshot({ path: screenshotPath('funds-page'), fullPage: true });

    // 提现: more than the balance is refused here; ¥20.05 goes through.
    await merchant.getByTestId('funds-withdraw').click();
    await merchant.getByTestId('withdraw-modal').waitFor();
    const amount = merchant.getByTestId('withdraw-amount');
    await amount.fill(String(Math.trunc(funds.balanceFen / 100) + 1));
    await merchant.getByText('超过可用余额').waitFor();
    expect(await merchant.getByTestId('withdraw-submit').isDisabled()).toBe(true);
    await amount.fill('20.055');
    await merchant.getByText('请输入大于 0、最多两位小数的金额').waitFor();
    await amount.fill('20.05');
    const withdrawSubmit = merchant.locator('[data-testid="withdraw-submit"]:not([disabled])');
    await withdrawSubmit.waitFor();
    // The earlier messages leave with an animation, sometimes two at once: wait until none is left (a
    // single-element wait refuses to match two).
    await expect.poll(() => merchant.locator('.ant-form-item-explain-error').count()).toBe(0);
    await merchant.screenshot({ path: screenshotPath('funds-withdraw') });
    await withdrawSubmit.click();
    await merchant.getByTestId('withdraw-modal').waitFor({ state: 'detached' });
    await expect.poll(async () => fen((await balance.textContent()) ?? '')).toBe(funds.balanceFen - 2005);
    await expect.poll(() => newest.getByTestId('funds-entry-amount').textContent()).toBe('-¥20.05');
    expect(await newest.getByTestId('txn-kind').textContent()).toBe('提现');

    // The guarantee fund advanced a refund for the shop: the figure turns red and withdrawing waits.
    const advance = await api(admin, 'POST', '/api/admin/ledger/txns', {
      kind: 'advance',
      memo: 'E2E：先行垫付',
      postings: [
        { account: 'platform:advances', amountFen: -800 },
        { account: `merchant:${merchantId}:receivable`, amountFen: 800 },
      ],
    });
    expect(advance.status).toBe(201);
    await merchant.reload();
    const receivable = merchant.getByTestId('funds-card-receivable');
    await merchant.locator('[data-testid="funds-card-receivable"][data-alert="true"]').waitFor();
    expect(fen(await text(merchant, 'funds-receivable'))).toBe(funds.receivableFen + 800);
    expect(await receivable.textContent()).toContain('平台已为您先行垫付退款，将从保证金或后续结算中扣回');
    await merchant.screenshot({ path: screenshotPath('funds-receivable'), fullPage: true });
    await merchant.getByTestId('funds-withdraw').click();
    await merchant.getByTestId('withdraw-blocked').waitFor();
    expect(await merchant.getByTestId('withdraw-submit').isDisabled()).toBe(true);
    await merchant.locator('.ant-modal-close').click();
    await merchant.getByTestId('withdraw-modal').waitFor({ state: 'detached' });

    await merchant.getByTestId('lang-en').click();
    await merchant.getByText('Available balance').waitFor();
    await merchant.screenshot({ path: screenshotPath('funds-page-en'), fullPage: true });
  });
});
