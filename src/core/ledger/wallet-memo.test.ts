import { describe, expect, it } from 'vitest';
import { walletMemo } from './wallet-memo.ts';

const line = { refundNo: null, orderNo: null };

describe('walletMemo', () => {
  it('names a refund to balance with its amount and order', () => {
    expect(
      walletMemo({
        kind: 'refund',
        ref: 'payout:P1',
        amountFen: 4000,
        refundNo: 'R1',
        orderNo: '26120612345678',
      }).zh,
    ).toBe('退款至余额 ¥40.00 — 订单 26120612345678');
  });
  it('names a balance payment from its order ref', () => {
    const m = walletMemo({ ...line, kind: 'payment', ref: 'order:26120612345678', amountFen: -1999 });
    expect(m.zh).toBe('余额支付 ¥19.99 — 订单 26120612345678');
    expect(m.en).toBe('Paid from balance ¥19.99 — order 26120612345678');
  });
  it('names complaint payments, express recoveries and top-ups', () => {
    expect(walletMemo({ ...line, kind: 'refund', ref: 'complaint:C123:fee', amountFen: 150 }).zh).toBe(
      '投诉 C123 退还手续费 ¥1.50',
    );
    expect(
      walletMemo({ ...line, kind: 'compensation', ref: 'complaint:C123:compensation', amountFen: 500 }).zh,
    ).toBe('投诉 C123 平台先行赔付 ¥5.00');
    expect(
      walletMemo({ ...line, kind: 'recovery', ref: 'express-recovery:XR26120600001234', amountFen: -800 }).zh,
    ).toBe('极速退款 R26120600001234 退回 ¥8.00');
    expect(walletMemo({ ...line, kind: 'funding', ref: 'seed:wallet', amountFen: 10000 }).zh).toBe(
      '余额充值 ¥100.00',
    );
  });
});
