import { describe, expect, it } from 'vitest';
import { checkDescription } from './description.ts';

const NO = '26112500013381';

describe('checkDescription', () => {
  it('accepts the seed example, which names the order, the time and the symptom', () => {
    const text = `订单号${NO}于11月25日支付，但截至11月25日15:00未收到卡密，平台发货记录显示"发放失败"，截图如下`;
    expect(checkDescription(text, NO)).toEqual({ vague: false, missing: [] });
  });

  it('refuses vague text such as 商品不行', () => {
    for (const text of ['商品不行', '不行！！', '垃圾 有问题', 'bad'])
      expect(checkDescription(text, NO).vague, text).toBe(true);
  });

  it('prompts for what is missing without refusing a concrete description', () => {
    const r = checkDescription('充值了50元但实际只到账30元', NO);
    expect(r.vague).toBe(false);
    expect(r.missing).toEqual(['order_no', 'time']);
  });
});
