import { describe, expect, it } from 'vitest';
import type { RefundAttempt } from '../refund-port.ts';
import { mapAlipayRefundQuery, mapAlipayRefundReply, parseAlipayRefundNotification } from './map-reply.ts';

const a: RefundAttempt = {
  channel: 'alipay',
  orderNo: '24050112345678',
  channelTradeNo: '2024050122001400001234567890',
  outRefundNo: 'PO-1',
  refundFen: 1234,
  orderTotalFen: 5000,
  reason: 'test',
};
const now = new Date('2024-05-01T00:00:00Z');

describe('alipay.trade.refund replies', () => {
  it('fund_change Y is a success with the amount and time Alipay reports', () => {
    expect(
      mapAlipayRefundReply(
        {
          code: '10000',
          fund_change: 'Y',
          trade_no: a.channelTradeNo,
          send_back_fee: '12.34',
          gmt_refund_pay: '2024-05-01 12:00:00',
        },
        a,
        now,
      ),
    ).toEqual({
      kind: 'succeeded',
      channelRefundId: `${a.channelTradeNo}-PO-1`,
      refundedFen: 1234,
      at: new Date('2024-05-01T04:00:00Z'),
    });
  });

  it('fund_change N needs the query to confirm', () => {
    expect(mapAlipayRefundReply({ code: '10000', fund_change: 'N' }, a, now)).toBe('confirm');
  });

  it('maps business failures by sub_code', () => {
    const fail = (sub_code: string) => mapAlipayRefundReply({ code: '40004', sub_code }, a, now);
    expect(fail('ACQ.BUYER_ERROR')).toMatchObject({ kind: 'failed', reason: 'abnormal' });
    expect(fail('ACQ.TRADE_HAS_CLOSE')).toMatchObject({ kind: 'failed', reason: 'closed' });
    expect(fail('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL')).toMatchObject({ kind: 'failed', reason: 'rejected' });
    expect(fail('ACQ.DISCORDANT_REPEAT_REQUEST')).toMatchObject({ kind: 'failed', reason: 'rejected' });
  });

  it('never assumes an outcome for system errors or codes it does not know', () => {
    expect(
      mapAlipayRefundReply({ code: '20000', sub_code: 'isp.unknow-error' }, a, now).valueOf(),
    ).toMatchObject({
      kind: 'unknown',
    });
    expect(mapAlipayRefundReply({ code: '40004', sub_code: 'ACQ.SYSTEM_ERROR' }, a, now)).toMatchObject({
      kind: 'unknown',
    });
    expect(mapAlipayRefundReply({ code: '40004', sub_code: 'ACQ.SOMETHING_NEW' }, a, now)).toMatchObject({
      kind: 'unknown',
    });
  });
});

describe('alipay.trade.fastpay.refund.query replies', () => {
  it('REFUND_SUCCESS is a success; no refund fields is not found', () => {
    expect(
      mapAlipayRefundQuery(
        { code: '10000', refund_status: 'REFUND_SUCCESS', refund_amount: '12.34' },
        a,
        now,
      ),
    ).toMatchObject({ kind: 'succeeded', refundedFen: 1234, at: now });
    expect(mapAlipayRefundQuery({ code: '10000', trade_no: a.channelTradeNo }, a, now)).toEqual({
      kind: 'not_found',
    });
    expect(mapAlipayRefundQuery({ code: '10000', refund_status: 'REFUND_PROCESSING' }, a, now)).toEqual({
      kind: 'processing',
    });
    expect(mapAlipayRefundQuery({ code: '40004', sub_code: 'ACQ.TRADE_NOT_EXIST' }, a, now)).toEqual({
      kind: 'not_found',
    });
    expect(mapAlipayRefundQuery({ code: '20000' }, a, now)).toMatchObject({ kind: 'unknown' });
  });
});

describe('refund notifications', () => {
  const params = {
    notify_type: 'trade_status_sync',
    out_trade_no: a.orderNo,
    trade_no: a.channelTradeNo,
    out_biz_no: 'PO-1',
    refund_fee: '20.00',
    send_back_fee: '12.34',
    gmt_refund: '2024-05-01 12:00:00.320',
  };

  it('reads this refund (send_back_fee), not the running total (refund_fee)', () => {
    expect(parseAlipayRefundNotification(params, now)).toEqual({
      channel: 'alipay',
      outRefundNo: 'PO-1',
      orderNo: a.orderNo,
      refundFen: 1234,
      status: {
        kind: 'succeeded',
        channelRefundId: `${a.channelTradeNo}-PO-1`,
        refundedFen: 1234,
        at: new Date('2024-05-01T04:00:00.320Z'),
      },
    });
  });

  it('a payment notification is not a refund notification', () => {
    const { out_biz_no: _, refund_fee: __, ...payment } = params;
    expect(() => parseAlipayRefundNotification(payment, now)).toThrow(
      expect.objectContaining({ code: 'PAYMENT.UNSUPPORTED_NOTIFICATION' }),
    );
  });
});
