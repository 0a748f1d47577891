import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { payOrder } from '../../src/modules/orders/pay-order.ts';
import { placeOrder } from '../../src/modules/orders/place-order.ts';
import { actorsByName } from '../helpers/cases.ts';
import { addKeys, demoIds, makeProduct } from '../helpers/factories.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotWhenStill, text } from './browser.ts';
import { caseState, goto } from './case-steps.ts';

// 极速退款 in the browser: the demo `buyer` (实名认证 done by the seed, 极好) sees the express promise in
// the quote, submits, and the case is 已退款 moments later with nobody acting; the supervisor audits a
// sampled case; the admin sees the figures.
const { signedIn, app } = browserApp(startAppWithContext);

function shot(page: Page, name: string): Promise<void> {
  return screenshotWhenStill(page, 'express', name);
}

/**
 * A paid order of `buyer` whose key never arrived: placed while in stock, the stock withdrawn before
 * payment (as the demo seed makes one), paid through the channel the buyer uses most.
 */
async function undeliveredOrder(priceFen: number, name: string): Promise<string> {
  const ctx = app().ctx;
  const buyer = (await actorsByName(ctx, ['buyer'])).get('buyer')!;
  const productId = await makeProduct(ctx, { merchantId: (await demoIds(ctx)).merchantId, priceFen, name });
  await addKeys(ctx, productId, 1);
  const common = { db: ctx.db, buyer, ip: '127.0.0.1' };
  const orderNo = await placeOrder({
    ...common,
    productId,
    quantity: 1,
    now: ctx.now(),
    expireMinutes: ctx.config.orders.expireMinutes,
  });
  await ctx.pool.query(`UPDATE card_key SET status = 'void' WHERE product_id = $1`, [productId]);
  const { rows } = await ctx.pool.query(
    `SELECT channel FROM shop_order WHERE buyer_id = $1 AND channel IS NOT NULL GROUP BY channel ORDER BY count(*) DESC LIMIT 1`,
    [buyer.userId],
  );
  await payOrder({
    ...common,
    jobs: ctx.jobs,
    channels: ctx.channels,
    orderNo,
    channel: rows[0].channel,
    now: ctx.now(),
  });
  return orderNo;
}

describe('极速退款 in the browser', () => {
  it('the buyer sees 信用分, the express promise in the quote, and 已退款 moments after submitting', async () => {
    const orderNo = await undeliveredOrder(3000, '极速测试点卡 30 元');
    const buyer = await signedIn('buyer');
    await goto(buyer, '/buyer/credit');
    await buyer.getByTestId('credit-page').waitFor();
    expect(await text(buyer, 'credit-level')).toBe('极好');
    expect(await text(buyer, 'credit-express')).toContain('可享受极速退款');
    await shot(buyer, 'credit-page');

    await goto(buyer, `/buyer/orders/${orderNo}`);
    await buyer.getByTestId('order-refund').click();
    await buyer.waitForURL((u) => u.pathname === '/buyer/refunds/new');
    await buyer.getByTestId('refund-type-not_received').click();
    await buyer.locator('[data-testid="refund-quote"][data-state="ready"] [data-testid="quote"]').waitFor();
    expect(await text(buyer, 'quote-express')).toContain('极速退款：提交后立即退款');
    await buyer
      .getByTestId('refund-description')
      .fill(`订单号${orderNo}付款后一直没有收到卡密，发货显示失败`);
    await shot(buyer, 'quote');
    const submitted = Date.now();
    await buyer.locator('[data-testid="refund-submit"]:not([disabled])').click();
    await buyer.waitForURL(/\/buyer\/refunds\/R\d+$/);
    await buyer.getByTestId('case-detail').waitFor();
    await buyer.getByTestId('case-express').waitFor();
    await expect
      .poll(
        async () => {
          await buyer.reload();
          await buyer.getByTestId('case-detail').waitFor();
          return caseState(buyer);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('已退款');
    expect(Date.now() - submitted).toBeLessThan(20_000);
    await shot(buyer, 'refunded');
  }, 150_000);

  it('the supervisor sees the buyer’s credit on the workbench and audits a sampled express case', async () => {
    // ¥120: above the audit threshold (¥100), so it is always sampled.
    const orderNo = await undeliveredOrder(12_000, '极速测试点卡 120 元');
    const ctx = app().ctx;
    const buyer = await signedIn('buyer');
    await goto(buyer, `/buyer/orders/${orderNo}`);
    await buyer.getByTestId('order-refund').click();
    await buyer.getByTestId('refund-type-not_received').click();
    await buyer
      .locator('[data-testid="refund-quote"][data-state="ready"] [data-testid="quote-express"]')
      .waitFor();
    await buyer
      .getByTestId('refund-description')
      .fill(`订单号${orderNo}付款后一直没有收到卡密，发货显示失败`);
    await buyer.locator('[data-testid="refund-submit"]:not([disabled])').click();
    await buyer.waitForURL(/\/buyer\/refunds\/R\d+$/);
    const refundNo = await text(buyer, 'case-refund-no');
    const { rows } = await ctx.pool.query(
      `SELECT x.audit FROM express_refund x JOIN refund_case c ON c.id = x.case_id WHERE c.refund_no = $1`,
      [refundNo],
    );
    expect(rows[0].audit).toBe('pending');

    const supervisor = await signedIn('supervisor');
    await goto(supervisor, `/agent/queue/${refundNo}`);
    await supervisor.getByTestId('review-credit').waitFor();
    expect(await text(supervisor, 'review-credit')).toContain('极好');
    await shot(supervisor, 'workbench-credit');

    await goto(supervisor, '/agent/audits');
    await supervisor.getByTestId('express-audit-page').waitFor();
    const row = supervisor.getByTestId('express-audits').locator('tr', { hasText: refundNo });
    await row.waitFor();
    expect(await row.textContent()).toContain('超过金额阈值');
    await shot(supervisor, 'audit-queue');
    await row.getByTestId('express-fine').click();
    await supervisor.getByTestId('express-reason').fill('发货记录显示发货失败，退款无误');
    await supervisor.locator('.ant-modal-footer .ant-btn-primary').click();
    await row.waitFor({ state: 'detached' });
    const audited = await ctx.pool.query(
      `SELECT x.audit, x.audit_note FROM express_refund x JOIN refund_case c ON c.id = x.case_id WHERE c.refund_no = $1`,
      [refundNo],
    );
    expect(audited.rows[0]).toEqual({ audit: 'fine', audit_note: '发货记录显示发货失败，退款无误' });

    const admin = await signedIn('admin');
    await goto(admin, '/admin/express');
    await admin.getByTestId('admin-express-page').waitFor();
    await admin.getByTestId('express-figure-cases').waitFor();
    const cases = await admin
      .getByTestId('express-figure-cases')
      .locator('.ant-statistic-content-value')
      .textContent();
    expect(Number(cases)).toBeGreaterThanOrEqual(2);
    await shot(admin, 'admin-figures');
  }, 150_000);
});
