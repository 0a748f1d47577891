import { describe, expect, it } from 'vitest';
import { canSee, type Viewer } from './access.ts';

const buyer: Viewer = { userId: 1, role: 'buyer', merchantId: null };
const merchant: Viewer = { userId: 5, role: 'merchant', merchantId: 9 };

describe('canSee', () => {
  it('lets a buyer see only their own orders', () => {
    expect(canSee(buyer, { buyerId: 1, merchantId: 9 })).toBe(true);
    expect(canSee(buyer, { buyerId: 2, merchantId: 9 })).toBe(false);
  });
  it('lets a merchant see only orders of its own shop', () => {
    expect(canSee(merchant, { buyerId: 1, merchantId: 9 })).toBe(true);
    expect(canSee(merchant, { buyerId: 1, merchantId: 8 })).toBe(false);
  });
  it('falls back to the owning user for personal records such as API keys', () => {
    expect(canSee(merchant, { userId: 5 })).toBe(true);
    expect(canSee(merchant, { userId: 6 })).toBe(false);
    expect(canSee(buyer, { userId: 1 })).toBe(true);
  });
  it('never lets a merchant without a shop match a record without one', () => {
    expect(canSee({ userId: 5, role: 'merchant', merchantId: null }, { merchantId: null, buyerId: 3 })).toBe(
      false,
    );
  });
  it('lets staff see everything', () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      expect(canSee({ userId: 3, role, merchantId: null }, { buyerId: 1, merchantId: 9 })).toBe(true);
    }
  });
});
