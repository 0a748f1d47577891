import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { verifyCaseFileZip } from '../../src/modules/casefile/manifest.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import { applyForRefund, buy, goto } from './case-steps.ts';

// A buyer complains about a case from its page; a supervisor takes the complaint from 投诉处理, decides it
// with compensation from the guarantee fund; the buyer reads the outcome.
const { signedIn } = browserApp(startAppWithContext);

const wanmei = '完美世界一卡通 30 元';
const long = 240_000;

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  await page.screenshot({ path: screenshotPath(`complaints-${name}`), fullPage: true });
}

describe('complaints', () => {
  it(
    'a buyer files a complaint from the case page; a supervisor resolves it with compensation; the buyer downloads the case file',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, wanmei);
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '今天下午购买，卡密面值与描述不符',
      );

      await buyer.getByTestId('case-complain').click();
      await buyer.getByTestId('complain-kind').click();
      await buyer.locator('.ant-select-item-option').filter({ hasText: '处理太慢' }).click();
      await buyer.getByTestId('complain-text').fill('提交后一直没有人处理，影响了游戏活动');
      await shot(buyer, '1-buyer-files');
      await buyer.locator('[data-testid="complain-confirm"]:not([disabled])').click();
      await buyer.waitForURL(/\/buyer\/complaints\/C\d{14}$/);
      await buyer.getByTestId('complaint-detail').waitFor();
      const complaintNo = await text(buyer, 'complaint-no');
      expect(await buyer.getByTestId('complaint-state').getAttribute('data-state')).toBe('submitted');
      expect(await text(buyer, 'complaint-text')).toBe('提交后一直没有人处理，影响了游戏活动');
      await goto(buyer, '/buyer/complaints');
      await buyer.getByTestId('complaint-link').filter({ hasText: complaintNo }).waitFor();
      await shot(buyer, '2-buyer-list');

      const supervisor = await signedIn('supervisor');
      await goto(supervisor, '/agent/complaints');
      await supervisor.getByTestId('complaint-link').filter({ hasText: complaintNo }).click();
      await supervisor.getByTestId('complaint-detail').waitFor();
      await supervisor.getByTestId('complaint-accept').click();
      await supervisor.locator('[data-testid="complaint-state"][data-state="accepted"]').waitFor();
      await supervisor.getByTestId('case-complaint-resolve').click();
      await supervisor.getByTestId('complaint-outcome-actions').getByText('保障金赔付').click();
      await supervisor.getByTestId('complaint-compensation').fill('5');
      await supervisor.getByTestId('complaint-resolve-text').fill('审核确有延误，平台致歉并赔付 5 元');
      await shot(supervisor, '3-supervisor-resolves');
      await supervisor.locator('[data-testid="complaint-resolve-confirm"]:not([disabled])').click();
      await supervisor.locator('[data-testid="complaint-state"][data-state="resolved"]').waitFor();
      expect(await text(supervisor, 'complaint-outcome-line')).toContain('¥5.00');
      await shot(supervisor, '4-supervisor-resolved');

      await buyer.goto(new URL(`/buyer/complaints/${complaintNo}`, buyer.url()).href);
      await buyer.locator('[data-testid="complaint-state"][data-state="resolved"]').waitFor();
      expect(await text(buyer, 'complaint-explanation')).toBe('审核确有延误，平台致歉并赔付 5 元');
      await shot(buyer, '5-buyer-outcome');

      // The buyer builds the case file on the case page and downloads the zip; it verifies.
      await buyer.getByTestId('complaint-case-link').click();
      await buyer.getByTestId('case-detail').waitFor();
      await buyer.getByTestId('case-file-build').click();
      await buyer.locator('[data-testid="case-file"][data-state="ready"]').waitFor({ timeout: 60_000 });
      await shot(buyer, '6-buyer-case-file');
      const [download] = await Promise.all([
        buyer.waitForEvent('download'),
        buyer.getByTestId('case-file-zip').click(),
      ]);
      expect(download.suggestedFilename()).toBe(`案件档案-${refundNo}.zip`);
      const verified = verifyCaseFileZip(await readFile((await download.path())!));
      expect(verified).toMatchObject({ ok: true, refundNo });
      expect(verified.manifestSha256).toBe(await text(buyer, 'case-file-digest'));
      await buyer.goto(new URL(`/buyer/complaints/${complaintNo}`, buyer.url()).href);
      await buyer.getByTestId('complaint-detail').waitFor();
      expect(await text(buyer, 'complaint-outcome-line')).toContain('平台保障金已向您的余额赔付 ¥5.00');
      await buyer.getByTestId('complaint-actions').getByTestId('case-complaint-reopen').waitFor();
      expect(refundNo).toMatch(/^R\d{14}$/);
    },
    long,
  );

  it(
    "the help page on complaining and the admins' complaint statistics show the seeded complaints",
    async () => {
      const admin = await signedIn('admin');
      await goto(admin, '/help/complaints');
      await admin.getByTestId('help-complaints-outside').waitFor();
      expect(await admin.getByTestId('help-complaints-outside').textContent()).toContain('全国12315平台');
      expect(await admin.getByTestId('help-complaints-bring').textContent()).toContain('案件档案');
      await shot(admin, '7-help');
      await goto(admin, '/admin/complaints');
      await admin.getByTestId('complaint-stats-kind').locator('tbody tr').first().waitFor();
      expect(await admin.getByTestId('complaint-stats-merchant').locator('tbody tr').count()).toBeGreaterThan(
        0,
      );
      await shot(admin, '8-admin-stats');

      const merchant = await signedIn('merchant');
      await goto(merchant, '/merchant/complaints');
      await merchant.getByTestId('merchant-complaint-count').waitFor();
      await shot(merchant, '9-merchant-list');
    },
    long,
  );
});
