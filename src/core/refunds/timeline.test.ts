import { describe, expect, it } from 'vitest';
import { describeCaseEvent, waitingFor } from './timeline.ts';

describe('timeline sentences', () => {
  it('says where a refund went: the original path, or the balance', () => {
    const paid = {
      kind: 'payout_succeeded',
      toState: 'refunded' as const,
      actorRole: 'system',
      reason: 'T1',
    };
    expect(describeCaseEvent(paid).textZh).toBe('系统已按原支付路径退款，渠道退款单号：T1');
    expect(describeCaseEvent({ ...paid, toBalance: true }).textZh).toBe(
      '系统已将退款退回账户余额，渠道退款单号：T1',
    );
    expect(
      describeCaseEvent({ kind: 'refund_to_balance', toState: 'refunding', actorRole: 'buyer', reason: null })
        .textEn,
    ).toBe('The buyer agreed to take the refund to their balance instead.');
  });

  it('tells the buyer of a failed refund what they can do', () => {
    const facts = {
      state: 'refund_failed' as const,
      escalated: false,
      slaDeadline: '',
      infoDeadline: null,
      merchantOpen: false,
    };
    expect(waitingFor({ ...facts, viewer: 'buyer' }).zh).toContain('退回账户余额');
    expect(waitingFor({ ...facts, viewer: 'other' }).zh).toContain('等待买家同意');
  });
});
