import { describe, expect, it } from 'vitest';
import { buyerPersona, demoPayer } from './demo-payers.ts';
import { payerAccountOf } from './payer-account.ts';

describe('demo payers', () => {
  it('are the same on every call (a restarted simulator pays as the same accounts)', () => {
    expect(demoPayer('buyer-42')).toEqual(demoPayer('buyer-42'));
    expect(demoPayer('ring-1')).toEqual(demoPayer('ring-1'));
  });

  it('give every buyer an account of their own: no two of 20,000 buyers share an id', () => {
    const alipay = new Set<string>();
    const alipayOpen = new Set<string>();
    const wechat = new Set<string>();
    for (let id = 1; id <= 20_000; id++) {
      const p = demoPayer(buyerPersona(id));
      alipay.add(p.alipayUserId);
      alipayOpen.add(p.alipayOpenId);
      wechat.add(p.openid);
    }
    expect(alipay.size).toBe(20_000);
    expect(alipayOpen.size).toBe(20_000);
    expect(wechat.size).toBe(20_000);
    // Far apart ids too: the permutation covers every 11-digit id.
    expect(demoPayer(buyerPersona(99_999_999_999)).alipayUserId).not.toBe(
      demoPayer(buyerPersona(1)).alipayUserId,
    );
  });

  it('have the shapes the channels give, which Kameng accepts', () => {
    for (const persona of ['buyer-1', 'buyer-123456', 'ring-1', 'Ring_2']) {
      const p = demoPayer(persona);
      expect(payerAccountOf('alipay', p.alipayUserId)).toBe(p.alipayUserId);
      expect(payerAccountOf('alipay', p.alipayOpenId)).toBe(p.alipayOpenId);
      expect(p.alipayOpenId).toHaveLength(47);
      expect(payerAccountOf('wechatpay', p.openid)).toBe(p.openid);
      expect(p.openid).toHaveLength(28);
      expect(p.alipayLogonId).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
  });

  it("keeps shared personas apart from buyers' own accounts", () => {
    expect(demoPayer('buyer-7').alipayUserId).toMatch(/^20881/);
    expect(demoPayer('ring-1').alipayUserId).toMatch(/^20889/);
    // Not a buyer's own persona: a leading zero, or too long for a buyer id.
    expect(demoPayer('buyer-07').alipayUserId).toMatch(/^20889/);
    expect(demoPayer('ring-1').alipayUserId).not.toBe(demoPayer('ring-2').alipayUserId);
  });
});
