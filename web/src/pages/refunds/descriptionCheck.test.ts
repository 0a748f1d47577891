import { describe, expect, it } from 'vitest';
import { missingFromDescription } from './descriptionCheck.ts';

describe('refund description hint', () => {
  it('asks for everything in a vague complaint', () => {
    expect(missingFromDescription('商品不行', '202501010001')).toEqual(['order_no', 'time', 'symptom']);
  });

  it('finds the order number, a time and a symptom', () => {
    const text = '订单号202501010001今天10点购买，卡密与描述不符，面值显示错误';
    expect(missingFromDescription(text, '202501010001')).toEqual([]);
    expect(missingFromDescription('昨天买的卡密提示已使用', '202501010001')).toEqual(['order_no']);
  });
});
