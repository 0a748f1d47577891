import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { verifyCaseFileZip } from '../../src/modules/casefile/manifest.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotWhenStill, text } from './browser.ts';
import { applyForRefund, buy, goto, upload } from './case-steps.ts';

// A buyer complains about a case from its page; a supervisor takes the complaint from 投诉处理, decides it
// with compensation from the guarantee fund; the buyer reads the outcome.
const { signedIn } = browserApp(startAppWithContext);

const wanmei = '完美世界一卡通 30 元';
/** The shop that sells it (demo login shop-yunduan). */
const yunduan = '云端游戏';
const long = 240_000;

function shot(page: Page, name: string): Promise<void> {
  return screenshotWhenStill(page, 'complaints', name);
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
      // Back on the case page, the open complaint is linked instead of a second 投诉 button.
      await goto(buyer, `/buyer/refunds/${refundNo}`);
      expect(await text(buyer, 'case-open-complaint')).toContain(complaintNo);
      expect(await buyer.getByTestId('case-complain').count()).toBe(0);

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
      // Below the figures, the complaints themselves; an admin opens one about a case, then the case with
      // its full case file (admins have no /agent section: the case opens under /admin/cases).
      await admin.getByTestId('complaints-filter').getByText('全部').click();
      const aboutCase = admin
        .getByTestId('complaints-table')
        .locator('tbody tr')
        .filter({ hasText: /R\d{14}/ })
        .first();
      await aboutCase.getByTestId('complaint-link').click();
      await admin.getByTestId('complaint-detail').waitFor();
      await admin.getByTestId('complaint-case-link').click();
      await admin.waitForURL(/\/admin\/cases\/R\d{14}$/);
      await admin.getByTestId('review-case').waitFor();
      await admin.getByTestId('case-file').waitFor();
      expect(await text(admin, 'case-file')).toContain('完整版');
      await shot(admin, '8b-admin-case-file');

      const merchant = await signedIn('merchant');
      await goto(merchant, '/merchant/complaints');
      await merchant.getByTestId('merchant-complaint-count').waitFor();
      await shot(merchant, '9-merchant-list');
    },
    long,
  );
  it(
    'a buyer complains about a shop with a screenshot; the shop sees the file, not the buyer; the supervisor sees its checks; the shop exports its case file',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, wanmei);
      const refundNo = await applyForRefund(buyer, orderNo, 'not_as_described', '卡密面值与描述不符');

      // 投诉商家 from 我的投诉: the shop, the words, a screenshot through the usual upload.
      await goto(buyer, '/buyer/complaints');
      await buyer.getByTestId('case-complain-merchant').click();
      await buyer.getByTestId('complain-merchant-select').click();
      await buyer.locator('.ant-select-item-option').filter({ hasText: yunduan }).click();
      await buyer.getByTestId('complain-merchant-text').fill('该店多次发错面值，客服不回复，附聊天截图');
      await upload(buyer, 'complain-merchant-evidence', '张小明-13812345678.png', [40, 110, 190], 1);
      await shot(buyer, '10-buyer-files-merchant-complaint');
      await buyer.locator('[data-testid="complain-merchant-confirm"]:not([disabled])').click();
      await buyer.waitForURL(/\/buyer\/complaints\/C\d{14}$/);
      await buyer.getByTestId('complaint-evidence').getByTestId('evidence-image').waitFor();
      const complaintNo = await text(buyer, 'complaint-no');
      expect(await text(buyer, 'complaint-evidence')).toContain('张小明-13812345678.png');
      await shot(buyer, '11-buyer-complaint-evidence');

      // The shop sees the picture under a neutral name, without the buyer's name.
      const shop = await signedIn('shop-yunduan');
      await goto(shop, `/merchant/complaints/${complaintNo}`);
      await shop.getByTestId('complaint-evidence').getByTestId('evidence-image').waitFor();
      const seen = await text(shop, 'complaint-detail');
      expect(seen).toContain('凭证-01.png');
      expect(seen).not.toContain('13812345678');
      expect(seen).not.toContain('张小明');
      const thumb = shop.getByTestId('complaint-evidence').locator('img').first();
      await shop.waitForFunction(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
        await thumb.elementHandle(),
      );
      await shot(shop, '12-merchant-sees-evidence');

      // The supervisor handling it sees the file and its evidence checks.
      const supervisor = await signedIn('supervisor');
      await goto(supervisor, `/agent/complaints/${complaintNo}`);
      await supervisor.getByTestId('complaint-evidence').getByTestId('evidence-checked').waitFor();
      expect(await text(supervisor, 'complaint-evidence')).toContain('张小明-13812345678.png');
      await shot(supervisor, '13-supervisor-sees-checks');

      // The shop builds the merchant edition of the case file on its case page and downloads it.
      await goto(shop, `/merchant/refunds/${refundNo}`);
      await shop.getByTestId('case-file').waitFor();
      expect(await text(shop, 'case-file')).toContain('买家姓名');
      await shop.getByTestId('case-file-build').click();
      await shop.locator('[data-testid="case-file"][data-state="ready"]').waitFor({ timeout: 60_000 });
      await shot(shop, '14-merchant-case-file');
      const [zip] = await Promise.all([
        shop.waitForEvent('download'),
        shop.getByTestId('case-file-zip').click(),
      ]);
      expect(zip.suggestedFilename()).toBe(`案件档案-${refundNo}-商家版.zip`);
      const verified = verifyCaseFileZip(await readFile((await zip.path())!));
      expect(verified).toMatchObject({ ok: true, refundNo });
      expect(verified.manifestSha256).toBe(await text(shop, 'case-file-digest'));
      const [pdf] = await Promise.all([
        shop.waitForEvent('download'),
        shop.getByTestId('case-file-pdf').click(),
      ]);
      expect(pdf.suggestedFilename()).toBe(`案件档案-${refundNo}-商家版.pdf`);

      // Another shop reaches neither the complaint nor the case.
      const other = await signedIn('shop-jisu');
      await goto(other, `/merchant/complaints/${complaintNo}`);
      await other.getByTestId('complaint-not-found').getByText('投诉不存在或无权查看').waitFor();
      // Its way back is this shop's own complaint list.
      await other.getByRole('button', { name: '返回投诉列表' }).click();
      await other.waitForURL('**/merchant/complaints');
      await goto(other, `/merchant/refunds/${refundNo}`);
      await other.getByTestId('case-not-found').waitFor();
    },
    long,
  );
});
