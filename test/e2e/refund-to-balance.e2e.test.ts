import { describe, expect, it } from 'vitest';
import { GatewaySimulatorClient } from '../../src/gateway-sim/admin-client.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotPath, text } from './browser.ts';
import {
  applyForRefund,
  caseState,
  fen,
  goto,
  openWorkbench,
  placeOrder,
  untilRefunded,
  yuan,
} from './case-steps.ts';

// A refund the original channel refuses (frozen card: ABNORMAL) ends 退款失败; the buyer agrees in a
// dialog to take it to their balance instead, and the balance grows by it.
const { signedIn, app } = browserApp(startAppWithContext);

const long = 240_000;

async function walletBalance(page: Parameters<typeof goto>[0]): Promise<number> {
  const res = await page.request.get(new URL('/api/wallet', page.url()).href);
  return (await res.json()).balanceFen as number;
}

describe('refund to balance after the channel failed', () => {
  it(
    'the buyer pays by Alipay, the card is frozen at refund time, and the buyer takes the refund to the balance',
    async () => {
      const buyer = await signedIn('buyer');
      await goto(buyer, '/buyer/shop');
      const card = buyer.getByTestId('product-card').filter({ hasText: '腾讯Q币 30 元卡密' }).first();
      await placeOrder(buyer, card);
      await buyer.getByTestId('pay-channel-alipay').click();
      await buyer.getByTestId('pay-submit').click();
      await buyer.waitForURL(/\/buyer\/orders\/\d+$/);
      await buyer.getByTestId('card-key-masked').first().waitFor();
      const orderNo = await text(buyer, 'order-detail-no');
      const refundNo = await applyForRefund(
        buyer,
        orderNo,
        'not_as_described',
        '购买的卡密面值与描述不符，卡密未提取',
      );
      const amount = fen(await text(buyer, 'case-amount'));

      // The buyer's card is frozen: Alipay answers the refund with ABNORMAL.
      await new GatewaySimulatorClient(app().simulatorUrl).addFault({
        match: { outRefundNo: `${refundNo}-1` },
        fault: 'abnormal',
      });
      const supervisor = await signedIn('supervisor');
      await openWorkbench(supervisor, refundNo);
      await supervisor.getByTestId('case-approve').click();
      await supervisor.getByTestId('approve-full').click();
      await supervisor.locator('[data-testid="approve-confirm"]:not([disabled])').click();

      await expect
        .poll(
          async () => {
            await buyer.reload();
            await buyer.getByTestId('case-detail').waitFor();
            return caseState(buyer);
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toBe('退款失败');
      const before = await walletBalance(buyer);
      await buyer.getByTestId('refund-to-balance').click();
      const hint = await text(buyer, 'refund-to-balance-hint');
      expect(hint).toContain(yuan(amount));
      expect(hint).toContain('账户余额');
      await buyer.screenshot({ path: screenshotPath('refund-to-balance-consent'), fullPage: true });
      await buyer.getByTestId('refund-to-balance-confirm').click();
      await untilRefunded(buyer);
      expect(await text(buyer, 'case-timeline')).toContain('同意改为退回账户余额');
      expect(await text(buyer, 'case-timeline')).toContain('已将退款退回账户余额');
      expect(await walletBalance(buyer)).toBe(before + amount);
      await buyer.screenshot({ path: screenshotPath('refund-to-balance-refunded'), fullPage: true });
    },
    long,
  );
});
