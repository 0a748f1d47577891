import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/core/identity/resident-id.ts';
import { actorsByName, openCase } from '../helpers/cases.ts';
import { addKeys, demoIds, makeProduct, setBalance } from '../helpers/factories.ts';
import { startAppWithContext } from './app-context.ts';
import { browserApp, screenshotWhenStill, text } from './browser.ts';
import { goto } from './case-steps.ts';

// The buyer's side of a risk hold (风控审核): the case page says plainly that it needs verification,
// the buyer completes 实名认证 (the code arrives as a 【模拟短信】 site message) and attaches the account
// records Kameng compiles. The case is put on hold by SQL: the risk engine is not this test's subject.
const { signedIn, app } = browserApp(startAppWithContext);

const first17 = '33010619900307123';
const idNumber = first17 + residentIdCheckChar(first17);
const wrongChecksum = first17 + (idNumber.endsWith('0') ? '1' : '0');

function shot(page: Page, name: string): Promise<void> {
  return screenshotWhenStill(page, 'identity', name);
}

/** A new case of this buyer (an order paid from the balance, a refund applied for), moved to `state` by SQL. */
async function caseIn(username: 'buyer' | 'buyer2', state: 'risk_hold' | 'rejected'): Promise<string> {
  const ctx = app().ctx;
  const ids = await demoIds(ctx);
  const productId = await makeProduct(ctx, {
    merchantId: ids.merchantId,
    priceFen: 3000,
    name: `测试点卡 30 元（${username}）`,
  });
  await addKeys(ctx, productId, 1);
  await setBalance(ctx, username === 'buyer' ? ids.buyerId : ids.buyer2Id, 100_000);
  const buyer = (await actorsByName(ctx, [username])).get(username)!;
  const { refundNo } = await openCase(ctx, buyer, productId, 'balance');
  await ctx.pool.query(`UPDATE refund_case SET state = $2 WHERE refund_no = $1`, [refundNo, state]);
  return refundNo;
}

describe('risk hold, from the buyer’s side', () => {
  // buyer2: the demo's `buyer` is verified by the credit seed (极速退款 needs it), so it walks the appeal below.
  it('the buyer verifies their identity with the code from the inbox and attaches account records', async () => {
    const refundNo = await caseIn('buyer2', 'risk_hold');
    const buyer = await signedIn('buyer2');
    await goto(buyer, `/buyer/refunds/${refundNo}`);
    const banner = buyer.getByTestId('risk-hold-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('此退款需要进一步核验');
    expect(await banner.textContent()).toContain('不代表申请被拒绝');
    await buyer.getByTestId('records-none').waitFor();
    await shot(buyer, 'held-case');

    // 实名认证: a typo in the ID number is caught by its check character, under the field.
    await buyer.getByTestId('go-identity').click();
    await buyer.waitForURL((u) => u.pathname === '/buyer/identity');
    await buyer.getByTestId('identity-form').waitFor();
    await buyer.getByTestId('identity-real-name').fill('张小明');
    await buyer.getByTestId('identity-id-number').fill(wrongChecksum);
    await buyer.getByTestId('identity-phone').fill('13812345678');
    await buyer.getByTestId('identity-submit').click();
    await buyer.getByText('身份证号码校验位不正确，请检查是否输错').waitFor();
    await shot(buyer, 'checksum-error');
    await buyer.getByTestId('identity-id-number').fill(idNumber);
    await buyer.getByTestId('identity-submit').click();
    await buyer.getByTestId('identity-code-step').waitFor();
    expect(await text(buyer, 'identity-code-sent')).toContain('138****5678');
    expect(await text(buyer, 'identity-page')).toContain('3301**********');
    expect(await text(buyer, 'identity-page')).not.toContain(idNumber);
    await shot(buyer, 'code-step');

    // The code, from the 站内信 titled 【模拟短信】.
    await buyer.getByTestId('menu-buyerMessages').click();
    const sms = buyer.getByTestId('message-item').filter({ hasText: '【模拟短信】' }).first();
    await sms.waitFor();
    const code = /验证码是 (\d{6})/.exec((await sms.getByTestId('message-body').textContent()) ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await shot(buyer, 'sms-inbox');

    await buyer.getByTestId('menu-buyerIdentity').click();
    await buyer.getByTestId('identity-code-step').waitFor();
    await buyer.getByTestId('identity-code').fill(code === '000000' ? '111111' : '000000');
    await buyer.getByTestId('identity-confirm').click();
    expect(await buyer.getByTestId('identity-code-error').textContent()).toContain('验证码不正确');
    await buyer.getByTestId('identity-code').fill(code!);
    await buyer.getByTestId('identity-confirm').click();
    await buyer.getByTestId('identity-verified').waitFor();
    expect(await text(buyer, 'identity-name-mask')).toBe('张*明');
    expect(await text(buyer, 'identity-id-mask')).toBe(`3301**********${idNumber.slice(-4)}`);
    expect(await text(buyer, 'identity-status')).toBe('已认证');
    await shot(buyer, 'verified');

    // Back on the case: identity done; account records attached, listed with their hash, verified.
    await goto(buyer, `/buyer/refunds/${refundNo}`);
    await buyer.getByTestId('identity-done').waitFor();
    expect(await text(buyer, 'identity-done')).toContain('张*明');
    await buyer.getByTestId('attach-records').click();
    const record = buyer.getByTestId('account-record').first();
    await record.waitFor();
    expect(await record.getAttribute('data-verified')).toBe('true');
    expect(await record.getByTestId('record-verified').textContent()).toBe('✓ 已校验');
    await record.click();
    await buyer.getByTestId('record-hash').waitFor();
    expect(await text(buyer, 'record-hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(await text(buyer, 'case-timeline')).toContain('附上了平台生成的账户记录');
    await shot(buyer, 'records-attached');

    const { rows } = await app().ctx.pool.query(
      `SELECT count(*)::int AS n FROM case_account_record r JOIN refund_case c ON c.id = r.case_id WHERE c.refund_no = $1`,
      [refundNo],
    );
    expect(rows[0].n).toBe(1);
  }, 240_000);

  it('shows the records on a rejected case, for an appeal (English)', async () => {
    const refundNo = await caseIn('buyer', 'rejected');
    const buyer = await signedIn('buyer');
    await buyer.evaluate(() => localStorage.setItem('kameng.lang', 'en'));
    await goto(buyer, `/buyer/refunds/${refundNo}`);
    await buyer.getByTestId('appeal-records').waitFor();
    expect(await buyer.getByTestId('risk-hold-banner').count()).toBe(0);
    await buyer.getByTestId('attach-records').click();
    const record = buyer.getByTestId('account-record').first();
    await record.waitFor();
    expect(await record.getByTestId('record-verified').textContent()).toBe('✓ Verified');
    await shot(buyer, 'rejected-records-en');
  });
});
