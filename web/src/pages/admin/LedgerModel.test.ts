import { describe, expect, it } from 'vitest';
import {
  accountGroup,
  accountParts,
  compareAccountPaths,
  draftPostings,
  isAccountPath,
  parseSignedFen,
} from './LedgerModel.ts';

describe('parseSignedFen', () => {
  it('reads signed yuan as integer fen without float maths', () => {
    expect(parseSignedFen('12.34')).toBe(1234);
    expect(parseSignedFen('-0.29')).toBe(-29);
    expect(parseSignedFen('+1.1')).toBe(110);
    expect(parseSignedFen(' - 5 ')).toBe(-500);
    expect(parseSignedFen('0.07')).toBe(7);
    expect(parseSignedFen('1.005')).toBeNull();
    expect(parseSignedFen('--1')).toBeNull();
    expect(parseSignedFen('1e3')).toBeNull();
    expect(parseSignedFen('')).toBeNull();
  });
});

describe('account paths', () => {
  it('knows the server paths and groups them', () => {
    expect(isAccountPath('platform:escrow')).toBe(true);
    expect(isAccountPath('merchant:12:receivable')).toBe(true);
    expect(isAccountPath('merchant:0:balance')).toBe(false);
    expect(isAccountPath('channel:unionpay:clearing')).toBe(false);
    expect(accountGroup('channel:alipay:clearing')).toBe('channel');
    expect(accountGroup('nowhere:1')).toBeNull();
    expect(accountParts('merchant:3:deposit')).toEqual({ group: 'merchant', id: '3', account: 'deposit' });
  });
});

describe('draftPostings', () => {
  const line = (key: number, account: string, amount: string) => ({ key, account, amount });

  it('balances only when the lines sum to zero', () => {
    const ok = draftPostings([line(1, 'platform:funding', '-0.10'), line(2, 'platform:guarantee', '0.1')]);
    expect(ok).toMatchObject({ sumFen: 0, valid: true, balanced: true });
    const off = draftPostings([line(1, 'platform:funding', '-0.10'), line(2, 'platform:guarantee', '0.2')]);
    expect(off).toMatchObject({ sumFen: 10, valid: true, balanced: false });
  });

  it('is invalid with one line, a zero amount or an unknown account', () => {
    expect(draftPostings([line(1, 'platform:funding', '1')]).valid).toBe(false);
    expect(draftPostings([line(1, 'platform:funding', '0'), line(2, 'platform:guarantee', '0')]).valid).toBe(
      false,
    );
    expect(draftPostings([line(1, 'platform:x', '-1'), line(2, 'platform:guarantee', '1')]).valid).toBe(
      false,
    );
  });
});

describe('compareAccountPaths', () => {
  it('orders platform accounts by flow and holders by number', () => {
    const paths = ['buyer:11:balance', 'platform:funding', 'buyer:2:balance', 'platform:escrow'];
    expect(paths.sort(compareAccountPaths)).toEqual([
      'buyer:2:balance',
      'buyer:11:balance',
      'platform:escrow',
      'platform:funding',
    ]);
    expect(
      ['merchant:10:deposit', 'merchant:3:receivable', 'merchant:3:balance'].sort(compareAccountPaths),
    ).toEqual(['merchant:3:balance', 'merchant:3:receivable', 'merchant:10:deposit']);
  });
});
