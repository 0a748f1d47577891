import { describe, expect, it } from 'vitest';
import { maskAccount, maskIp, maskName, maskPhones } from './buyer-privacy.ts';

describe("masking the buyer's personal data for merchants", () => {
  it('keeps the surname only', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('buyer')).toBe('b***');
    expect(maskName('王')).toBe('*');
  });

  it('masks mobile numbers inside an address, not other digits', () => {
    expect(maskPhones('北京市海淀区中关村大街 1 号 张三 13800138000')).toBe(
      '北京市海淀区中关村大街 1 号 张三 138****8000',
    );
    expect(maskPhones('邮编 100080')).toBe('邮编 100080');
  });

  it('keeps the network of an IP address and the ends of an account', () => {
    expect(maskIp('203.0.113.7')).toBe('203.0.*.*');
    expect(maskIp('2001:db8::1')).toBe('2001:db8:*');
    expect(maskAccount('13912345678')).toBe('139****5678');
    expect(maskAccount('abc')).toBe('a**');
  });
});
