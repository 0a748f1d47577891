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

  it('takes an Alipay open id (apps on the openid standard): 0 and 30–63 of [A-Za-z0-9_-]', () => {
    const openId = '052YgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA_2O76UM';
    expect(payerAccountOf('alipay', openId)).toBe(openId);
    expect(payerAccountOf('alipay', '032FkM_R5Kjp1vRt-1fjORS_6ilI8ihN5KXSc7Tvo_hBKqF')).not.toBeNull();
    // A WeChat openid is not an Alipay one; nor is a short, spaced or over-long string.
    expect(payerAccountOf('alipay', 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')).toBeNull();
    expect(payerAccountOf('alipay', '052YgjmUhBel31')).toBeNull();
    expect(payerAccountOf('alipay', '052YgjmUhBel31iEl2hpChYgCfrL1s NxnyVmihA_2O76UM')).toBeNull();
    expect(payerAccountOf('alipay', `0${'a'.repeat(64)}`)).toBeNull();
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
