import { describe, expect, it } from 'vitest';
import { mapWechatError, mapWechatRefund } from './map-reply.ts';

const now = new Date('2024-05-01T00:00:00Z');

describe('WeChat Pay refund statuses', () => {
  it('maps SUCCESS / PROCESSING / ABNORMAL / CLOSED', () => {
    expect(
      mapWechatRefund(
        {
          status: 'SUCCESS',
          refund_id: '50300000000000000000000000001',
          success_time: '2024-05-01T12:00:00+08:00',
          amount: { refund: 1234 },
        },
        now,
      ),
    ).toEqual({
      kind: 'succeeded',
      channelRefundId: '50300000000000000000000000001',
      refundedFen: 1234,
      at: new Date('2024-05-01T04:00:00Z'),
    });
    expect(mapWechatRefund({ status: 'PROCESSING' }, now)).toEqual({ kind: 'processing' });
    expect(mapWechatRefund({ refund_status: 'ABNORMAL' }, now)).toMatchObject({
      kind: 'failed',
      reason: 'abnormal',
    });
    expect(mapWechatRefund({ status: 'CLOSED' }, now)).toMatchObject({ kind: 'failed', reason: 'closed' });
  });

  it('a SUCCESS without an id or amount is not trusted', () => {
    expect(mapWechatRefund({ status: 'SUCCESS', amount: { refund: 1 } }, now)).toMatchObject({
      kind: 'unknown',
    });
    expect(mapWechatRefund({ status: 'WHATEVER' }, now)).toMatchObject({ kind: 'unknown' });
  });
});

describe('WeChat Pay call failures', () => {
  const http = (status: number, data: unknown = {}) => ({ response: { status, data } });

  it('a 4xx is a refusal; a 404 on query is not found', () => {
    expect(
      mapWechatError(http(400, { code: 'INVALID_REQUEST', message: '超过可退金额' }), 'request'),
    ).toEqual({
      kind: 'failed',
      reason: 'rejected',
      message: '400 INVALID_REQUEST 超过可退金额',
    });
    expect(mapWechatError(http(404), 'query')).toEqual({ kind: 'not_found' });
    expect(mapWechatError(http(404), 'request')).toMatchObject({ kind: 'failed', reason: 'rejected' });
  });

  it('timeouts, 5xx, 429 and unverified 2xx replies are unknown', () => {
    expect(
      mapWechatError({ code: 'ECONNABORTED', message: 'timeout of 5000ms exceeded' }, 'request'),
    ).toMatchObject({
      kind: 'unknown',
    });
    expect(mapWechatError(http(500), 'request')).toMatchObject({ kind: 'unknown' });
    expect(mapWechatError(http(429), 'query')).toMatchObject({ kind: 'unknown' });
    expect(
      mapWechatError({ ...http(200), code: 'EV3_RES_HEADER_SIGNATURE_DIGEST' }, 'request'),
    ).toMatchObject({
      kind: 'unknown',
    });
  });
});
