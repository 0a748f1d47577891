import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedReturnCase } from '../../src/demo/seed-returns.ts';
import { storeEvidence } from '../../src/modules/evidence/store-evidence.ts';
import { actorsByName } from '../helpers/cases.ts';
import { demoIds, makeProduct } from '../helpers/factories.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotWhenStill, text } from './browser.ts';
import { caseState, goto } from './case-steps.ts';
import { screenshotPng } from './png.ts';

// 退货寄回 in the browser: the buyer sends the goods back with a tracking number, the merchant sees the
// parcel, the order's records and the buyer's evidence, and confirms receipt; the refund goes out.
const { signedIn, app } = browserApp(startAppWithContext);

function shot(page: Page, name: string): Promise<void> {
  return screenshotWhenStill(page, 'returns', name);
}

describe('return shipping', () => {
  it('a full return: tracking number from the buyer, receipt by the merchant, refund paid', async () => {
    const { ctx } = app();
    const ids = await demoIds(ctx);
    const actors = await actorsByName(ctx, ['buyer', 'merchant', 'agent']);
    const buyerActor = actors.get('buyer')!;
    const photo = await storeEvidence({
      db: ctx.db,
      blobs: ctx.blobs,
      jobs: ctx.jobs,
      owner: buyerActor,
      file: Readable.from(screenshotPng([200, 60, 60])),
      fileName: '鼠标左键失灵.png',
      ip: '127.0.0.1',
    });
    const productId = await makeProduct(ctx, {
      merchantId: ids.merchantId,
      kind: 'physical',
      priceFen: 15_900,
      name: '罗技 G304 无线鼠标（退货测试）',
    });
    const { refundNo } = await seedReturnCase(ctx, {
      buyer: buyerActor,
      merchant: actors.get('merchant')!,
      agent: actors.get('agent')!,
      productId,
      stage: 'awaiting_return',
      type: 'quality_issue',
      evidenceIds: [photo.evidenceId],
    });

    const buyer = await signedIn('buyer');
    await goto(buyer, `/buyer/refunds/${refundNo}`);
    await buyer.locator('[data-testid="return-shipment"][data-state="awaiting_return"]').waitFor();
    expect(await caseState(buyer)).toBe('待买家退货');
    expect(await text(buyer, 'return-address')).toContain('星辰数码售后部');
    expect(await text(buyer, 'return-ship-by')).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await shot(buyer, 'buyer-awaiting');

    await buyer.getByTestId('return-carrier').click();
    await buyer.locator('.ant-select-item-option', { hasText: '顺丰速运' }).click();
    await buyer.getByTestId('return-tracking-no').fill('13800138000');
    await buyer.getByTestId('return-ship-submit').click();
    await buyer.getByTestId('return-ship-error').waitFor();
    expect(await text(buyer, 'return-ship-error')).toContain('物流单号格式不正确');
    await buyer.getByTestId('return-tracking-no').fill('SF1234567890123');
    await buyer.getByTestId('return-postage').fill('12');
    await buyer.getByTestId('return-ship-submit').click();
    await buyer.locator('[data-testid="return-shipment"][data-state="return_shipped"]').waitFor();
    expect(await text(buyer, 'return-tracking')).toContain('SF1234567890123');
    expect(await text(buyer, 'return-postage-owed')).toContain('¥12.00');
    await shot(buyer, 'buyer-shipped');

    const merchant = await signedIn('merchant');
    await goto(merchant, `/merchant/refunds/${refundNo}`);
    await merchant.locator('[data-testid="return-shipment"][data-state="return_shipped"]').waitFor();
    expect(await text(merchant, 'return-tracking')).toContain('顺丰速运 SF1234567890123');
    await merchant.getByTestId('review-order').waitFor();
    expect(await text(merchant, 'review-order-no')).toMatch(/^\d+$/);
    // The buyer's evidence, and the order's shipment record, are on the merchant's page.
    await merchant.getByTestId('case-evidence').locator('img').first().waitFor();
    await shot(merchant, 'merchant-shipped');

    await merchant.getByTestId('return-confirm').click();
    await merchant.getByTestId('return-confirm-ok').click();
    await expect.poll(() => caseState(merchant), { timeout: 15_000 }).toMatch(/退款中|已退款/);
    const kinds = await merchant.locator('[data-testid="case-timeline"] li').allTextContents();
    expect(kinds.join(' ')).toContain('确认收到退货');
    // The postage the shop owes (a quality problem) went into the buyer's balance with the hand-over.
    expect(kinds.join(' ')).toContain('将商家承担的退货运费补偿至买家余额');
    await merchant.locator('[data-testid="return-postage-owed"][data-paid="true"]').waitFor();
    expect(await text(merchant, 'return-postage-owed')).toBe('商家承担的运费 ¥12.00 已补偿至买家余额');
    await shot(merchant, 'merchant-confirmed');

    // The order page from the merchant's orders: records and the refund case on it.
    await merchant.getByRole('link', { name: '订单详情' }).click();
    await merchant.getByTestId('merchant-order').waitFor();
    await merchant.getByTestId('merchant-order-refunds').getByText(refundNo).waitFor();
    await shot(merchant, 'merchant-order');
  }, 240_000);
});
