import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './default-policy.ts';
import { policyTextToMarkdown, renderPolicyText } from './render.ts';
import { SYSTEM_REASON_IDS } from './system-reasons.ts';

describe('renderPolicyText', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`shows every rule id with its own sentence (${lang})`, () => {
      const text = renderPolicyText(DEFAULT_POLICY, lang);
      const items = text.sections.flatMap((s) => s.items);
      for (const rule of DEFAULT_POLICY.rules) {
        const item = items.find((i) => i.id === rule.id);
        expect(item?.text).toBe(lang === 'zh' ? rule.textZh : rule.textEn);
      }
      const md = policyTextToMarkdown(text);
      for (const rule of DEFAULT_POLICY.rules) expect(md).toContain(`**${rule.id}**`);
    });
  }

  it('groups rules by goods and orders them by priority', () => {
    const text = renderPolicyText(DEFAULT_POLICY, 'zh');
    expect(text.sections.map((s) => s.id)).toEqual([
      'virtual',
      'physical',
      'all_goods',
      'fees',
      'review',
      'arrival',
      'keys',
      'express',
      'general',
    ]);
    const express = text.sections.find((s) => s.id === 'express')!.items[0]!;
    expect(express.text).toContain('提交后立即退款');
    expect(express.details.join()).toContain('每 24 小时 2 笔');
    const off = renderPolicyText(
      { ...DEFAULT_POLICY, express: { ...DEFAULT_POLICY.express!, enabled: false } },
      'zh',
    );
    expect(off.sections.map((s) => s.id)).not.toContain('express');
    const virtual = text.sections[0]!.items.map((i) => i.id);
    expect(virtual[0]).toBe('V-7D');
    expect(virtual.at(-1)).toBe('V-USED');
    expect(text.sections[2]!.items.map((i) => i.id)).toEqual(['F-DISPUTE', 'F-NO-FEE']);
  });

  it('states fees, review times and arrival times from the data', () => {
    const md = policyTextToMarkdown(renderPolicyText(DEFAULT_POLICY, 'zh'));
    expect(md).toContain('# 退款政策 (v1)');
    expect(md).toContain('平台服务费：退款金额的 5%');
    expect(md).toContain('虚拟商品（卡密、直充、会员）：1–3 个工作日');
    expect(md).toContain('实物商品：3–5 个工作日');
    expect(md).toContain('余额：即时');
    expect(md).toContain('审核拒绝后 7 个工作日内可申诉一次');
    expect(
      policyTextToMarkdown(renderPolicyText({ ...DEFAULT_POLICY, appealWithinDays: 10 }, 'zh')),
    ).toContain('审核拒绝后 10 个工作日内可申诉一次');
    expect(md).toContain('扣除：平台服务费 5%');
    expect(md).toContain('虚拟商品不支持七天无理由退款（规则 V-7D）');
    const en = policyTextToMarkdown(renderPolicyText(DEFAULT_POLICY, 'en'));
    expect(en).toContain('Alipay: 1–3 business days');
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('explains the engine reasons a quote can cite', () => {
    const general = renderPolicyText(DEFAULT_POLICY, 'en').sections.find((s) => s.id === 'general')!;
    expect(general.items.map((i) => i.id).sort()).toEqual([...SYSTEM_REASON_IDS].sort());
  });
});
