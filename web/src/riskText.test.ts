import { describe, expect, it } from 'vitest';
import type { SignalInfo } from './api/risk.ts';
import { conditionText, describeEvidence, formatSignalValue, shortLabel } from './riskText.ts';

const signals = new Map<string, SignalInfo>(
  (
    [
      ['refunds30d', '近 30 天退款申请数', 'Refund cases in the last 30 days', 'count'],
      [
        'refundRate',
        '退款率（已退款订单 ÷ 已支付订单）',
        'Refund rate (refunded orders ÷ paid orders)',
        'ratio',
      ],
      ['orderPaidFen', '本单实付金额（分）', 'Amount paid for this order (fen)', 'fen'],
      ['accountAgeDays', '账户注册天数', 'Account age in days', 'days'],
      [
        'unusualChannel',
        '本单支付渠道是该买家从未用过的',
        'A payment channel this buyer never used before',
        'flag',
      ],
    ] as const
  ).map(([id, labelZh, labelEn, kind]) => [id, { id, labelZh, labelEn, kind }]),
);

describe('formatSignalValue', () => {
  it('reads each kind as a person would', () => {
    expect(formatSignalValue('ratio', 0.3, 'zh-CN')).toBe('30%');
    expect(formatSignalValue('ratio', 1 / 3, 'zh-CN')).toBe('33.3%');
    expect(formatSignalValue('fen', 20_000, 'zh-CN')).toBe('¥200.00');
    expect(formatSignalValue('flag', true, 'zh-CN')).toBe('是');
    expect(formatSignalValue('flag', false, 'en')).toBe('No');
    expect(formatSignalValue('days', 3, 'zh-CN')).toBe('3 天');
    expect(formatSignalValue('hours', 1.25, 'en')).toBe('1.3 h');
    expect(formatSignalValue('count', 4, 'en')).toBe('4');
  });
});

describe('conditionText', () => {
  it('joins comparisons with the short labels and formatted values', () => {
    const when = {
      all: [
        { signal: 'refunds30d', op: 'gte', value: 4 },
        { signal: 'refundRate', op: 'gte', value: 0.3 },
      ],
    } as const;
    expect(conditionText(when, signals, 'zh-CN')).toBe('近 30 天退款申请数 ≥ 4 且 退款率 ≥ 30%');
    expect(conditionText(when, signals, 'en')).toBe(
      'Refund cases in the last 30 days ≥ 4 and Refund rate ≥ 30%',
    );
  });

  it('brackets nested groups, negates, names flags and unknown signals', () => {
    const when = {
      any: [
        { signal: 'unusualChannel', op: 'eq', value: true },
        {
          not: {
            all: [
              { signal: 'orderPaidFen', op: 'lt', value: 20_000 },
              { signal: 'gone', op: 'gt', value: 1 },
            ],
          },
        },
        {
          all: [
            { signal: 'accountAgeDays', op: 'lt', value: 7 },
            { signal: 'unusualChannel', op: 'eq', value: false },
          ],
        },
      ],
    } as const;
    expect(conditionText(when, signals, 'zh-CN')).toBe(
      '本单支付渠道是该买家从未用过的 或 非（本单实付金额 < ¥200.00 且 gone > 1） 或 （账户注册天数 < 7 天 且 并非「本单支付渠道是该买家从未用过的」）',
    );
  });
});

describe('shortLabel', () => {
  it('drops a trailing explanation in either kind of bracket', () => {
    expect(shortLabel('退款率（已退款订单 ÷ 已支付订单）')).toBe('退款率');
    expect(shortLabel('Amount paid for this order (fen)')).toBe('Amount paid for this order');
    expect(shortLabel('近 7 天退款申请数')).toBe('近 7 天退款申请数');
  });
});

describe('describeEvidence', () => {
  it('sorts case numbers, card keys and the rest', () => {
    expect(describeEvidence({ recentCases: ['R2024001', 'R2024002'] })).toEqual({
      cases: ['R2024001', 'R2024002'],
      cardKeyIds: [],
      other: [],
    });
    expect(describeEvidence({ cardKeyIds: [7, 9] }).cardKeyIds).toEqual([7, 9]);
    expect(describeEvidence({ channel: 'alipay', earlierPaidOrders: 5 }).other).toEqual([
      ['channel', 'alipay'],
      ['earlierPaidOrders', '5'],
    ]);
    expect(describeEvidence({ recentCases: [] })).toEqual({ cases: [], cardKeyIds: [], other: [] });
    expect(describeEvidence(null)).toEqual({ cases: [], cardKeyIds: [], other: [] });
  });
});
