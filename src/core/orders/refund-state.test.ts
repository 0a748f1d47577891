import { describe, expect, it } from 'vitest';
import { orderRefundState, refundableFen } from './refund-state.ts';

describe('an order and its refunds', () => {
  it('is refunded once the payment came back or was kept as a fee', () => {
    expect(orderRefundState({ paidFen: 4900, refundedFen: 4655, feesKeptFen: 245 })).toBe('refunded');
    expect(refundableFen({ paidFen: 4900, refundedFen: 4655, feesKeptFen: 245 })).toBe(0);
  });
  it('is partly refunded while something is left', () => {
    expect(orderRefundState({ paidFen: 9800, refundedFen: 4655, feesKeptFen: 245 })).toBe('partly_refunded');
    expect(refundableFen({ paidFen: 9800, refundedFen: 4655, feesKeptFen: 245 })).toBe(4900);
  });
  it('has no refund state before any refund, or when nothing was paid', () => {
    expect(orderRefundState({ paidFen: 4900, refundedFen: 0, feesKeptFen: 0 })).toBe('none');
    expect(orderRefundState({ paidFen: 0, refundedFen: 0, feesKeptFen: 0 })).toBe('none');
  });
});
