import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import {
  act,
  applyForRefund,
  buy,
  caseState,
  claim,
  fen,
  openOrder,
  openWorkbench,
  reject,
  timelineKinds,
  untilRefunded,
  upload,
  yuan,
} from './case-steps.ts';
import { screenshotPng } from './png.ts';

// One app for the file; every test works on an order of its own (the seeded partial top-up, or a
// fresh card-key purchase), so they do not depend on each other's cases.
const { url, signedIn, app } = browserApp(startAppWithContext);

/** The seeded top-up that arrived in part: 30 of 50 yuan. */
const partialTopup = '中国移动话费直充 50 元';
/** A card key of the demo merchant's own shop (星辰数码), in stock. */
const cardKey = '腾讯Q币 30 元卡密';

// Each test signs in two or three people and clicks through their screens: slower than one page.
const long = 240_000;

describe('refund review', () => {
  it(
    'partial top-up: screenshot, 20/50 quoted, info request, inbox, supplement, approval',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await openOrder(buyer, partialTopup, 'delivered');
      expect(await text(buyer, 'topup-arrival')).toContain('30/50');
      // V-PARTIAL refunds the undelivered share of what was paid: 20 of the 50 yuan, 2000 fen.
      expect(fen(await text(buyer, 'detail-paid'))).toBe(5000);
      const share = yuan(2000);

      await buyer.getByTestId('order-refund').click();
      await buyer.waitForURL((current) => current.pathname === '/buyer/refunds/new');
      await buyer.getByTestId('refund-type-partial_delivery').click();
      const quote = buyer.locator('[data-testid="refund-quote"][data-state="ready"] [data-testid="quote"]');
      await quote.waitFor();
      expect(await quote.getAttribute('data-eligible')).toBe('true');
      expect(await text(buyer, 'quote-amount')).toBe(share);
      await upload(buyer, 'refund-evidence', 'topup-record.png', [230, 80, 60], 1);
      await buyer
        .getByTestId('refund-description')
        .fill(`订单号${orderNo}，今天上午充值50元话费，只到账30元，还有20元没有到账`);
      await buyer.screenshot({ path: screenshotPath('review-request-evidence'), fullPage: true });
      await buyer.locator('[data-testid="refund-submit"]:not([disabled])').click();
      await buyer.waitForURL(/\/buyer\/refunds\/R\d+$/);
      await buyer.getByTestId('case-detail').waitFor();
      const refundNo = await text(buyer, 'case-refund-no');
      expect(await text(buyer, 'case-amount')).toBe(share);
      expect(await text(buyer, 'case-type')).toBe('部分到账');
      expect(await text(buyer, 'case-waiting-for')).toMatch(/^平台正在等待：/);
      await buyer.getByTestId('case-evidence').getByTestId('evidence-image').first().waitFor();

      // The agent: queue → workbench with the order's records, the quote's reasons and the screenshot.
      const agent = await signedIn('agent');
      await agent.getByTestId('menu-agentQueue').click();
      const row = agent.locator(`[data-testid="queue-table"] tbody tr[data-row-key="${refundNo}"]`);
      await row.waitFor();
      expect(await row.getByTestId('queue-assignee').textContent()).toBe('未领取');
      await row.click();
      await agent.waitForURL((current) => current.pathname === `/agent/queue/${refundNo}`);
      await agent.getByTestId('review-case').waitFor();
      const order = agent.getByTestId('review-order');
      await order.getByTestId('delivery-attempts').waitFor();
      expect(await order.getByTestId('topup-arrival').textContent()).toContain('30/50');
      await agent.locator('[data-testid="case-reason"][data-rule-id="V-PARTIAL"]').waitFor();
      await agent.getByTestId('case-evidence').getByTestId('evidence-image').first().waitFor();
      await claim(agent);
      expect(await text(agent, 'review-assignee')).toContain('客服小王');
      await act(agent, 'request-info', '请上传运营商的充值记录截图，显示实际到账金额');
      await expect.poll(() => caseState(agent)).toBe('待补充资料');
      await agent.screenshot({ path: screenshotPath('review-workbench'), fullPage: true });

      // The buyer finds the request in 站内信 and answers it from the case.
      await buyer.goto(url('/buyer'));
      await expect.poll(() => buyer.getByTestId('inbox-bell').getAttribute('data-unread')).not.toBe('0');
      await buyer.getByTestId('inbox-bell').click();
      const message = buyer
        .getByTestId('message-item')
        .filter({ hasText: `退款 ${refundNo} 需要您补充资料` });
      await message.waitFor();
      expect(await message.getByTestId('message-body').textContent()).toContain('请上传运营商的充值记录截图');
      await buyer.screenshot({ path: screenshotPath('review-inbox'), fullPage: true });
      await message.click();
      await buyer.waitForURL((current) => current.pathname === `/buyer/refunds/${refundNo}`);
      await buyer.getByTestId('case-info-deadline').waitFor();
      expect(await text(buyer, 'case-waiting-for')).toContain('等待您补充资料');
      await buyer.getByTestId('case-supplement').click();
      await buyer.getByTestId('supplement-text').fill('已上传运营商充值记录截图，显示只到账 30 元');
      await upload(buyer, 'supplement-evidence', 'carrier-record.png', [40, 160, 90], 1);
      await buyer.locator('[data-testid="supplement-confirm"]:not([disabled])').click();
      await expect.poll(() => caseState(buyer)).toBe('待审核');
      await expect
        .poll(() => buyer.getByTestId('case-evidence').getByTestId('evidence-image').count())
        .toBe(2);

      // The agent approves; the form refuses more than the case may refund.
      await agent.reload();
      await expect.poll(() => caseState(agent)).toBe('待审核');
      await claim(agent);
      await agent.getByTestId('case-approve').click();
      await agent.getByTestId('approve-partial').click();
      await agent.getByTestId('approve-amount').fill('25');
      await expect.poll(() => text(agent, 'approve-blocker')).toBe(`不能超过本单可退金额 ${share}`);
      expect(await agent.getByTestId('approve-confirm').isDisabled()).toBe(true);
      await agent.getByTestId('approve-full').click();
      await agent.locator('[data-testid="approve-confirm"]:not([disabled])').click();
      await expect.poll(() => caseState(agent)).toMatch(/^(退款中|已退款)$/);
      // Decided: nobody is handling it any more, so the page no longer says the agent is.
      await expect.poll(() => agent.getByTestId('claim-bar').count()).toBe(0);

      // The payout worker refunds it through the gateway simulator (the real WeChat Pay SDK).
      await untilRefunded(buyer);
      expect(await text(buyer, 'case-approved')).toBe(share);
      const steps = ['submit', 'request_info', 'supplement', 'approve', 'start_payout', 'payout_succeeded'];
      const kinds = (await timelineKinds(buyer)).filter((kind) => steps.includes(kind));
      expect(kinds).toEqual(steps);
      const timeline = await text(buyer, 'case-timeline');
      for (const words of [
        '提交了退款申请',
        '请买家补充资料',
        '补充了资料',
        '审核通过',
        '发起原路退款',
        '已按原支付路径退款',
      ])
        expect(timeline).toContain(words);
      await buyer.screenshot({ path: screenshotPath('review-buyer-refunding'), fullPage: true });
    },
    long,
  );

  it(
    'rejection, appeal with text, decided by a supervisor rather than the rejecting agent',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, cardKey);
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '今天10点购买，卡密面值与描述不符',
      );

      const agent = await signedIn('agent');
      await openWorkbench(agent, refundNo);
      await claim(agent);
      await reject(agent, 'EVIDENCE_INSUFFICIENT', '未提供截图，无法确认面值与描述不符');

      await buyer.reload();
      await expect.poll(() => caseState(buyer)).toBe('审核拒绝');
      expect(await buyer.getByTestId('case-reject-reason').getAttribute('data-code')).toBe(
        'EVIDENCE_INSUFFICIENT',
      );
      await buyer.getByTestId('case-resubmit').waitFor();
      await act(buyer, 'appeal', '卡密面值显示为 10 元，与商品页写的 30 元不符，请主管复核');
      await expect.poll(() => caseState(buyer)).toBe('申诉中');
      await buyer.screenshot({ path: screenshotPath('review-appealed'), fullPage: true });

      // The agent who rejected cannot decide the appeal; a supervisor can.
      await agent.reload();
      await expect.poll(() => caseState(agent)).toBe('申诉中');
      expect(await agent.getByTestId('case-approve').count()).toBe(0);

      const supervisor = await signedIn('supervisor');
      await supervisor.getByTestId('menu-agentEscalations').click();
      const row = supervisor.locator(`[data-testid="queue-table"] tbody tr[data-row-key="${refundNo}"]`);
      await row.waitFor();
      await row.click();
      await supervisor.getByTestId('review-case').waitFor();
      // Supervisors decide appeals without a claim (the agent's claim may still be live).
      await supervisor.getByTestId('case-approve').click();
      await supervisor.getByTestId('approve-text').fill('复核凭证后同意退款');
      await supervisor.locator('[data-testid="approve-confirm"]:not([disabled])').click();
      await expect.poll(() => caseState(supervisor)).toMatch(/^(退款中|已退款)$/);
      await supervisor.screenshot({ path: screenshotPath('review-supervisor-approved'), fullPage: true });

      await untilRefunded(buyer);
      const kinds = await timelineKinds(buyer);
      expect(kinds.indexOf('reject')).toBeLessThan(kinds.indexOf('appeal'));
      expect(kinds.indexOf('appeal')).toBeLessThan(kinds.indexOf('approve'));
    },
    long,
  );

  it(
    'a rejected case is changed and resubmitted; the new case shows where it came from and what changed',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, cardKey);
      const rejectedNo = await applyForRefund(buyer, orderNo, 'not_as_described', '今天8点购买，面值不对');
      // A file added on the case page goes straight onto the case and into its gallery.
      await buyer
        .getByTestId('case-add-evidence')
        .locator('input[type="file"]')
        .setInputFiles({
          name: 'first-try.png',
          mimeType: 'image/png',
          buffer: screenshotPng([90, 40, 160]),
        });
      await buyer.getByTestId('case-evidence').getByTestId('evidence-image').first().waitFor();

      const agent = await signedIn('agent');
      await openWorkbench(agent, rejectedNo);
      await claim(agent);
      await reject(agent, 'EVIDENCE_INSUFFICIENT', '请说明卡密显示的面值并附截图');

      await buyer.reload();
      await buyer.getByTestId('case-resubmit').click();
      const description = buyer.getByTestId('resubmit-description');
      expect(await description.inputValue()).toBe(`订单号${orderNo}今天8点购买，面值不对`);
      await description.fill(`订单号${orderNo}今天8点购买，卡密面值显示10元，商品页写的是30元`);
      // The earlier file is in the list already; the live quote follows the amount typed.
      const dialog = buyer.getByTestId('resubmit-modal');
      await dialog.locator('[data-testid="resubmit-evidence"][data-uploaded="1"]').waitFor();
      expect(await dialog.getByTestId('resubmit-evidence').getByText('first-try.png').count()).toBe(1);
      await dialog
        .locator('[data-testid="resubmit-quote"] [data-testid="quote"][data-eligible="true"]')
        .waitFor();
      const whole = await text(buyer, 'quote-amount');
      await dialog.getByText('只退部分金额').click();
      await buyer.getByTestId('resubmit-amount').fill('10');
      await expect.poll(() => text(buyer, 'quote-amount')).not.toBe(whole);
      expect(fen(await text(buyer, 'quote-amount'))).toBeLessThan(fen(whole));
      await upload(buyer, 'resubmit-evidence', 'face-value.png', [200, 170, 30], 2);
      await buyer.screenshot({ path: screenshotPath('review-resubmit-dialog') });
      await buyer.locator('[data-testid="resubmit-confirm"]:not([disabled])').click();
      await buyer.waitForURL(
        (current) =>
          /^\/buyer\/refunds\/R\d+$/.test(current.pathname) && !current.pathname.endsWith(rejectedNo),
      );
      await buyer.getByTestId('case-resubmitted-from').waitFor();
      const newNo = await text(buyer, 'case-refund-no');
      expect(newNo).not.toBe(rejectedNo);
      expect(await text(buyer, 'case-previous-link')).toBe(rejectedNo);
      expect(await caseState(buyer)).toBe('待审核');
      const fields = await buyer
        .getByTestId('case-change')
        .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-field')));
      expect(fields).toEqual(expect.arrayContaining(['description', 'requestedFen']));
      expect(await text(buyer, 'case-changes')).toContain('¥10.00');
      // Both files are on the new case: the one carried over and the one added.
      await expect
        .poll(() => buyer.getByTestId('case-evidence').getByTestId('evidence-image').count())
        .toBe(2);
      await buyer.screenshot({ path: screenshotPath('review-resubmitted'), fullPage: true });

      await buyer.getByTestId('case-previous-link').click();
      await buyer.waitForURL((current) => current.pathname === `/buyer/refunds/${rejectedNo}`);
      expect(await text(buyer, 'case-next-link')).toBe(newNo);
      expect(await buyer.getByTestId('case-resubmit').count()).toBe(0);
    },
    long,
  );

  it(
    'an overdue case: the buyer urges, the case is escalated and tops the agent queue',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, cardKey);
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '今天9点购买，卡密提示面值错误',
      );

      // Before the deadline: 催办 is disabled and says from when.
      const later = buyer.getByTestId('case-urge-later');
      await later.waitFor();
      expect(await buyer.getByTestId('case-urge').isDisabled()).toBe(true);
      await later.hover();
      await buyer.getByText(/起可以催办$/).waitFor();

      // Time passes: the review deadline is an hour ago.
      const { ctx } = app();
      await ctx.db.execute(
        sql`UPDATE refund_case SET sla_deadline = now() - interval '1 hour' WHERE refund_no = ${refundNo}`,
      );
      await buyer.reload();
      await buyer.getByTestId('case-detail').waitFor();
      expect(await buyer.getByTestId('case-sla').getAttribute('data-overdue')).toBe('true');
      await buyer.locator('[data-testid="case-urge"]:not([disabled])').click();
      await buyer.getByTestId('case-urged').waitFor();
      await buyer.getByTestId('case-escalated').waitFor();
      expect(await text(buyer, 'case-escalated')).toBe('已升级');
      await buyer.screenshot({ path: screenshotPath('review-urged'), fullPage: true });

      const agent = await signedIn('agent');
      await agent.getByTestId('menu-agentQueue').click();
      const first = agent.locator('[data-testid="queue-table"] tbody tr[data-row-key]').first();
      await first.waitFor();
      expect(await first.getAttribute('data-row-key')).toBe(refundNo);
      await first.getByTestId('queue-escalated').waitFor();
      await first.getByTestId('queue-urged').waitFor();
      expect(await first.getByTestId('queue-deadline').getAttribute('data-overdue')).toBe('true');
      await agent.screenshot({ path: screenshotPath('review-queue-escalated'), fullPage: true });

      // The same queue in English.
      await agent.getByTestId('lang-en').click();
      await expect.poll(() => first.getByTestId('queue-escalated').textContent()).toBe('Escalated');
      expect(await first.getByTestId('queue-urged').textContent()).toBe('Urged');
      expect(await first.getByTestId('queue-deadline').textContent()).toContain('Overdue');
      await agent.screenshot({ path: screenshotPath('review-queue-en'), fullPage: true });
    },
    long,
  );

  it(
    'the merchant objects with evidence; the agent sees it; a stale decision is refused and refreshed',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, cardKey);
      const refundNo = await applyForRefund(buyer, orderNo, 'not_as_described', '今天11点购买，卡密无法兑换');

      const merchant = await signedIn('merchant');
      await merchant.getByTestId('menu-merchantRefunds').click();
      const row = merchant.locator(`[data-testid="refund-table"] tbody tr[data-row-key="${refundNo}"]`);
      await row.waitFor();
      await merchant.screenshot({ path: screenshotPath('review-merchant-list'), fullPage: true });
      await row.click();
      await merchant.waitForURL((current) => current.pathname === `/merchant/refunds/${refundNo}`);
      await merchant.getByTestId('case-merchant-deadline').waitFor();
      await merchant.getByTestId('case-merchant-object').click();
      await merchant.getByTestId('merchant-object-text').fill('卡密已发放且可正常兑换，附兑换页面截图');
      await upload(merchant, 'merchant-object-evidence', 'redeem-page.png', [60, 90, 200], 1);
      await merchant.locator('[data-testid="merchant-object-confirm"]:not([disabled])').click();
      await expect
        .poll(() => merchant.getByTestId('case-merchant-response').getAttribute('data-response'))
        .toBe('objected');
      expect(await merchant.getByTestId('case-merchant-object').count()).toBe(0);
      await merchant.screenshot({ path: screenshotPath('review-merchant-objected'), fullPage: true });

      const agent = await signedIn('agent');
      await openWorkbench(agent, refundNo);
      expect(await agent.getByTestId('case-merchant-response').getAttribute('data-response')).toBe(
        'objected',
      );
      expect(await text(agent, 'case-merchant-note')).toContain('卡密已发放且可正常兑换');
      await agent.locator('[data-testid="evidence-uploader"][data-role="merchant"]').first().waitFor();

      // Decisions wait for a claim: the agent's buttons are disabled until the agent claims (a
      // agent may decide without one, as on an appeal while the agent's claim is live).
      expect(await agent.getByTestId('case-request-info').isDisabled()).toBe(true);
      expect(await text(agent, 'decision-claim-first')).toContain('请先领取此案件');
      await agent.screenshot({ path: screenshotPath('review-claim-first'), fullPage: true });
      await claim(agent);
      expect(await agent.getByTestId('case-request-info').isDisabled()).toBe(false);
      // A stale screen: the case moved on (a new version) after the agent loaded it.
      const loaded = await agent.getByTestId('review-case').getAttribute('data-version');
      await app().ctx.db.execute(
        sql`UPDATE refund_case SET version = version + 1 WHERE refund_no = ${refundNo}`,
      );
      await agent.getByTestId('case-request-info').click();
      await agent.getByTestId('request-info-text').fill('请提供兑换失败的页面截图');
      await agent.locator('[data-testid="request-info-confirm"]:not([disabled])').click();
      const stale = agent.getByTestId('request-info-error');
      await stale.waitFor();
      expect(await stale.getAttribute('data-code')).toBe('REFUND.STALE');
      expect(await stale.textContent()).toBe('案件在您打开后已有变化，已重新载入，请看清最新情况再处理。');
      await expect.poll(() => agent.getByTestId('review-case').getAttribute('data-version')).not.toBe(loaded);
      await agent.screenshot({ path: screenshotPath('review-stale'), fullPage: true });
      // Refreshed, the same request goes through.
      await agent.locator('[data-testid="request-info-confirm"]:not([disabled])').click();
      await agent.getByTestId('request-info-modal').waitFor({ state: 'detached' });
      await expect.poll(() => caseState(agent)).toBe('待补充资料');
    },
    long,
  );
});
