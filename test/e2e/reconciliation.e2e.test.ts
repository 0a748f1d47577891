import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { currentDay, parseReconDay } from '../../src/core/reconciliation/day.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import { yuan } from './case-steps.ts';

// One app for the file: the seed's approved demo cases are paid out through the in-process gateway
// simulator by the workers, so today has channel payouts to reconcile.
const { signedIn, app } = browserApp(startAppWithContext);

/** Types the day into the 对账日期 picker and confirms it. */
async function pickDay(page: Page, day: string): Promise<void> {
  // antd puts the test id on the picker's input or on its wrapper, depending on the version.
  const input = page.locator('input[data-testid="recon-day"], [data-testid="recon-day"] input').first();
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  expect(await input.inputValue()).toBe(day);
}

/** Runs the chosen day and waits for the new run's details. */
async function runNow(page: Page, previousRunId: string | null): Promise<string> {
  await page.getByTestId('recon-run').click();
  const detail = page.locator(
    `[data-testid="recon-detail"]${previousRunId ? `:not([data-run-id="${previousRunId}"])` : ''}`,
  );
  await detail.getByTestId('recon-summary').waitFor();
  return (await detail.getAttribute('data-run-id'))!;
}

/**
 * A channel payout the workers have paid out today (the seed approves two cases) — settled inside today's
 * window, so today's run counts it (a day's run takes the payouts created or settled in it): the seed's
 * backdated history has paid payouts of earlier days too, and the first of those to be paid could
 * otherwise be picked (its day is not the one reconciled). Not "created today" as well: the seed's
 * approvals are backdated by a day or more, so in the first hours of a Beijing day (16:00–01:00 UTC)
 * none was, and the test failed by the clock.
 */
async function paidChannelPayout(): Promise<{ no: string; amountFen: number }> {
  const { ctx } = app();
  const today = parseReconDay(currentDay(new Date()), new Date());
  if (!today.ok) throw new Error('today is not a reconcilable day');
  const { from, to } = today.window;
  let found: { out_refund_no: string; amount_fen: number } | undefined;
  await expect
    .poll(
      async () => {
        const rows = await ctx.db.execute<{ out_refund_no: string; amount_fen: number }>(sql`
          SELECT out_refund_no, amount_fen FROM payout_attempt
          WHERE status = 'succeeded' AND channel IN ('alipay', 'wechatpay')
            AND settled_at >= ${from.toISOString()}::timestamptz AND settled_at < ${to.toISOString()}::timestamptz
          ORDER BY id LIMIT 1`);
        found = rows.rows[0];
        return found !== undefined;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
  return { no: found!.out_refund_no, amountFen: Number(found!.amount_fen) };
}

describe('reconciliation (对账)', () => {
  it('the admin reconciles today: 平; after a forced disagreement, 不平 with the payout’s row', async () => {
    const paid = await paidChannelPayout();
    const today = currentDay(new Date());
    const page = await signedIn('admin');
    await page.getByTestId('menu-adminReconciliation').click();
    await page.getByTestId('recon-page').waitFor();
    expect(await page.getByTestId('recon-page').textContent()).toContain('每天凌晨 2:30');

    await pickDay(page, today);
    const first = await runNow(page, null);
    const detail = page.getByTestId('recon-detail');
    expect(await text(page, 'recon-summary')).toMatch(/^核对 [1-9]\d* 笔出款，不平 0 笔$/);
    expect(await detail.getByTestId('recon-result').textContent()).toBe('平');
    await detail.getByTestId('recon-clean').waitFor();
    const firstRow = page.getByTestId('recon-runs').locator(`tr[data-row-key="${first}"]`);
    expect(await firstRow.getByTestId('recon-run-day').textContent()).toBe(`${today} 第 1 次`);
    expect(await firstRow.getByTestId('recon-run-status').textContent()).toBe('已完成');
    expect(await firstRow.getByTestId('recon-result').getAttribute('data-balanced')).toBe('true');
    await page.screenshot({ path: screenshotPath('reconciliation-balanced'), fullPage: true });

    // Our record of a paid refund now says 1 yuan less than the channel paid.
    await app().ctx.db.execute(
      sql`UPDATE payout_attempt SET amount_fen = amount_fen - 100 WHERE out_refund_no = ${paid.no}`,
    );
    const second = await runNow(page, first);
    expect(await text(page, 'recon-summary')).toMatch(/，不平 1 笔$/);
    const mismatch = page.getByTestId('recon-mismatches').locator('tbody tr[data-row-key]');
    await mismatch.first().waitFor();
    expect(await mismatch.count()).toBe(1);
    expect(await mismatch.getByTestId('mismatch-no').textContent()).toBe(paid.no);
    expect(await mismatch.getByTestId('mismatch-kind').textContent()).toBe('金额不符');
    expect(await mismatch.getByTestId('mismatch-ours').textContent()).toBe(
      `已退款${yuan(paid.amountFen - 100)}`,
    );
    expect(await mismatch.getByTestId('mismatch-theirs').textContent()).toBe(`已退款${yuan(paid.amountFen)}`);
    const secondRow = page.getByTestId('recon-runs').locator(`tr[data-row-key="${second}"]`);
    expect(await secondRow.getByTestId('recon-result').textContent()).toBe('不平');
    expect(await secondRow.getByTestId('recon-run-day').textContent()).toBe(`${today} 第 2 次`);
    expect(await text(page, 'recon-detail-title')).toBe(`${today} 第 2 次对账明细`);
    expect(await secondRow.getByTestId('recon-run-mismatched').textContent()).toBe('1');
    await page.screenshot({ path: screenshotPath('reconciliation-mismatch'), fullPage: true });

    // The earlier run is still there, and still 平.
    await firstRow.click();
    await page
      .locator(`[data-testid="recon-detail"][data-run-id="${first}"] [data-testid="recon-clean"]`)
      .waitFor();

    await page.getByTestId('lang-en').click();
    await page.getByText('Everything agrees: payouts, channels and ledger').waitFor();
    await secondRow.click();
    await page.getByTestId('mismatch-kind').filter({ hasText: 'Amount differs' }).waitFor();
    await page.screenshot({ path: screenshotPath('reconciliation-mismatch-en'), fullPage: true });
  });
});
