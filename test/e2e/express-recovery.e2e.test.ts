import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../helpers/app.ts';
import { actorsByName } from '../helpers/cases.ts';
import { fundGuarantee, notReceived, until } from '../helpers/express.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, demoPassword, screenshotWhenStill, text } from './browser.ts';
import { goto } from './case-steps.ts';

// Recovering an upheld express loss (极速退款), from the buyer's side: told by 站内信 and on the case
// page what happened, the amount and why, the buyer agrees to return it — ¥10 from the balance, ¥20 by
// Alipay, shown before they confirm — and the case page says what was returned, from where.
const { signedIn, app } = browserApp(startAppWithContext);

function shot(page: Page, name: string): Promise<void> {
  return screenshotWhenStill(page, 'express-recovery', name);
}

async function signIn(username: string): Promise<HttpClient> {
  const client = new HttpClient(app().baseUrl);
  const res = await client.post('/api/auth/login', { username, password: demoPassword });
  expect(res.status, res.text).toBe(200);
  return client;
}

/** The demo buyer's express refund of ¥30, paid out, objected to by the merchant and upheld. */
async function upheldExpressCase(): Promise<string> {
  const ctx = app().ctx;
  const productId = await makeProduct(ctx, {
    merchantId: (await demoIds(ctx)).merchantId,
    priceFen: 3000,
    name: '极速追回测试点卡 30 元',
  });
  await addKeys(ctx, productId, 1);
  const buyer = await signIn('buyer');
  const order = await buyer.post('/api/orders', { productId, quantity: 1 });
  await ctx.pool.query(`UPDATE card_key SET status = 'void' WHERE product_id = $1`, [productId]);
  const { rows } = await ctx.pool.query(
    `SELECT channel FROM shop_order WHERE buyer_id = (SELECT id FROM app_user WHERE username = 'buyer')
       AND channel IS NOT NULL GROUP BY channel ORDER BY count(*) DESC LIMIT 1`,
  );
  const paid = await buyer.post(`/api/orders/${order.body.orderNo}/pay`, { channel: rows[0].channel });
  expect(paid.status, paid.text).toBe(200);
  const submitted = await buyer.post('/api/refunds', notReceived(order.body.orderNo));
  expect(submitted.body).toMatchObject({ express: true });
  const refundNo = submitted.body.refundNo as string;
  const done = await until(
    async () => (await buyer.get(`/api/refunds/${refundNo}`)).body,
    (c) => c.state === 'refunded',
    20_000,
  );
  expect(done.state).toBe('refunded');
  const merchant = await signIn('merchant');
  const objected = await merchant.post(`/api/merchant/refunds/${refundNo}/express-objection`, {
    proof: '提取记录显示该卡密已于付款后 2 分钟被查看（IP 与买家登录地一致）',
  });
  expect(objected.status, objected.text).toBe(200);
  await fundGuarantee(ctx, 100_000, `e2e:guarantee:${refundNo}`);
  const supervisor = await signIn('supervisor');
  const upheld = await supervisor.post(`/api/review/express-objections/${refundNo}`, {
    upheld: true,
    reason: '提取记录属实，卡密在申请前已被查看，退款有误',
  });
  expect(upheld.status, upheld.text).toBe(200);
  return refundNo;
}

describe('recovering an upheld express loss, in the browser', () => {
  it('the buyer is told, sees what happened and the amount, and agrees: ¥10 from the balance, ¥20 by Alipay', async () => {
    const refundNo = await upheldExpressCase();
    const ctx = app().ctx;
    const buyerId = (await actorsByName(ctx, ['buyer'])).get('buyer')!.userId;
    await setBalance(ctx, buyerId, 1000);

    const buyer = await signedIn('buyer');
    await goto(buyer, '/buyer/messages');
    const message = buyer
      .getByTestId('message-item')
      .filter({ hasText: `极速退款 ${refundNo} 经核实有误` })
      .first();
    await message.waitFor();
    expect(await message.getByTestId('message-body').textContent()).toContain(
      '未经您同意，平台不会扣取任何款项',
    );
    await shot(buyer, 'message');
    await message.getByTestId('message-open').click();
    await buyer.waitForURL((u) => u.pathname === `/buyer/refunds/${refundNo}`);

    const block = buyer.locator('[data-testid="express-recovery"][data-state="requested"]');
    await block.waitFor();
    expect(await text(buyer, 'express-recovery-state')).toBe('待您确认');
    expect(await text(buyer, 'express-recovery-amount')).toBe('¥30.00');
    const what = await block.textContent();
    expect(what).toContain('主管核实后认定退款有误');
    expect(what).toContain('提取记录属实，卡密在申请前已被查看');
    expect(what).toContain('未经您同意，平台不会扣取任何款项');
    await shot(buyer, 'case-asked');

    await buyer.getByTestId('recovery-consent').click();
    const plan = buyer.getByTestId('recovery-consent-plan');
    await plan.waitFor();
    expect(await plan.textContent()).toContain('您的余额 ¥10.00，将从余额扣除 ¥10.00');
    expect(await plan.textContent()).toContain('余额不足部分 ¥20.00');
    await buyer.getByTestId('recovery-channel').getByText('支付宝').click();
    await shot(buyer, 'consent-dialog');
    // Nothing has been taken before the confirm button.
    const before = await ctx.pool.query(`SELECT state FROM express_recovery WHERE recovery_no = $1`, [
      `XR${refundNo.slice(1)}`,
    ]);
    expect(before.rows[0].state).toBe('requested');
    await buyer.getByTestId('recovery-consent-confirm').click();

    await buyer.locator('[data-testid="express-recovery"][data-state="recovered"]').waitFor();
    expect(await text(buyer, 'express-recovery-returned')).toBe('余额 ¥10.00，支付宝 ¥20.00');
    await buyer.getByTestId('recovery-consent').waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await buyer.getByTestId('case-timeline').textContent()) ?? '', { timeout: 10_000 })
      .toContain('已将款项退还至平台保障金 ¥30.00（余额 ¥10.00，支付宝 ¥20.00）');
    await shot(buyer, 'case-returned');

    const { rows } = await ctx.pool.query(
      `SELECT r.state, r.from_balance_fen::int AS bal, r.from_channel_fen::int AS chan, w.balance_fen::int AS wallet
       FROM express_recovery r JOIN wallet w ON w.user_id = r.buyer_id WHERE r.recovery_no = $1`,
      [`XR${refundNo.slice(1)}`],
    );
    expect(rows[0]).toEqual({ state: 'recovered', bal: 1000, chan: 2000, wallet: 0 });

    const admin = await signedIn('admin');
    await goto(admin, '/admin/express');
    const row = admin.getByTestId('express-recoveries').locator('tr', { hasText: refundNo });
    await row.waitFor();
    expect(await row.textContent()).toContain('已退还');
    await shot(admin, 'admin');
  }, 150_000);
});
