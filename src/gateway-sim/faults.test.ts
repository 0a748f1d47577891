import { describe, expect, it } from 'vitest';
import { FaultBook, NOTIFY_FAULTS, OUTCOME_FAULTS, TRANSPORT_FAULTS } from './faults.ts';

describe('scripted faults', () => {
  it('hit matching events `times` times, then are gone', () => {
    const book = new FaultBook();
    book.add({ match: { outRefundNo: 'R1' }, fault: 'http500', times: 2 });
    const ctx = { channel: 'alipay' as const, op: 'refund' as const, outRefundNo: 'R1' };
    expect(book.take(TRANSPORT_FAULTS, { ...ctx, outRefundNo: 'R2' })).toBeNull();
    expect(book.take(TRANSPORT_FAULTS, ctx)?.fault).toBe('http500');
    expect(book.take(TRANSPORT_FAULTS, ctx)?.fault).toBe('http500');
    expect(book.take(TRANSPORT_FAULTS, ctx)).toBeNull();
  });

  it('transport faults hit the operation they name; outcome faults only new refunds', () => {
    const book = new FaultBook();
    book.add({ match: { any: true }, fault: 'timeout', on: 'query' });
    book.add({ match: { any: true, channel: 'wechatpay' }, fault: 'abnormal' });
    book.add({ match: { any: true }, fault: 'duplicate_notify' });
    expect(book.take(TRANSPORT_FAULTS, { channel: 'alipay', op: 'refund' })).toBeNull();
    expect(book.take(TRANSPORT_FAULTS, { channel: 'alipay', op: 'query' })?.fault).toBe('timeout');
    expect(book.take(OUTCOME_FAULTS, { channel: 'alipay', op: 'refund' })).toBeNull();
    expect(book.take(OUTCOME_FAULTS, { channel: 'wechatpay', op: 'query' })).toBeNull();
    expect(book.take(OUTCOME_FAULTS, { channel: 'wechatpay', op: 'refund' })?.fault).toBe('abnormal');
    expect(book.take(NOTIFY_FAULTS, { channel: 'alipay', op: 'refund' })?.fault).toBe('duplicate_notify');
  });

  it('refuses a rule that matches nothing in particular', () => {
    const book = new FaultBook();
    expect(() => book.add({ match: {}, fault: 'closed' })).toThrow();
  });
});
