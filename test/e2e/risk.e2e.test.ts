import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../helpers/app.ts';
import { addKeys, demoIds, makeBuyers, makeProduct } from '../helpers/factories.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import { act, caseState, claim, goto, openWorkbench } from './case-steps.ts';

// Issue 14 from the staff's side: a small ring (four buyers on one device and one Alipay account,
// each claiming "not received" on a key they revealed) waits in 风控审核; an agent reads the signals
// and linked accounts and clears one case, rejects another for risk; an admin edits, simulates and
// publishes the rules.
const { signedIn, app } = browserApp(startAppWithContext);

const RING = 4;
let ring: string[] = [];
let ringNames: string[] = [];

/** As a ring member through the API: a paid (Alipay) card-key order, a key revealed, "not received". */
async function claimNotReceived(client: HttpClient, merchantId: number): Promise<string> {
  const { ctx } = app();
  const productId = await makeProduct(ctx, { merchantId, priceFen: 3000 });
  await addKeys(ctx, productId, 2);
  const { body: order } = await client.post('/api/orders', { productId, quantity: 2 });
  // Seen once right after start: the payment's ledger posting deadlocked (500) with the settlement job
  // on platform:escrow (settlement now locks a batch's accounts first, in path order; see
  // settle-orders.ts). The transaction rolled back whole, so paying again is what a buyer would do; the
  // retry stays so a rarer cycle elsewhere does not fail this test of the risk screens.
  let paid = await client.post(`/api/orders/${order.orderNo}/pay`, { channel: 'alipay' });
  for (let retry = 0; retry < 2 && paid.status === 500; retry++)
    paid = await client.post(`/api/orders/${order.orderNo}/pay`, { channel: 'alipay' });
  expect(paid.status, paid.text).toBe(200);
  const { body: detail } = await client.get(`/api/orders/${order.orderNo}`);
  const revealed = await client.post(
    `/api/orders/${order.orderNo}/card-keys/${detail.cardKeys[0].id}/reveal`,
    {
      action: 'reveal',
    },
  );
  expect(revealed.status, revealed.text).toBe(200);
  const applied = await client.post('/api/refunds', {
    orderNo: order.orderNo,
    type: 'not_received',
    description: `订单号${order.orderNo}今天上午购买，卡密一直未收到，无法使用`,
  });
  expect(applied.status, applied.text).toBe(201);
  expect(applied.body.state).toBe('risk_hold');
  return applied.body.refundNo;
}

beforeAll(async () => {
  const { ctx, baseUrl } = app();
  const { merchantId } = await demoIds(ctx);
  ringNames = await makeBuyers(ctx, 'e2e-ring', RING);
  const clients: HttpClient[] = [];
  const ids: number[] = [];
  // Everyone signs in from the same browser (the long-lived device cookie) before anyone claims.
  for (const name of ringNames) {
    const client = new HttpClient(baseUrl);
    client.setCookie('kameng_device', 'e2eRINGdeviceE2Ering01');
    const user = await client.login(name);
    ids.push(user.id);
    clients.push(client);
  }
  await ctx.demoBuyer!.payAs(ids, 'ring-1');
  ring = [];
  for (const client of clients) ring.push(await claimNotReceived(client, merchantId));
}, 120_000);

/** The rows of the queue's table. */
const queueRow = (page: Page, refundNo: string) =>
  page.locator(`[data-testid="queue-table"] tbody tr[data-row-key="${refundNo}"]`);

/**
 * Nothing inside `testId` sticks out past a phone's screen: wide tables scroll inside their own box
 * (a clipped overflow is fine).
 */
async function fitsWidth(page: Page, testId: string, width: number): Promise<void> {
  const wide = await page
    .getByTestId(testId)
    .first()
    .evaluate((root, limit) => {
      const clipped = (el: Element): boolean => {
        for (let up = el.parentElement; up && up !== root.parentElement; up = up.parentElement)
          if (getComputedStyle(up).overflowX !== 'visible')
            return up.getBoundingClientRect().right <= limit + 1;
        return false;
      };
      const out: string[] = [];
      for (const el of [root, ...root.querySelectorAll('*')]) {
        const right = el.getBoundingClientRect().right;
        if (right <= limit + 1 || clipped(el)) continue;
        const id = el.getAttribute('data-testid') ?? '';
        out.push(
          `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}[${id}] → ${Math.round(right)}`,
        );
      }
      return out.slice(0, 5);
    }, width);
  expect(wide).toEqual([]);
}

describe('risk review (风控审核)', () => {
  it('an agent opens the held queue, reads the rules, signals and linked accounts, claims and clears a case', async () => {
    const refundNo = ring.at(-1)!;
    const agent = await signedIn('agent');
    await agent.getByTestId('menu-agentQueue').click();
    await agent.getByTestId('queue-tab-risk').click();
    await agent.waitForURL((current) => current.searchParams.get('state') === 'risk_hold');
    await expect
      .poll(async () => Number(await agent.getByTestId('queue-tab-risk').getAttribute('data-count')))
      .toBeGreaterThanOrEqual(RING);
    const row = queueRow(agent, refundNo);
    await row.waitFor();
    await row.getByTestId('queue-risk').waitFor();
    // Only held cases on this tab (once the filtered list has replaced the full one).
    const states = () =>
      agent
        .locator('[data-testid="queue-table"] tbody tr[data-row-key] [data-testid="case-state"]')
        .evaluateAll((tags) => [...new Set(tags.map((tag) => tag.getAttribute('data-state')))]);
    await expect.poll(states).toEqual(['risk_hold']);
    await agent.screenshot({ path: screenshotPath('risk-queue'), fullPage: true });

    await row.click();
    await agent.waitForURL((current) => current.pathname === `/agent/queue/${refundNo}`);
    const panel = agent.locator('[data-testid="risk-panel"][data-held="true"]');
    await panel.waitFor();
    expect(await panel.getAttribute('data-action')).toBe('hold');
    for (const rule of ['R-KEY-REVEALED', 'R-SHARED-PAYER', 'R-SHARED-DEVICE'])
      await panel.locator(`[data-testid="risk-rule"][data-rule-id="${rule}"]`).waitFor();
    expect(
      await panel.locator('[data-testid="risk-rule"][data-rule-id="R-KEY-REVEALED"]').textContent(),
    ).toContain('提取记录显示该卡密已被查看');
    const revealed = panel.locator('[data-testid="risk-signals"] tr[data-row-key="revealedKeysClaimed"]');
    expect(await revealed.getByTestId('risk-signal-value').textContent()).toBe('1');
    expect(await revealed.getByTestId('risk-evidence-keys').textContent()).toMatch(/^卡密 #\d+$/);
    const paid = panel.locator('[data-testid="risk-signals"] tr[data-row-key="orderPaidFen"]');
    expect(await paid.getByTestId('risk-signal-value').textContent()).toBe('¥60.00');
    // The other three ring members, each tied by the payer account and the device, each with a held case.
    const linked = panel.locator('[data-testid="risk-linked"] tbody tr[data-row-key]');
    await expect.poll(() => linked.count()).toBe(RING - 1);
    const usernames = await panel.getByTestId('risk-linked-username').allTextContents();
    expect(usernames.sort()).toEqual(ringNames.slice(0, RING - 1).sort());
    for (const account of await linked.all()) {
      const ties = await account
        .getByTestId('risk-tie')
        .evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-kind')));
      expect(ties).toEqual(expect.arrayContaining(['payer', 'device']));
      expect(await account.getByTestId('risk-linked-cases').getAttribute('data-held')).toBe('1');
    }
    expect(
      await panel.locator('[data-testid="risk-tie"][data-kind="payer"]').first().textContent(),
    ).toContain('同一付款账户');
    expect(await text(agent, 'risk-buyer-verified')).toContain('未实名认证');
    // Before the claim the hold's decisions wait for it.
    await panel.getByTestId('risk-claim-first').waitFor();
    expect(await agent.getByTestId('case-clear-risk').isDisabled()).toBe(true);
    await agent.screenshot({ path: screenshotPath('risk-workbench-held'), fullPage: true });

    // A linked case opens in the workbench from the table.
    const linkedCase = panel.getByTestId('risk-linked-case').first();
    const other = (await linkedCase.textContent())!.trim();
    expect(ring).toContain(other);

    await claim(agent);
    await agent.getByTestId('risk-claim-first').waitFor({ state: 'detached' });
    await act(agent, 'clear-risk', '核对提取记录与设备：查看的是另一张卡密，转入正常审核');
    await expect.poll(() => caseState(agent)).toBe('待审核');
    // No longer held: the assessment folds away, still there to read.
    const folded = agent.locator('[data-testid="risk-panel"][data-held="false"]');
    await folded.waitFor();
    await agent.locator('[data-testid="case-event"][data-kind="clear_risk"]').waitFor();
    await agent.screenshot({ path: screenshotPath('risk-workbench-cleared'), fullPage: true });

    await linkedCase.waitFor({ state: 'detached' });
    await goto(agent, `/agent/queue/${other}`);
    await agent.locator('[data-testid="risk-panel"][data-held="true"]').waitFor();

    // A phone: the workbench stacks; the tables scroll in their own boxes.
    await agent.setViewportSize({ width: 390, height: 844 });
    await agent.locator('[data-testid="risk-panel"][data-held="true"]').waitFor();
    await fitsWidth(agent, 'review-case', 390);
    await fitsWidth(agent, 'app-header', 390);
    await agent.screenshot({ path: screenshotPath('risk-workbench-390') });
    await agent
      .locator('[data-testid="risk-panel"][data-held="true"]')
      .screenshot({ path: screenshotPath('risk-panel-390') });
  }, 240_000);

  it('an agent rejects a held case for risk; RISK is offered only on held cases', async () => {
    const refundNo = ring[0]!;
    const agent = await signedIn('agent');
    await openWorkbench(agent, refundNo);
    await agent.locator('[data-testid="risk-panel"][data-held="true"]').waitFor();
    await claim(agent);
    // The general reject lists RISK while the case is held.
    await agent.getByTestId('case-reject').click();
    await agent.getByTestId('reject-reason').click();
    // Picking it closes the list (a list left open would cover the modal's buttons).
    await agent.locator('.ant-select-dropdown [data-testid="reject-reason-RISK"]').click();
    await agent.getByTestId('reject-reason').getByTestId('reject-reason-RISK').waitFor();
    await agent.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await agent.getByTestId('reject-cancel').click();
    await agent.getByTestId('reject-modal').waitFor({ state: 'detached' });

    await act(agent, 'reject-risk', '同一设备与付款账户下多个账户申请退款，提取记录显示卡密已被查看');
    await expect.poll(() => caseState(agent)).toBe('审核拒绝');
    await agent.locator('[data-testid="case-event"][data-kind="reject"]').waitFor();
    await agent.screenshot({ path: screenshotPath('risk-rejected'), fullPage: true });
    const { ctx } = app();
    const rows = await ctx.db.execute<{ reject_reason_code: string }>(
      sql`SELECT reject_reason_code FROM refund_case WHERE refund_no = ${refundNo}`,
    );
    expect(rows.rows[0]?.reject_reason_code).toBe('RISK');
  }, 240_000);
});

describe('risk rules (admin 风控规则)', () => {
  it('disables a rule in a draft, sees the what-if change, publishes v2 and finds it in the history', async () => {
    const admin = await signedIn('admin');
    await admin.getByTestId('menu-adminRisk').click();
    await admin.getByTestId('admin-risk').waitFor();
    expect(await admin.getByTestId('risk-current-version').getAttribute('data-version')).toBe('1');
    const inForce = admin.locator('[data-testid="risk-rules"] tr[data-row-key="R-FREQUENT"]');
    expect(await inForce.getByTestId('rule-condition').textContent()).toBe(
      '近 30 天退款申请数 ≥ 4 且 退款率 ≥ 30%',
    );
    await admin.screenshot({ path: screenshotPath('risk-rules'), fullPage: true });

    await admin.getByTestId('risk-tab-draft').click();
    const draftRow = admin.locator('[data-testid="risk-draft-rules"] tr[data-row-key="R-KEY-REVEALED"]');
    await draftRow.getByTestId('rule-enabled').click();
    expect(await admin.getByTestId('risk-draft-state').getAttribute('data-changed')).toBe('1');
    await draftRow.getByTestId('rule-changed').waitFor();
    await admin.screenshot({ path: screenshotPath('risk-draft'), fullPage: true });

    // Leaving by the menu with the draft unpublished asks first; staying keeps the draft.
    await admin.getByTestId('menu-adminLedger').click();
    await admin.locator('.ant-modal-confirm-title').getByText('有未保存的修改').waitFor();
    await admin.getByRole('button', { name: '留在此页' }).click();
    expect(new URL(admin.url()).pathname).toBe('/admin/risk');
    expect(await admin.getByTestId('risk-draft-state').getAttribute('data-changed')).toBe('1');

    await admin.getByTestId('risk-tab-simulate').click();
    await admin.getByTestId('risk-simulate').click();
    await admin.getByTestId('risk-sim-result').waitFor();
    const current = Number(await text(admin, 'sim-current-held'));
    const draft = Number(await text(admin, 'sim-draft-held'));
    // The ring stays held (one device, one payer account); holds that only the revealed key made go.
    expect(current).toBeGreaterThanOrEqual(RING);
    expect(draft).toBeGreaterThanOrEqual(RING);
    expect(draft).toBeLessThan(current);
    const released = Number(await admin.getByTestId('risk-sim-released').getAttribute('data-count'));
    expect(released).toBe(current - draft);
    const keyRule = admin.locator('[data-testid="risk-sim-rules"] tr[data-row-key="R-SHARED-DEVICE"]');
    await keyRule.waitFor();
    // The rule is said in words beside its id, as a reviewer reads it.
    expect(await keyRule.getByTestId('risk-sim-rule-reason').textContent()).toMatch(/\p{Script=Han}/u);
    await admin.screenshot({ path: screenshotPath('risk-simulate'), fullPage: true });

    await admin.getByTestId('risk-tab-publish').click();
    await admin.getByTestId('risk-publish').click();
    await admin.getByTestId('note-input').fill('停用 R-KEY-REVEALED：由设备与付款账户规则覆盖');
    await admin.getByTestId('note-ok').click();
    await expect.poll(() => admin.getByTestId('risk-current-version').getAttribute('data-version')).toBe('2');
    await admin.getByTestId('risk-version-2').waitFor();
    expect(
      await admin
        .locator('[data-testid="risk-versions"] tr[data-row-key="2"]')
        .getByTestId('risk-version-note')
        .textContent(),
    ).toContain('停用 R-KEY-REVEALED');
    await admin.getByTestId('risk-rollback-1').waitFor();
    expect(await admin.getByTestId('risk-unsaved').count()).toBe(0);
    await admin.screenshot({ path: screenshotPath('risk-published'), fullPage: true });

    await admin.getByTestId('risk-tab-rules').click();
    const off = admin.locator('[data-testid="risk-rules"] tr[data-row-key="R-KEY-REVEALED"]');
    expect(await off.getByTestId('rule-enabled-state').textContent()).toBe('停用');

    await admin.setViewportSize({ width: 390, height: 844 });
    await fitsWidth(admin, 'admin-risk', 390);
    await fitsWidth(admin, 'app-header', 390);
    await admin.screenshot({ path: screenshotPath('risk-rules-390') });
  }, 240_000);
});
