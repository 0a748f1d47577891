import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTxn } from '../ledger/txn.ts';
import { planRecovery, recoveryNoOf, recoveryTxn } from './recovery.ts';

describe('recovering an upheld express loss', () => {
  it('takes the balance first, the rest through a channel, never more than the loss', () => {
    expect(planRecovery(3000, 0)).toEqual({ fromBalanceFen: 0, fromChannelFen: 3000 });
    expect(planRecovery(3000, 1000)).toEqual({ fromBalanceFen: 1000, fromChannelFen: 2000 });
    expect(planRecovery(3000, 99_999)).toEqual({ fromBalanceFen: 3000, fromChannelFen: 0 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: -5, max: 20_000_000 }),
        (loss, bal) => {
          const p = planRecovery(loss, bal);
          expect(p.fromBalanceFen + p.fromChannelFen).toBe(loss);
          expect(p.fromBalanceFen).toBeGreaterThanOrEqual(0);
          expect(p.fromBalanceFen).toBeLessThanOrEqual(Math.max(0, bal));
          expect(p.fromChannelFen).toBeGreaterThanOrEqual(0);
        },
      ),
    );
    expect(() => planRecovery(0, 10)).toThrow(RangeError);
  });

  it('books a balanced transaction into the guarantee fund', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.nat(20_000_000), (loss, bal) => {
        const plan = planRecovery(loss, bal);
        const txn = recoveryTxn({
          recoveryNo: recoveryNoOf('R26120612000001'),
          refundNo: 'R26120612000001',
          buyerId: 7,
          plan,
          channel: plan.fromChannelFen > 0 ? 'alipay' : null,
        });
        expect(checkTxn(txn)).toEqual([]);
        const into = txn.postings.find((p) => p.account === 'platform:guarantee');
        expect(into?.amountFen).toBe(loss);
      }),
    );
    expect(recoveryNoOf('R26120612000001')).toBe('XR26120612000001');
  });
});
