import { describe, expect, it } from 'vitest';
import { orderScreenshot } from '../helpers/screenshots.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import { buy, claim, openWorkbench } from './case-steps.ts';

// Issue 15: evidence checks run in the background after an upload (the app's own worker, OCR included);
// the buyer is told when the order number cannot be read, the agent sees each image's checks.
const { signedIn, app } = browserApp(startAppWithContext);

const cardKey = '腾讯Q币 30 元卡密';

async function pick(page: import('playwright-core').Page, name: string, png: Buffer, uploaded: number) {
  await page
    .getByTestId('refund-evidence')
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'image/png', buffer: png });
  await page.locator(`[data-testid="refund-evidence"][data-uploaded="${uploaded}"]`).waitFor();
}

describe('evidence checks', () => {
  it('tell the buyer the order number was not read, and show the agent each image checked', async () => {
    const buyer = await signedIn('buyer');
    const orderNo = await buy(buyer, cardKey);
    const paid = await text(buyer, 'detail-paid');
    await buyer.getByTestId('order-refund').click();
    await buyer.waitForURL((current) => current.pathname === '/buyer/refunds/new');
    await buyer.getByTestId('refund-type-not_as_described').click();

    // A screenshot without the order number: the hint comes once the worker has read it.
    await pick(
      buyer,
      '充值记录.png',
      await orderScreenshot(['充值失败', '请联系客服处理', `实付金额：${paid}`]),
      1,
    );
    const hint = buyer.getByTestId('evidence-order-hint');
    await hint.waitFor({ timeout: 90_000 });
    expect(await hint.textContent()).toContain('充值记录.png：未能识别订单号，请上传包含订单号的完整截图');
    await buyer.screenshot({ path: screenshotPath('evidence-checks-buyer-hint'), fullPage: true });

    // The full screenshot: its order number is read, no second hint.
    await pick(
      buyer,
      '订单详情.png',
      await orderScreenshot(['发货成功', `订单号：${orderNo}`, `实付金额：${paid}`]),
      2,
    );
    await buyer
      .getByTestId('refund-description')
      .fill(`订单号${orderNo}，今天购买的卡密面值与商品页面描述不符，请核实`);
    await buyer.locator('[data-testid="refund-submit"]:not([disabled])').click();
    await buyer.waitForURL(/\/buyer\/refunds\/R\d+$/);
    const refundNo = await text(buyer, 'case-refund-no');

    const agent = await signedIn('agent');
    await openWorkbench(agent, refundNo);
    await claim(agent);
    const checks = agent.getByTestId('evidence-checks');
    await checks.waitFor();
    // Both images checked (the page looks again while any check is pending).
    await expect
      .poll(() => agent.locator('[data-testid="evidence-check"][data-status="pending"]').count(), {
        timeout: 90_000,
        interval: 1000,
      })
      .toBe(0);
    const good = checks.getByTestId('evidence-checked').filter({ hasText: '订单详情.png' });
    expect(await good.locator('[data-kind="ocr"]').getAttribute('data-status')).toBe('ok');
    expect(await good.locator('[data-kind="ocr"]').textContent()).toContain(`订单号一致 ${paid}`);
    expect(await good.getByTestId('ocr-region').count()).toBeGreaterThan(0);
    const bad = checks.getByTestId('evidence-checked').filter({ hasText: '充值记录.png' });
    expect(await bad.locator('[data-kind="ocr"]').textContent()).toContain('未识别到订单号');
    const summary = agent.getByTestId('evidence-check-summary');
    expect(await summary.textContent()).toContain('2 个文件');
    expect(await summary.getAttribute('data-fail')).toBe('1');
    await checks.scrollIntoViewIfNeeded();
    await agent.screenshot({ path: screenshotPath('evidence-checks-workbench'), fullPage: true });
  }, 240_000);

  it("show on the demo cases after start: the order number read, not read, and another account's copy", async () => {
    const { rows } = await app().ctx.pool.query(
      `SELECT c.refund_no, u.username FROM evidence e JOIN refund_case c ON c.id = e.case_id
       JOIN app_user u ON u.id = c.buyer_id ORDER BY e.id LIMIT 3`,
    );
    // Seeded at start, before the first test's uploads: two on the demo buyer's case, one on another's.
    const demo = rows as { refund_no: string; username: string }[];
    expect(demo[0]!.refund_no).toBe(demo[1]!.refund_no);
    expect(demo[2]!.username).not.toBe(demo[0]!.username);
    const agent = await signedIn('agent');
    const statuses = async (refundNo: string) => {
      await openWorkbench(agent, refundNo);
      const checks = agent.getByTestId('evidence-checks');
      await checks.waitFor();
      await expect
        .poll(() => agent.locator('[data-testid="evidence-check"][data-status="pending"]').count(), {
          timeout: 90_000,
          interval: 1000,
        })
        .toBe(0);
      return checks;
    };
    const mine = await statuses(demo[0]!.refund_no);
    expect(await mine.locator('[data-kind="ocr"][data-status="ok"]').count()).toBe(1);
    expect(await mine.locator('[data-kind="ocr"][data-status="fail"]').count()).toBe(1);
    const copy = await statuses(demo[2]!.refund_no);
    expect(await copy.locator('[data-kind="duplicate"]').getAttribute('data-status')).toBe('warn');
    expect(await copy.locator('[data-kind="duplicate"]').textContent()).toContain('与其他账户的凭证相同');
    await copy.scrollIntoViewIfNeeded();
    await agent.screenshot({ path: screenshotPath('evidence-checks-demo-copy'), fullPage: true });
  }, 240_000);
});
