import { describe, expect, it } from 'vitest';
import { payerAccountOf } from './payer-account.ts';

describe('payerAccountOf', () => {
  it('takes an Alipay user id only in its shape: 2088 and 12 digits', () => {
    expect(payerAccountOf('alipay', '2088102177846880')).toBe('2088102177846880');
    expect(payerAccountOf('alipay', '208810217784688')).toBeNull();
    expect(payerAccountOf('alipay', '20881021778468801')).toBeNull();
    expect(payerAccountOf('alipay', '3088102177846880')).toBeNull();
    expect(payerAccountOf('alipay', '159****5620')).toBeNull();
    expect(payerAccountOf('alipay', 2088102177846880)).toBeNull();
    expect(payerAccountOf('alipay', undefined)).toBeNull();
  });

  it('takes a WeChat openid of [A-Za-z0-9_-]', () => {
    expect(payerAccountOf('wechatpay', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')).toBe('oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
    expect(payerAccountOf('wechatpay', 'oUpF8uMu AJO_M2pxb1Q9zNjWeS6o')).toBeNull();
    expect(payerAccountOf('wechatpay', 'short')).toBeNull();
    expect(payerAccountOf('wechatpay', 'x'.repeat(65))).toBeNull();
    expect(payerAccountOf('wechatpay', { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })).toBeNull();
  });

  it('never gives a payer for balance', () => {
    expect(payerAccountOf('balance', '2088102177846880')).toBeNull();
  });
});
