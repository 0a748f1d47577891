import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import { applyForRefund, buy, goto, openWorkbench, upload } from './case-steps.ts';

const { signedIn, app } = browserApp(startAppWithContext);

/** A card key of the demo merchant's own shop (星辰数码), in stock. */
const cardKey = '腾讯Q币 30 元卡密';
const long = 240_000;

describe('case conversation and escalation', () => {
  it(
    'the buyer writes, the agent answers, the buyer sees the answer and the unread marker clears; the shop talks in its own thread',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, cardKey);
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '今天9点购买，卡密提示面值错误',
      );

      const panel = buyer.getByTestId('case-conversation');
      await panel.waitFor();
      await panel
        .getByTestId('conversation-text')
        .fill('卡密页面显示面值 10 元，商品写的是 30 元，截图见附件');
      await upload(buyer, 'conversation-upload', 'card-page.png', [40, 120, 220], 1);
      await panel.locator('[data-testid="conversation-send"]:not([disabled])').click();
      await expect.poll(() => panel.getByTestId('conversation-message').count()).toBe(1);
      await panel.locator('[data-testid="conversation-message"] img').first().waitFor();
      await buyer.screenshot({ path: screenshotPath('conversation-buyer-wrote'), fullPage: true });

      // The shop writes to the platform: its own thread, without the buyer's words or file.
      const merchant = await signedIn('merchant');
      await goto(merchant, `/merchant/refunds/${refundNo}`);
      const shop = merchant.getByTestId('case-conversation');
      await shop.waitFor();
      await expect.poll(() => shop.getAttribute('data-unread')).toBe('0');
      expect(await shop.getByTestId('conversation-message').count()).toBe(0);
      await shop.getByTestId('conversation-text').fill('该卡密已于今天 9:05 被兑换');
      await shop.locator('[data-testid="conversation-send"]:not([disabled])').click();
      await expect.poll(() => shop.getByTestId('conversation-message').count()).toBe(1);
      expect(await shop.textContent()).not.toContain('面值 10 元');
      await merchant.screenshot({ path: screenshotPath('conversation-merchant'), fullPage: true });

      // The agent: the queue marks the case, the workbench shows both threads, unread first.
      const agent = await signedIn('agent');
      await agent.getByTestId('menu-agentQueue').click();
      const row = agent.locator(`[data-testid="queue-table"] tbody tr[data-row-key="${refundNo}"]`);
      await row.waitFor();
      await row.getByTestId(`unread-${refundNo}`).waitFor();
      expect(await text(agent, `unread-${refundNo}`)).toBe('2 条新留言');
      await openWorkbench(agent, refundNo);
      const desk = agent.getByTestId('case-conversation');
      await desk.waitFor();
      await expect.poll(() => desk.getAttribute('data-unread')).toBe('2');
      const buyerThread = desk.getByTestId('conversation-thread-buyer');
      await buyerThread.locator('[data-testid="conversation-message"][data-unread="true"]').waitFor();
      await buyerThread.getByTestId('conversation-text').fill('已收到截图，我们正在向商家核实');
      await buyerThread.locator('[data-testid="conversation-send"]:not([disabled])').click();
      await expect.poll(() => buyerThread.getByTestId('conversation-message').count()).toBe(2);
      await desk.getByTestId('conversation-tab-merchant').click();
      const shopThread = desk.getByTestId('conversation-thread-merchant');
      await shopThread.getByText('该卡密已于今天 9:05 被兑换').waitFor();
      await desk.getByTestId('conversation-tab-buyer').click();
      // 记录联系 shows the buyer's name and phone masked; 查看 reveals them and is audited.
      await agent.getByTestId('case-contact').click();
      const contact = agent.getByTestId('contact-modal').getByTestId('buyer-contact');
      await contact.waitFor();
      expect(await text(agent, 'buyer-contact-name')).toBe('张*明');
      expect(await text(agent, 'buyer-contact-phone')).toMatch(/^1\d{2}\*{4}\d{4}$/);
      await agent.screenshot({ path: screenshotPath('conversation-agent-contact-masked'), fullPage: true });
      await agent.getByTestId('buyer-contact-reveal').click();
      await agent.locator('[data-testid="buyer-contact"][data-revealed="true"]').waitFor();
      expect(await text(agent, 'buyer-contact-name')).toBe('张小明');
      expect(await text(agent, 'buyer-contact-phone')).toMatch(/^1\d{10}$/);
      const { ctx } = app();
      const audit = await ctx.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'refund.reveal_contact' AND subject = ${`refund:${refundNo}`}`,
      );
      expect(audit.rows[0]!.n).toBe(1);
      await agent.keyboard.press('Escape');
      await agent.getByTestId('contact-modal').waitFor({ state: 'hidden' });
      await desk.scrollIntoViewIfNeeded();
      await agent.screenshot({ path: screenshotPath('conversation-agent'), fullPage: true });

      // The buyer: 我的退款 marks the case; the case shows the answer as new; then the mark is gone.
      await goto(buyer, '/buyer/refunds');
      const mark = buyer.getByTestId(`unread-${refundNo}`);
      await mark.waitFor();
      expect(await mark.textContent()).toBe('1 条新留言');
      await buyer.screenshot({ path: screenshotPath('conversation-buyer-list-unread'), fullPage: true });
      await goto(buyer, `/buyer/refunds/${refundNo}`);
      const mine = buyer.getByTestId('case-conversation');
      await mine.locator('[data-testid="conversation-message"][data-unread="true"]').waitFor();
      expect(await mine.textContent()).toContain('已收到截图，我们正在向商家核实');
      expect(await mine.textContent()).not.toContain('该卡密已于今天');
      await mine.scrollIntoViewIfNeeded();
      await buyer.screenshot({ path: screenshotPath('conversation-buyer-answer'), fullPage: true });
      await goto(buyer, '/buyer/refunds');
      await buyer.locator('[data-testid="refund-no"]').first().waitFor();
      await buyer.waitForLoadState('networkidle');
      expect(await buyer.getByTestId(`unread-${refundNo}`).count()).toBe(0);
    },
    long,
  );

  it(
    'the buyer urges, then asks for escalation; a supervisor finds it in the escalation queue',
    async () => {
      const buyer = await signedIn('buyer');
      const orderNo = await buy(buyer, cardKey);
      const refundNo = await applyForRefund(buyer, orderNo, 'not_as_described', '今天10点购买，卡密无法兑换');

      // Before urging: 要求升级 is there, disabled, saying why.
      const disabled = buyer.getByTestId('case-escalate-disabled');
      await disabled.waitFor();
      expect(await disabled.getAttribute('data-reason')).toBe('REFUND.ESCALATION_NEEDS_URGE');
      await disabled.hover();
      await buyer.getByText('请先催办；催办后仍未处理，可要求升级').waitFor();
      await buyer.screenshot({ path: screenshotPath('escalation-disabled'), fullPage: true });

      const { ctx } = app();
      await ctx.db.execute(
        sql`UPDATE refund_case SET sla_deadline = now() - interval '1 hour' WHERE refund_no = ${refundNo}`,
      );
      await buyer.reload();
      await buyer.getByTestId('case-detail').waitFor();
      await buyer.locator('[data-testid="case-urge"]:not([disabled])').click();
      await buyer.getByTestId('case-urged').waitFor();
      await buyer.getByTestId('case-escalate').click();
      await buyer.getByTestId('escalate-text').fill('催办后仍无人处理，请主管跟进');
      await buyer.locator('[data-testid="escalate-confirm"]:not([disabled])').click();
      await buyer.getByTestId('escalate-modal').waitFor({ state: 'detached' });
      const requested = buyer.getByTestId('case-escalation-requested');
      await requested.waitFor();
      expect(await requested.textContent()).toMatch(/^已于 .+ 要求升级$/);
      await buyer.getByTestId('case-timeline').getByText('催办后仍无人处理，请主管跟进').waitFor();
      await buyer.screenshot({ path: screenshotPath('escalation-requested'), fullPage: true });

      const supervisor = await signedIn('supervisor');
      // 升级与申诉: the supervisors' escalation queue.
      await supervisor.getByTestId('menu-agentEscalations').click();
      await supervisor.getByTestId('queue-escalations').waitFor();
      const row = supervisor.locator(`[data-testid="queue-table"] tbody tr[data-row-key="${refundNo}"]`);
      await row.waitFor();
      await row.getByTestId('queue-escalated').waitFor();
      await supervisor.screenshot({ path: screenshotPath('escalation-supervisor-queue'), fullPage: true });
      const { rows } = await ctx.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM site_message m JOIN app_user u ON u.id = m.user_id
            WHERE u.username = 'supervisor' AND m.kind = 'refund.buyer_escalate' AND m.link LIKE ${`%${refundNo}`}`,
      );
      expect(rows[0]!.n).toBe(1);
    },
    long,
  );
});
