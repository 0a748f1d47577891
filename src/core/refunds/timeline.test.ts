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

describe('what the case waits for, addressed to its reader', () => {
  const states = [
    'submitted',
    'info_requested',
    'risk_hold',
    'approved',
    'refunding',
    'refunded',
    'refund_failed',
    'rejected',
    'appealed',
    'withdrawn',
    'closed',
  ] as const;
  it('tells only the buyer "您"; staff and merchants read about "the buyer"', () => {
    for (const state of states) {
      const facts = {
        state,
        escalated: false,
        slaDeadline: '2026-12-08 18:00',
        infoDeadline: '2026-12-09 18:00',
        merchantOpen: false,
      };
      const staff = waitingFor({ ...facts, viewer: 'other' });
      expect(staff.zh, state).not.toContain('您');
      expect(staff.en, state).not.toMatch(/\byou(r)?\b/i);
    }
    expect(
      waitingFor({
        state: 'info_requested',
        escalated: false,
        slaDeadline: '',
        infoDeadline: '2026-12-09 18:00',
        merchantOpen: false,
        viewer: 'buyer',
      }).zh,
    ).toBe('等待您补充资料（截至 2026-12-09 18:00）');
  });
});
