import { describe, expect, it } from 'vitest';
import { paymentTxn, planFeeRefund, planRefund } from './refund-plan.ts';
import { recoveryTxn, settlementTxn, withdrawalTxn } from './settlement.ts';

describe("the books' memos (账本摘要)", () => {
  it('are Chinese sentences with yuan and the case or order, never fen', () => {
    const plan = planRefund({
      ref: 'payout:R26120612345678-1',
      channel: 'alipay',
      buyerId: 7,
      merchantId: 3,
      refundFen: 9_500,
      feeFen: 500,
      sources: { escrowFen: 4_000, merchantBalanceFen: 3_000, guaranteeFen: 100_000 },
    });
    if (!plan.ok) throw new Error('plan refused');
    expect(plan.txn.memo).toBe(
      '退款 ¥95.00 原路退回支付宝（退款单 R26120612345678），平台手续费 ¥5.00，商户余额承担 ¥30.00，保障金先行垫付 ¥30.00',
    );
    const fee = planFeeRefund({
      ref: 'payout:R26120612345679-1',
      channel: 'wechatpay',
      buyerId: 7,
      amountFen: 500,
      feeIncomeFen: 10_000,
    });
    if (!fee.ok) throw new Error('fee refund refused');
    expect(fee.txn.memo).toBe('退还手续费 ¥5.00，退回微信支付（退款单 R26120612345679）');
    expect(
      paymentTxn({ ref: 'order:26120600001234', channel: 'balance', buyerId: 7, amountFen: 5_000 }).memo,
    ).toBe('余额支付 ¥50.00，进入托管（订单 26120600001234）');
  });

  it('name the shop (商户「星辰数码」), or its number when the name is not at hand', () => {
    expect(
      settlementTxn({ orderNo: '26120600001234', merchantId: 3, amountFen: 4_750, merchantName: '星辰数码' })
        .memo,
    ).toBe('订单 26120600001234 结算 ¥47.50 给商户「星辰数码」');
    expect(withdrawalTxn({ ref: 'w', merchantId: 3, amountFen: 10_000 }).memo).toBe('商户 #3提现 ¥100.00');
    expect(
      recoveryTxn({
        ref: 'r',
        merchantId: 3,
        from: 'deposit',
        owedFen: 3_000,
        availableFen: 5_000,
        merchantName: '星辰数码',
      })!.memo,
    ).toBe('从商户「星辰数码」的保证金追回保障金垫付 ¥30.00');
  });
});
