import { z } from 'zod';

/**
 * Validation messages in Chinese. Kameng's own messages (the schemas' refinements, the routes'
 * checks) are written in English; this is their Chinese, exact or by pattern. Zod's built-in ones
 * ("Too small: expected string to have >=3 characters") go through zod's zh-CN locale.
 */
const EXACT: Readonly<Record<string, string>> = {
  // The input guard (platform/http/input-guard.ts).
  'must not contain control characters (NUL, U+0001–U+001F, DEL)':
    '不能包含控制字符（NUL、U+0001–U+001F、DEL）',
  'must be well-formed Unicode (no lone surrogates)': '必须是合法的 Unicode 文本（不能有孤立的代理字符）',
  'no control characters': '不能包含控制字符',
  'Invalid input': '无效输入',
  // Lists and their cursors, times.
  'invalid cursor': '分页游标无效',
  'must be between 1970-01-01 and 9999-12-31 (UTC)': '时间必须在 1970-01-01 与 9999-12-31（UTC）之间',
  'must be a real date written YYYY-MM-DD': '必须是真实存在的日期，格式 YYYY-MM-DD',
  'YYYY-MM-DD': '日期格式应为 YYYY-MM-DD',
  'a target id needs its target type': '指定对象编号时必须同时指定对象类型',
  // Orders, keys and products.
  'no such key': '没有这个卡密',
  'every card key must be one of this order’s keys the buyer still holds':
    '每个卡密都必须是本订单中买家仍持有的卡密',
  'more keys than items, or keys for a product without keys': '卡密数量多于商品数量，或该商品不发卡密',
  'lists a key twice': '同一卡密出现了两次',
  'is in the future': '不能晚于当前时间',
  'is before paidAt': '不能早于支付时间（paidAt）',
  'expected a pushed order (externalRef, buyer, …)': '商家下单应推送完整订单（externalRef、buyer 等）',
  'expected productId and quantity only': '只需提供 productId 和 quantity',
  'A letter (A), digit (9) or either (X), and -_.:#/ — 4 to 64 characters':
    '格式由 A（字母）、9（数字）、X（字母或数字）及 -_.:#/ 组成，长度 4 至 64 个字符',
  'nothing to change': '没有要修改的内容',
  // Identity, returns.
  'six digits': '应为 6 位数字',
  'a mobile or landline number': '应为手机号或固定电话号码',
  // The policy, the risk rules, credit.
  'minDays must not exceed maxDays': 'minDays 不能大于 maxDays',
  'minFen must not exceed maxFen': 'minFen 不能大于 maxFen',
  'a refusing rule must tell the buyer what to do': '拒绝退款的规则必须告诉买家该怎么做（hintZh / hintEn）',
  'fees cannot apply to an undelivered virtual order': '未交付的虚拟商品订单不能收取手续费',
  'must look like V-UNUSED (A-Z, 0-9, dashes)': '编号格式应如 V-UNUSED（大写字母、数字、连字符）',
  'must look like R-SHARED-PAYER': '编号格式应如 R-SHARED-PAYER',
  'the daily cap must not exceed the 30-day cap': '每日上限不能大于 30 天上限',
  'thresholds must rise: good < great < excellent': '等级门槛必须递增：good < great < excellent',
};

const PATTERNS: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^keys (.+)$/, (m) => `字段名${messageZh(m[1] ?? '')}`],
  [/^fees cannot apply to a '(.+)' outcome$/, (m) => `结果为 '${m[1]}' 时不能收取手续费`],
  [/^duplicate fee id (.+)$/, (m) => `手续费编号 ${m[1]} 重复`],
  [/^duplicate rule id (.+)$/, (m) => `规则编号 ${m[1]} 重复`],
  [/^unknown fee id (.+)$/, (m) => `没有编号为 ${m[1]} 的手续费`],
  [/^(.+) is reserved by the engine$/, (m) => `${m[1]} 是系统保留的编号`],
  [
    /^rule (.+) overlaps rule (.+) at the same priority: both can match (.+)$/,
    (m) => `规则 ${m[1]} 与规则 ${m[2]} 优先级相同且条件重叠：两者都可能匹配 ${m[3]}`,
  ],
  [/^(.+) is a number: compare it with a number$/, (m) => `${m[1]} 是数值信号，请与数字比较`],
  [/^(.+) is a yes\/no signal: use eq true\|false$/, (m) => `${m[1]} 是是/否信号，请用 eq true 或 false`],
  [
    /^(.+) is a weekday; only a Saturday or Sunday can be a makeup working day$/,
    (m) => `${m[1]} 是工作日；只有周六或周日可以设为调休上班日`,
  ],
  [/^(.+) is in a year not listed in years$/, (m) => `${m[1]} 所在年份不在 years 列表中`],
  [
    /^(.+) is listed both as a holiday and as a makeup working day$/,
    (m) => `${m[1]} 同时被列为节假日和调休上班日`,
  ],
  // Zod's invalid_type, whose Chinese needs the received type that only the English still carries.
  [/^Invalid input: expected (\S+), received undefined$/, (m) => `必填，应为 ${m[1]}`],
  [/^Invalid input: expected (\S+), received (\S+)$/, (m) => `无效输入：应为 ${m[1]}，实际为 ${m[2]}`],
  [/^expected (.+)$/, (m) => `应为 ${m[1]}`],
];

const zodZh = z.locales.zhCN().localeError;

/** What a validation issue needs to be said in Chinese: its message, and zod's code and parameters when it has them. */
export type IssueForMessage = { readonly message: string; readonly code?: string };

/**
 * The Chinese of a validation message: Kameng's own by table, zod's built-in ones by zod's zh-CN
 * locale when the issue's code and parameters are at hand; anything unknown stays as it is.
 */
export function messageZh(issue: IssueForMessage | string): string {
  const message = typeof issue === 'string' ? issue : issue.message;
  const exact = EXACT[message];
  if (exact) return exact;
  for (const [pattern, say] of PATTERNS) {
    const m = message.match(pattern);
    if (m) return say(m);
  }
  if (typeof issue !== 'string' && issue.code && issue.code !== 'custom') {
    const zh = zodZh(issue as unknown as Parameters<typeof zodZh>[0]);
    const text = typeof zh === 'string' ? zh : zh?.message;
    if (text) return text;
  }
  return message;
}
