/**
 * Does a refund description say what happened? The seed (§2 step 3) asks for the order number, the
 * time and the symptom, and warns against vague text like "商品不行". Vague text is refused with a
 * prompt; a missing element is only a prompt, because the case already knows its order.
 */
export type DescriptionElement = 'order_no' | 'time' | 'symptom';
export type DescriptionCheck = { vague: boolean; missing: DescriptionElement[] };

const VAGUE = [
  '商品不行',
  '不行',
  '不好',
  '不好用',
  '有问题',
  '垃圾',
  '没用',
  '坑',
  '骗子',
  'bad',
  'not good',
  'broken',
];
const TIME =
  /(\d{1,4}[-/年.]\d{1,2}([-/月.]\d{1,2})?)|(\d{1,2}[:：点]\d{0,2})|今天|昨天|前天|上午|下午|晚上|凌晨|刚才|(\d+\s*(分钟|小时|天)前)|\b(today|yesterday|am|pm)\b/i;
const SYMPTOM =
  /未收到|没收到|没有收到|未到账|没到账|到账|少了|缺|发货失败|发放失败|失败|无效|错误|不符|不一致|损坏|破损|无法|不能|提示|显示|被使用|已使用|过期|not received|missing|failed|invalid|wrong|damaged|short/i;

export function checkDescription(text: string, orderNo: string): DescriptionCheck {
  const t = text.trim();
  const stripped = t.replace(/[\s\p{P}\p{S}]/gu, '');
  const missing: DescriptionElement[] = [];
  if (!t.includes(orderNo) && !/\d{8,}/.test(t)) missing.push('order_no');
  if (!TIME.test(t)) missing.push('time');
  const hasSymptom = SYMPTOM.test(t);
  if (!hasSymptom) missing.push('symptom');
  // Vague: too short to say anything, or nothing but a complaint word and no symptom.
  const onlyComplaint =
    !hasSymptom && VAGUE.some((v) => stripped.toLowerCase().includes(v.replace(/\s/g, '')));
  const vague = stripped.length < 8 || (onlyComplaint && stripped.length < 30);
  return { vague, missing };
}
