import type { DescriptionElement } from '../../api/refunds.ts';

// A loose copy of the server's check, only to prompt while typing: the server decides.
const TIME =
  /\d{1,4}[-/年.]\d{1,2}|\d{1,2}[:：点]|今天|昨天|前天|上午|下午|晚上|凌晨|刚才|\d+\s*(分钟|小时|天)前|\b(today|yesterday|am|pm)\b/i;
const SYMPTOM =
  /未收到|没收到|没有收到|到账|少了|缺|失败|无效|错误|不符|不一致|损坏|破损|无法|不能|提示|显示|已使用|被使用|过期|not received|missing|failed|invalid|wrong|damaged|short/i;

/** The elements the description does not yet seem to name, in the order the hint lists them. */
export function missingFromDescription(text: string, orderNo: string): DescriptionElement[] {
  const missing: DescriptionElement[] = [];
  if (!(orderNo && text.includes(orderNo)) && !/\d{8,}/.test(text)) missing.push('order_no');
  if (!TIME.test(text)) missing.push('time');
  if (!SYMPTOM.test(text)) missing.push('symptom');
  return missing;
}
