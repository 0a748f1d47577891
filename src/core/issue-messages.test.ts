import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messageZh } from './issue-messages.ts';
import { DEFAULT_POLICY } from './policy/default-policy.ts';
import { PolicyDocumentSchema } from './policy/schema.ts';
import { validateWith } from './validation.ts';

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected issues');
  return r.error.issues;
};

describe('validation messages in Chinese', () => {
  it("says zod's own messages through its zh-CN locale, with the received type the English carries", () => {
    const [tooShort, wrongType, missing, badOption] = issuesOf(
      z.object({ a: z.string().min(3), b: z.number(), c: z.string(), d: z.enum(['x', 'y']) }),
      { a: 'x', b: 'seven', d: 'q' },
    );
    expect(messageZh(tooShort!)).toBe('数值过小：期望 string >=3 字符');
    expect(messageZh(wrongType!)).toBe('无效输入：应为 number，实际为 string');
    expect(messageZh(missing!)).toBe('必填，应为 string');
    expect(messageZh(badOption!)).toBe('无效选项：期望以下之一 "x"|"y"');
  });

  it("says Kameng's own messages by table, with their values kept", () => {
    expect(messageZh('invalid cursor')).toBe('分页游标无效');
    expect(messageZh('duplicate rule id V-7D')).toBe('规则编号 V-7D 重复');
    expect(messageZh('keys must not contain control characters (NUL, U+0001–U+001F, DEL)')).toBe(
      '字段名不能包含控制字符（NUL、U+0001–U+001F、DEL）',
    );
    // A message it does not know stays as written rather than becoming a wrong one.
    expect(messageZh('something new')).toBe('something new');
  });

  it('gives every issue of an invalid policy its Chinese, custom refinements included', () => {
    const doc = structuredClone(DEFAULT_POLICY) as unknown as {
      rules: { id: string; hintZh?: string; hintEn?: string; outcome: { refund: string } }[];
      fees: { id: string; rateBp: number }[];
    };
    doc.rules[1]!.id = doc.rules[0]!.id; // duplicate id
    doc.rules[2]!.outcome.refund = 'none'; // a refusal without a hint
    delete doc.rules[2]!.hintZh;
    delete doc.rules[2]!.hintEn;
    doc.fees[0]!.rateBp = -1; // zod's own
    const r = validateWith(PolicyDocumentSchema, doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.length).toBeGreaterThanOrEqual(4);
    for (const issue of r.issues) expect(issue.messageZh, issue.message).toMatch(/\p{Script=Han}/u);
  });
});
