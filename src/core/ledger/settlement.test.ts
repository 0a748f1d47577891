import { describe, expect, it } from 'vitest';
import { orderEscrowFen, recoveryTxn, settlementTxn, settlesAt, withdrawalTxn } from './settlement.ts';
import { checkTxn } from './txn.ts';

describe('settlement', () => {
  it("holds an order's payment less refunds and fees in escrow until it is settled", () => {
    expect(orderEscrowFen({ paidFen: 10_000, refundedFen: 3_000, feesKeptFen: 150, settled: false })).toBe(
      6_850,
    );
    expect(orderEscrowFen({ paidFen: 10_000, refundedFen: 3_000, feesKeptFen: 150, settled: true })).toBe(0);
    expect(orderEscrowFen({ paidFen: 100, refundedFen: 100, feesKeptFen: 5, settled: false })).toBe(0);
  });

  it('settles after the freeze period', () => {
    expect(settlesAt(new Date('2026-11-01T04:00:00Z'), 7).toISOString()).toBe('2026-11-08T04:00:00.000Z');
  });

  it('moves escrow to the merchant in one balanced transaction', () => {
    const t = settlementTxn({ orderNo: '26112500001234', merchantId: 4, amountFen: 990 });
    expect(checkTxn(t)).toEqual([]);
    expect(t.postings).toEqual([
      { account: 'platform:escrow', amountFen: -990 },
      { account: 'merchant:4:balance', amountFen: 990 },
    ]);
  });

  it('recovers an advance up to what is owed and what is there, and nothing when either is zero', () => {
    const t = recoveryTxn({ ref: 'r', merchantId: 4, from: 'deposit', owedFen: 500, availableFen: 300 });
    expect(t && checkTxn(t)).toEqual([]);
    expect(t?.postings).toEqual([
      { account: 'merchant:4:deposit', amountFen: -300 },
      { account: 'platform:guarantee', amountFen: 300 },
      { account: 'merchant:4:receivable', amountFen: -300 },
      { account: 'platform:advances', amountFen: 300 },
    ]);
    expect(
      recoveryTxn({ ref: 'r', merchantId: 4, from: 'balance', owedFen: 200, availableFen: 900 })?.postings[0],
    ).toEqual({
      account: 'merchant:4:balance',
      amountFen: -200,
    });
    expect(
      recoveryTxn({ ref: 'r', merchantId: 4, from: 'deposit', owedFen: 0, availableFen: 900 }),
    ).toBeNull();
    expect(
      recoveryTxn({ ref: 'r', merchantId: 4, from: 'deposit', owedFen: 10, availableFen: 0 }),
    ).toBeNull();
  });

  it('withdraws from the balance to outside the platform', () => {
    expect(checkTxn(withdrawalTxn({ ref: 'w', merchantId: 2, amountFen: 1 }))).toEqual([]);
  });
});
