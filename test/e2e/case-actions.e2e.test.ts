import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sweepTimers } from '../../src/modules/refunds/sweep-timers.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotWhenStill, text } from './browser.ts';
import {
  act,
  applyForRefund,
  buy,
  caseState,
  claim,
  fen,
  goto,
  openOrder,
  openWorkbench,
  timelineKinds,
  untilRefunded,
  yuan,
} from './case-steps.ts';

// The case actions no other browser test clicks: fee dispute and waiver, the merchant's agreement, an
// unanswered information request closing and reopening, marking the inbox read, contact and escalation.
// One app for the file; every test works on an order of its own (a fresh purchase, or the seeded
// unrevealed card key), so they do not depend on each other's cases.
const { signedIn, app } = browserApp(startAppWithContext);

/** Card keys of the demo merchant's shop (星辰数码), in stock. */
const qCoin = '腾讯Q币 30 元卡密';
/** The seeded order of the demo merchant's shop whose key the buyer never revealed. */
const unrevealed = '网易一卡通 50 元';
/** Card keys of another shop (云端游戏), for the flows where the shop does not matter. */
const wanmei = '完美世界一卡通 30 元';
const shanda = '盛大一卡通 100 元';

// Each test signs in two or three people and clicks through their screens: slower than one page.
const long = 240_000;

/** A full-page screenshot once the page has stopped moving (a modal zooming in, a tag fading). */
function shot(page: Page, name: string): Promise<void> {
  return screenshotWhenStill(page, 'actions', name);
}

/** The header bell's unread count, as the page last read it. */
const unreadOnBell = (page: Page) => page.getByTestId('inbox-bell').getAttribute('data-unread');

describe('case actions', () => {
  it(
    'fee dispute: the buyer disputes the 5% fee, a supervisor waives it, the refund grows by it',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, qCoin);
      // The key stays masked: unused, so V-UNUSED refunds all of it less the platform's fee.
      await buyer.getByTestId('order-refund').click();
      await buyer.waitForURL((current) => current.pathname === '/buyer/refunds/new');
      await buyer.getByTestId('refund-type-not_as_described').click();
      await buyer.locator('[data-testid="refund-quote"][data-state="ready"] [data-testid="quote"]').waitFor();
      await buyer.locator('[data-testid="quote-reason"][data-rule-id="V-UNUSED"]').waitFor();
      const gross = fen(await text(buyer, 'quote-gross'));
      const feeText = await text(buyer, 'quote-fee-amount');
      expect(feeText.startsWith('-')).toBe(true);
      const fee = fen(feeText.slice(1));
      expect(fee).toBe(Math.round(gross / 20));
      expect(fen(await text(buyer, 'quote-amount'))).toBe(gross - fee);
      await buyer
        .getByTestId('refund-description')
        .fill(`订单号${orderNo}今天下午购买，卡密面值与商品描述不符，卡密未提取`);
      await buyer.locator('[data-testid="refund-submit"]:not([disabled])').click();
      await buyer.waitForURL(/\/buyer\/refunds\/R\d+$/);
      await buyer.getByTestId('case-detail').waitFor();
      const refundNo = await text(buyer, 'case-refund-no');
      expect(await text(buyer, 'case-fee')).toBe(yuan(fee));
      expect(await text(buyer, 'case-amount')).toBe(yuan(gross - fee));

      // 手续费争议 with the buyer's reason: the case is flagged, and it can be disputed only once.
      await act(buyer, 'dispute-fee', '卡密是商家发错面值，不是我的原因，不应扣手续费');
      await buyer.getByTestId('case-fee-disputed').waitFor();
      expect(await buyer.getByTestId('case-dispute-fee').count()).toBe(0);
      expect(await text(buyer, 'case-timeline')).toContain(
        '对手续费提出争议，说明：卡密是商家发错面值，不是我的原因，不应扣手续费',
      );
      await shot(buyer, 'fee-disputed');

      // The supervisor waives it from the agent console (no claim needed).
      const supervisor = await signedIn('supervisor');
      await openWorkbench(supervisor, refundNo);
      await supervisor.getByTestId('case-fee-disputed').waitFor();
      expect(await text(supervisor, 'case-fee')).toBe(yuan(fee));
      await act(supervisor, 'waive-fee', '商家发错面值，手续费由平台免除');
      await expect.poll(() => text(supervisor, 'case-fee')).toBe(yuan(0));
      expect(await text(supervisor, 'case-amount')).toBe(yuan(gross));
      expect(await text(supervisor, 'case-fee-waived')).toBe(yuan(fee));
      expect(await supervisor.getByTestId('case-fee-disputed').count()).toBe(0);
      expect(await supervisor.getByTestId('case-waive-fee').count()).toBe(0);
      expect(await caseState(supervisor)).toBe('待审核');
      await shot(supervisor, 'fee-waived-console');

      await buyer.reload();
      await buyer.getByTestId('case-detail').waitFor();
      expect(await text(buyer, 'case-fee')).toBe(yuan(0));
      expect(await text(buyer, 'case-amount')).toBe(yuan(gross));
      expect(await text(buyer, 'case-fee-waived')).toBe(yuan(fee));
      expect(await buyer.getByTestId('case-fee-disputed').count()).toBe(0);
      const kinds = await timelineKinds(buyer);
      expect(kinds.indexOf('dispute_fee')).toBeGreaterThan(kinds.indexOf('submit'));
      expect(kinds.indexOf('waive_fee')).toBeGreaterThan(kinds.indexOf('dispute_fee'));
      expect(await text(buyer, 'case-timeline')).toContain('主管免除了手续费');
      await shot(buyer, 'fee-waived-buyer');

      // 站内信 says so.
      await buyer.getByTestId('menu-buyerMessages').click();
      const message = buyer
        .getByTestId('message-item')
        .filter({ hasText: `退款 ${refundNo} 的手续费已免除` });
      await message.waitFor();
      expect(await message.getAttribute('data-unread')).toBe('true');
      expect(await message.getByTestId('message-body').textContent()).toBe(`可退金额调整为 ${yuan(gross)}。`);
      await shot(buyer, 'fee-waived-inbox');
      await message.click();
      await buyer.waitForURL((current) => current.pathname === `/buyer/refunds/${refundNo}`);
      await buyer.getByTestId('case-fee-waived').waitFor();
    },
    long,
  );

  it(
    'the merchant agrees within its window; the case is refunded to the buyer',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await openOrder(buyer, unrevealed, 'delivered');
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '今天上午购买的网易一卡通，点数与商品页不符',
      );
      const amount = await text(buyer, 'case-amount');
      await buyer.getByTestId('case-merchant-deadline').waitFor();

      const merchant = await signedIn('merchant');
      await merchant.getByTestId('menu-merchantRefunds').click();
      const row = merchant.locator(`[data-testid="refund-table"] tbody tr[data-row-key="${refundNo}"]`);
      await row.waitFor();
      await row.click();
      await merchant.waitForURL((current) => current.pathname === `/merchant/refunds/${refundNo}`);
      await merchant.getByTestId('case-merchant-deadline').waitFor();
      expect(await caseState(merchant)).toBe('待审核');
      await merchant.getByTestId('case-merchant-agree').click();
      await merchant.getByTestId('merchant-agree-text').fill('核实后同意退款');
      await shot(merchant, 'merchant-agree-modal');
      await merchant.locator('[data-testid="merchant-agree-confirm"]:not([disabled])').click();
      await merchant.getByTestId('merchant-agree-modal').waitFor({ state: 'detached' });
      await expect
        .poll(() => merchant.getByTestId('case-merchant-response').getAttribute('data-response'))
        .toBe('agreed');
      await expect.poll(() => caseState(merchant)).toMatch(/^(退款中|已退款)$/);
      expect(await merchant.getByTestId('case-merchant-agree').count()).toBe(0);
      expect(await merchant.getByTestId('case-merchant-object').count()).toBe(0);
      await shot(merchant, 'merchant-agreed');

      await buyer.reload();
      await buyer.getByTestId('case-detail').waitFor();
      await untilRefunded(buyer);
      expect(await text(buyer, 'case-approved')).toBe(amount);
      expect(await buyer.getByTestId('case-merchant-response').getAttribute('data-response')).toBe('agreed');
      expect(await text(buyer, 'case-merchant-note')).toBe('核实后同意退款');
      expect(await buyer.getByTestId('case-withdraw').count()).toBe(0);
      const kinds = await timelineKinds(buyer);
      expect(kinds.indexOf('merchant_agree')).toBeGreaterThan(kinds.indexOf('submit'));
      expect(await text(buyer, 'case-timeline')).toContain('商家同意退款');
      await shot(buyer, 'merchant-agreed-buyer');
    },
    long,
  );

  it(
    'an information request goes unanswered: the timer closes the case, the buyer reopens it once',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, wanmei);
      const refundNo = await applyForRefund(buyer, orderNo, 'not_as_described', '今天14点购买，卡密面值不对');

      const agent = await signedIn('agent');
      await openWorkbench(agent, refundNo);
      await claim(agent);
      await act(agent, 'request-info', '请上传卡密显示面值的页面截图');
      await expect.poll(() => caseState(agent)).toBe('待补充资料');

      // The buyer lets the deadline pass: it is an hour ago, and the timer sweep runs.
      const { ctx } = app();
      await ctx.db.execute(
        sql`UPDATE refund_case SET info_deadline = now() - interval '1 hour' WHERE refund_no = ${refundNo}`,
      );
      await sweepTimers(ctx.db, ctx.jobs, new Date());

      await buyer.reload();
      await buyer.getByTestId('case-detail').waitFor();
      expect(await caseState(buyer)).toBe('已关闭');
      expect(await text(buyer, 'case-waiting-for')).toContain('已关闭：您可以重新打开一次');
      expect(await buyer.getByTestId('case-supplement').count()).toBe(0);
      expect((await timelineKinds(buyer)).at(-1)).toBe('close_unanswered');
      expect(await text(buyer, 'case-timeline')).toContain('系统因补充资料期限已过关闭了退款单');
      await shot(buyer, 'closed');

      await act(buyer, 'reopen', '抱歉错过了期限，卡密页面显示面值 10 元，与商品页的 30 元不符');
      await expect.poll(() => caseState(buyer)).toBe('待审核');
      expect(await buyer.getByTestId('case-reopen').count()).toBe(0);
      expect((await timelineKinds(buyer)).slice(-2)).toEqual(['close_unanswered', 'reopen']);
      expect(await text(buyer, 'case-waiting-for')).toMatch(/^平台正在等待：/);
      await shot(buyer, 'reopened');

      // The agent's console has it back in review.
      await agent.reload();
      await expect.poll(() => caseState(agent)).toBe('待审核');
      expect(await text(agent, 'case-timeline')).toContain('重新打开了退款单');
    },
    long,
  );

  it(
    'the inbox: unread messages, 全部标为已读, and the bell badge goes away',
    async () => {
      const buyer = await signedIn('buyer');
      // A case of its own: its submission sends the buyer a message.
      const orderNo = await buy(buyer, qCoin);
      const refundNo = await applyForRefund(buyer, orderNo, 'not_as_described', '今天15点购买，卡密无法兑换');

      await goto(buyer, '/buyer');
      await buyer.getByTestId('welcome-card').waitFor();
      await expect.poll(() => unreadOnBell(buyer)).not.toBe('0');
      const badge = buyer.getByTestId('inbox-bell').locator('.ant-badge-count');
      await badge.waitFor();
      expect(await badge.getAttribute('title')).toBe(await unreadOnBell(buyer));

      await buyer.getByTestId('menu-buyerMessages').click();
      await buyer.getByTestId('inbox').waitFor();
      const unreadItems = buyer.locator('[data-testid="message-item"][data-unread="true"]');
      await unreadItems.first().waitFor();
      await unreadItems.filter({ hasText: `退款申请 ${refundNo} 已提交` }).waitFor();
      const unread = Number(await unreadOnBell(buyer));
      expect(await unreadItems.count()).toBe(unread);
      expect(await text(buyer, 'inbox-unread')).toContain(String(unread));
      await shot(buyer, 'inbox-unread');

      await buyer.locator('[data-testid="inbox-read-all"]:not([disabled])').click();
      await expect.poll(() => unreadItems.count()).toBe(0);
      await expect.poll(() => unreadOnBell(buyer)).toBe('0');
      await badge.waitFor({ state: 'detached' });
      expect(await buyer.getByTestId('inbox-read-all').isDisabled()).toBe(true);
      expect(await buyer.getByTestId('message-item').count()).toBeGreaterThanOrEqual(unread);
      await shot(buyer, 'inbox-read');

      // Still read after a reload: the server has it.
      await buyer.reload();
      await buyer.getByTestId('message-item').first().waitFor();
      expect(await unreadItems.count()).toBe(0);
      expect(await unreadOnBell(buyer)).toBe('0');
      expect(await badge.count()).toBe(0);
    },
    long,
  );

  it(
    'the agent logs a phone call and escalates; the timeline shows both and the case is 已升级',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, shanda);
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '今天16点购买，卡密提示已被使用',
      );

      const agent = await signedIn('agent');
      await openWorkbench(agent, refundNo);
      await claim(agent);

      // 记录联系: a phone call, the state stays.
      await agent.getByTestId('case-contact').click();
      await agent.getByTestId('contact-phone').click();
      await agent.getByTestId('contact-text').fill('电话联系买家，确认卡密提示已被使用，买家未提取过卡密');
      await agent.locator('[data-testid="contact-confirm"]:not([disabled])').click();
      await agent.getByTestId('contact-modal').waitFor({ state: 'detached' });
      await expect.poll(async () => (await timelineKinds(agent)).includes('contact')).toBe(true);
      expect(await caseState(agent)).toBe('待审核');

      // 升级 with a reason: the supervisors take it, the agent's claim ends.
      await act(agent, 'escalate', '疑似卡密被盗用，需主管核实商家库存');
      await agent.getByTestId('case-escalated').waitFor();
      expect(await text(agent, 'case-escalated')).toBe('已升级');
      expect(await caseState(agent)).toBe('待审核');
      await expect.poll(() => agent.getByTestId('claim-bar').getAttribute('data-mine')).toBe('false');
      expect(await agent.getByTestId('case-escalate').count()).toBe(0);
      expect(await agent.getByTestId('case-approve').count()).toBe(0);
      const kinds = await timelineKinds(agent);
      expect(kinds.indexOf('contact')).toBeGreaterThan(kinds.indexOf('claim'));
      expect(kinds.indexOf('escalate')).toBeGreaterThan(kinds.indexOf('contact'));
      const timeline = await text(agent, 'case-timeline');
      expect(timeline).toContain('客服联系了买家，说明：电话联系买家，确认卡密提示已被使用');
      expect(timeline).toContain('客服将案件升级至主管，原因：疑似卡密被盗用，需主管核实商家库存');
      await shot(agent, 'escalated-console');

      await buyer.reload();
      await buyer.getByTestId('case-detail').waitFor();
      expect(await text(buyer, 'case-escalated')).toBe('已升级');
      expect(await caseState(buyer)).toBe('待审核');
      expect(await text(buyer, 'case-waiting-for')).toContain('主管正在优先处理');
      const buyerKinds = await timelineKinds(buyer);
      expect(buyerKinds).toEqual(expect.arrayContaining(['contact', 'escalate']));
      await shot(buyer, 'escalated-buyer');

      // The supervisors' queue has it.
      const supervisor = await signedIn('supervisor');
      await supervisor.getByTestId('menu-agentEscalations').click();
      const row = supervisor.locator(`[data-testid="queue-table"] tbody tr[data-row-key="${refundNo}"]`);
      await row.waitFor();
      await row.getByTestId('queue-escalated').waitFor();
    },
    long,
  );
});
