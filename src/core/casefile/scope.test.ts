import { describe, expect, it } from 'vitest';
import {
  CASE_FILE_SCOPES,
  caseFileSections,
  maskName,
  maskPersonalText,
  scopeForRole,
  scopeLabelZh,
} from './scope.ts';

describe('case-file scopes', () => {
  it('each role exports its own edition; agents none', () => {
    expect(scopeForRole('buyer')).toBe('buyer');
    expect(scopeForRole('merchant')).toBe('merchant');
    expect(scopeForRole('supervisor')).toBe('full');
    expect(scopeForRole('admin')).toBe('full');
    expect(scopeForRole('agent')).toBeNull();
  });

  it("the merchant's edition masks the buyer and leaves out the platform's internals", () => {
    expect(caseFileSections('merchant')).toEqual({
      allEvidence: true,
      ledger: false,
      risk: false,
      actorIds: false,
      eventData: false,
      deviceDetails: false,
      maskBuyer: true,
      complaints: 'about_merchant',
      threads: ['merchant'],
    });
    // The buyer's words to the platform are never in the shop's file; the full file has both threads.
    expect(caseFileSections('buyer').threads).toEqual(['buyer']);
    expect(caseFileSections('full').threads).toEqual(['buyer', 'merchant']);
    // Only the merchant's edition masks; every edition has a label.
    for (const s of CASE_FILE_SCOPES) {
      expect(caseFileSections(s).maskBuyer).toBe(s === 'merchant');
      expect(scopeLabelZh(s)).toMatch(/版/);
    }
  });
});

describe('masking the buyer', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('张小明')).toBe('张**');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('王')).toBe('*');
    expect(maskName('  ')).toBe('—');
  });

  it('masks phones, identity numbers, e-mails and the name in free text, not order numbers', () => {
    const text =
      '我是张小明，电话13812345678，身份证11010119900307123X，邮箱zhang.xm@example.com，订单号20261206123456789012';
    expect(maskPersonalText(text, '张小明')).toBe(
      '我是张**，电话138****5678，身份证110101********123X，邮箱z***@example.com，订单号20261206123456789012',
    );
    expect(maskPersonalText('订单 20261206000012 退款 R20261206000013', '张小明')).toBe(
      '订单 20261206000012 退款 R20261206000013',
    );
    expect(maskPersonalText('联系 15900001111。', null)).toBe('联系 159****1111。');
  });
});
