import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import { applyForRefund, buy, caseState, claim, goto, openWorkbench, untilRefunded } from './case-steps.ts';

// Issue 18 items 5–7: search and CSV export on the case lists, the admin audit log, the buyer's wallet.
const { signedIn, app } = browserApp(startAppWithContext);

const long = 240_000;

/** Clicks an export button and reads the downloaded file: BOM, then CSV lines. */
async function download(page: Page, testId: string): Promise<{ name: string; lines: string[] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const bytes = await readFile((await file.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return {
    name: file.suggestedFilename(),
    lines: bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean),
  };
}

async function search(page: Page, testId: string, q: string): Promise<void> {
  const input = page.getByTestId(`${testId}-search`).locator('input');
  await input.fill(q);
  await input.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('q') === q);
}

describe('finding cases, the audit log and the wallet', () => {
  it(
    'a buyer finds a case and exports 我的退款, an agent finds it in the queue, an admin audits it, and the refund shows in 我的余额',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, '腾讯Q币 30 元卡密');
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '购买的卡密面值与描述不符，卡密未提取',
      );
      const { rows } = await app().ctx.pool.query<{ refund_no: string }>(
        "SELECT c.refund_no FROM refund_case c JOIN app_user u ON u.id = c.buyer_id WHERE u.username <> 'buyer' LIMIT 1",
      );
      const othersRefundNo = rows[0]!.refund_no;

      // 我的退款: search by refund number, then by someone else's (nothing), then export.
      await goto(buyer, '/buyer/refunds');
      await search(buyer, 'refunds', refundNo);
      const found = buyer.getByTestId('refund-table').locator('tbody tr[data-row-key]');
      await expect.poll(() => found.count()).toBe(1);
      expect(await text(buyer, 'refund-no')).toBe(refundNo);
      await buyer.screenshot({ path: screenshotPath('search-buyer-refunds'), fullPage: true });
      await search(buyer, 'refunds', othersRefundNo);
      await buyer.getByTestId('refunds-empty').waitFor();
      await search(buyer, 'refunds', orderNo);
      await expect.poll(() => found.count()).toBe(1);
      const csv = await download(buyer, 'refunds-export');
      expect(csv.name).toMatch(/\.csv$/);
      expect(csv.lines[0]).toBe(
        '退款编号,订单号,商品,商品类型,退款类型,状态,申请金额（元）,批准金额（元）,手续费（元）,申请时间,审核时限',
      );
      expect(csv.lines).toHaveLength(2);
      expect(csv.lines[1]).toContain(`${refundNo},${orderNo},腾讯Q币 30 元卡密,卡密,与描述不符,待审核,`);

      // 审核队列: the agent finds it by refund number and by the buyer's username.
      const agent = await signedIn('agent');
      await goto(agent, '/agent/queue');
      await search(agent, 'queue', refundNo);
      const queueRows = agent.getByTestId('queue-table').locator('tbody tr[data-row-key]');
      await expect.poll(() => queueRows.count()).toBe(1);
      expect(await text(agent, 'queue-refund-no')).toBe(refundNo);
      await agent.screenshot({ path: screenshotPath('search-agent-queue'), fullPage: true });
      await search(agent, 'queue', 'buyer');
      await expect
        .poll(async () => (await agent.getByTestId('queue-refund-no').allTextContents()).includes(refundNo))
        .toBe(true);
      const queueCsv = await download(agent, 'queue-export');
      expect(queueCsv.lines[0]).toContain('退款编号,订单号,商品');
      expect(queueCsv.lines.some((l) => l.startsWith(refundNo))).toBe(true);

      // A supervisor approves; the refund goes back to the balance it was paid from.
      const supervisor = await signedIn('supervisor');
      await openWorkbench(supervisor, refundNo);
      await claim(supervisor);
      await supervisor.getByTestId('case-approve').click();
      await supervisor.getByTestId('approve-full').click();
      await supervisor.locator('[data-testid="approve-confirm"]:not([disabled])').click();
      // The approval has landed before the buyer looks (under load the click could still be in flight).
      await expect.poll(() => caseState(supervisor), { timeout: 20_000 }).toMatch(/^(退款中|已退款)$/);
      await goto(buyer, `/buyer/refunds/${refundNo}`);
      await untilRefunded(buyer);

      // 我的余额: from the menu; the refund is the newest entry, in Chinese, and nothing promises 提现.
      await buyer.getByTestId('menu-buyerWallet').click();
      await buyer.getByTestId('wallet-page').waitFor();
      const memo = buyer.getByTestId('wallet-memo').first();
      await memo.waitFor();
      expect(await memo.textContent()).toMatch(new RegExp(`^退款至余额 ¥\\d+\\.\\d{2} — 订单 ${orderNo}$`));
      const api = await buyer.request.get(new URL('/api/me/wallet', buyer.url()).href);
      const wallet = await api.json();
      expect(await buyer.getByTestId('wallet-balance').getAttribute('data-fen')).toBe(
        String(wallet.balanceFen),
      );
      expect(await text(buyer, 'wallet-no-withdraw')).toContain('余额不支持提现');
      expect(await text(buyer, 'wallet-page')).not.toContain('申请提现');
      await buyer.screenshot({ path: screenshotPath('wallet'), fullPage: true });

      // 审计日志: the admin filters by the case and sees who approved it, when and from where.
      const admin = await signedIn('admin');
      await admin.getByTestId('menu-adminAudit').click();
      await admin.getByTestId('audit-page').waitFor();
      await admin.getByTestId('audit-filter-type').click();
      await admin.locator('.ant-select-item-option').filter({ hasText: '退款单' }).click();
      await admin.getByTestId('audit-filter-id').fill(refundNo);
      await admin.getByTestId('audit-apply').click();
      await admin.waitForURL((url) => url.searchParams.get('targetId') === refundNo);
      const actions = admin.getByTestId('audit-action');
      await expect.poll(async () => (await actions.allTextContents()).includes('refund.approve')).toBe(true);
      // Said in words beside its code (风控放行, not only refund.clear_risk).
      expect(await admin.getByTestId('audit-action-name').allTextContents()).toContain('审核通过');
      for (const target of await admin.getByTestId('audit-target').allTextContents())
        expect(target).toBe(`退款单${refundNo}`);
      expect(await admin.getByTestId('audit-actor').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringMatching(/.+/)]),
      );
      expect((await admin.getByTestId('audit-ip').allTextContents()).every((ip) => ip !== '')).toBe(true);
      await admin.screenshot({ path: screenshotPath('audit-filtered'), fullPage: true });
      const auditCsv = await download(admin, 'audit-export');
      expect(auditCsv.lines[0]).toBe('时间,操作人ID,操作人,角色,操作,对象类型,对象编号,IP,详情');
      expect(auditCsv.lines.slice(1).every((l) => l.includes(`,refund,${refundNo},`))).toBe(true);
    },
    long,
  );
});
