import { describe, expect, it } from 'vitest';
import { CHANNEL_FAILURE_TEXT, describeChannelFailure } from './channel-failure.ts';
import { describeCaseEvent } from './timeline.ts';

describe('channel failure sentences', () => {
  it('has a Chinese and an English sentence for every code, without raw codes or doubled 。', () => {
    for (const [code, text] of Object.entries(CHANNEL_FAILURE_TEXT)) {
      expect(text.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en, code).toMatch(/^[A-Z]/);
      expect(text.zh).not.toContain(code);
      expect(text.zh).not.toContain('。。');
    }
  });

  it('turns what a payout recorded into a sentence', () => {
    expect(describeChannelFailure('abnormal: ABNORMAL 退款异常（用户卡已销户或冻结）')).toMatchObject({
      code: 'ABNORMAL',
      zh: '用户卡已销户或冻结，渠道无法原路退回',
    });
    expect(describeChannelFailure('rejected: 40004 ACQ.TRADE_NOT_EXIST 交易不存在').code).toBe(
      'ACQ.TRADE_NOT_EXIST',
    );
    expect(describeChannelFailure('rejected: 400 INVALID_REQUEST 申请退款金额超过订单可退金额').zh).toContain(
      '超过可退金额',
    );
    expect(describeChannelFailure('rejected: 418 TEAPOT').zh).toBe('支付渠道拒绝了这笔退款');
    expect(describeChannelFailure('人工核实后关闭').zh).toBe('人工核实后关闭');
  });

  it('shows a failed payout in the timeline as a sentence, not as the channel code', () => {
    const text = describeCaseEvent({
      kind: 'payout_failed',
      toState: 'refund_failed',
      actorRole: 'system',
      reason: 'abnormal: ABNORMAL 退款异常（用户卡已销户或冻结）',
    });
    expect(text.textZh).toBe('系统退款未成功，转人工处理，原因：用户卡已销户或冻结，渠道无法原路退回');
    expect(text.textEn).not.toContain('abnormal');
  });
});
