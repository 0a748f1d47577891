import { formatRateBp, formatYuan } from '../money/fen.ts';
import { type PolicyInput, toCompiledPolicy } from './compile.ts';
import type { DayRange, FeeLine, PolicyDocument, Rule } from './schema.ts';
import { SYSTEM_REASON_SUMMARIES } from './system-reasons.ts';
import {
  CHANNEL_LABELS,
  EVIDENCE_KIND_LABELS,
  goodsClassOf,
  type Lang,
  PAYMENT_CHANNELS,
  PRODUCT_KIND_LABELS,
  REFUND_TYPE_LABELS,
} from './vocabulary.ts';

export interface PolicyTextItem {
  /** A rule id, a fee id, a channel, or an engine reason id. */
  readonly id: string;
  readonly text: string;
  readonly details: readonly string[];
}

export type PolicySectionId =
  | 'virtual'
  | 'physical'
  | 'all_goods'
  | 'fees'
  | 'review'
  | 'arrival'
  | 'keys'
  | 'express'
  | 'general';

export interface PolicySection {
  readonly id: PolicySectionId;
  readonly title: string;
  readonly items: readonly PolicyTextItem[];
}

export interface PolicyText {
  readonly lang: Lang;
  readonly title: string;
  readonly version: number | null;
  readonly sections: readonly PolicySection[];
}

const T = {
  zh: {
    title: '退款政策',
    virtual: '虚拟商品（卡密、直充、会员）',
    physical: '实物商品',
    all_goods: '所有商品',
    fees: '手续费标准',
    review: '审核时限',
    arrival: '退款到账时间',
    general: '通用说明',
    keys: '卡密与退款',
    keyItems: [
      [
        'KEYS-PER-UNIT',
        '卡密订单按张计算：未提取的卡密按「未使用」退款，已提取的卡密按「已使用」规则处理，一张已提取不影响其他卡密退款；未发放的部分按未发货全额退款。',
      ],
      ['KEYS-REVEAL', '查看或复制卡密即视为已使用，之后将无法以「未使用」为由退款；查看前页面会再次确认。'],
      ['KEYS-LOCKED', '退款申请处理期间，申请所涉及的未提取卡密暂时锁定、不能查看；撤销申请后即可恢复查看。'],
      ['KEYS-VOID', '退款审核通过时，所退卡密即对买家作废，不能再查看；从未提取的卡密退回商家库存。'],
      [
        'FEES-KEPT',
        '已扣除的手续费不会在之后的退款中再次退还；如对手续费有异议，请在退款完成后申请「手续费争议」，由售后主管复核。',
      ],
    ],
    appliesTo: '适用',
    evidence: '需要的凭证',
    optional: '（可选）',
    feesLabel: '扣除',
    hint: '建议',
    rate: (f: FeeLine) =>
      `${f.labelZh}：退款金额的 ${formatRateBp(f.rateBp)}` +
      (f.minFen > 0 ? `，最低 ${formatYuan(f.minFen)} 元` : '') +
      (f.maxFen !== undefined ? `，最高 ${formatYuan(f.maxFen)} 元` : '') +
      '；未发货的虚拟商品部分不收取。',
    days: (r: DayRange, what: string) =>
      r.maxDays === 0 ? `${what}：即时` : `${what}：${range(r)} 个工作日`,
    appeal: (days: number) =>
      `审核拒绝后 ${days} 个工作日内可申诉一次，由客服主管重新审核；期间该订单的货款暂不结算给商家。`,
  },
  en: {
    title: 'Refund policy',
    virtual: 'Virtual goods (card keys, top-ups, memberships)',
    physical: 'Physical goods',
    all_goods: 'All goods',
    fees: 'Fees',
    review: 'Review time',
    arrival: 'When the money arrives',
    general: 'General',
    keys: 'Card keys and refunds',
    keyItems: [
      [
        'KEYS-PER-UNIT',
        'Card-key orders are refunded key by key: unrevealed keys count as unused, revealed keys follow the rules for used goods, so one revealed key never blocks the others; units never issued are refunded in full.',
      ],
      [
        'KEYS-REVEAL',
        'Viewing or copying a key counts as using it: it can no longer be refunded as unused. The page asks before showing one.',
      ],
      [
        'KEYS-LOCKED',
        'While a refund is being handled, the unrevealed keys it covers are locked and cannot be viewed; withdrawing the application unlocks them.',
      ],
      [
        'KEYS-VOID',
        'When the refund is approved the refunded keys are void for the buyer and can no longer be viewed; keys never revealed go back to the merchant’s stock.',
      ],
      [
        'FEES-KEPT',
        'A fee already deducted is not paid back by a later refund of another type; to dispute it, apply for a “Fee dispute” after the refund, which a supervisor reviews.',
      ],
    ],
    appliesTo: 'Applies to',
    evidence: 'Evidence',
    optional: ' (optional)',
    feesLabel: 'Deducted',
    hint: 'Tip',
    rate: (f: FeeLine) =>
      `${f.labelEn}: ${formatRateBp(f.rateBp)} of the refund` +
      (f.minFen > 0 ? `, at least ¥${formatYuan(f.minFen)}` : '') +
      (f.maxFen !== undefined ? `, at most ¥${formatYuan(f.maxFen)}` : '') +
      '; never charged on undelivered virtual goods.',
    days: (r: DayRange, what: string) =>
      r.maxDays === 0 ? `${what}: immediate` : `${what}: ${range(r)} business days`,
    appeal: (days: number) =>
      `A rejected request can be appealed once within ${days} business days; a supervisor reviews it again, and the order's money is not paid to the merchant meanwhile.`,
  },
} as const;

function range(r: DayRange): string {
  return r.minDays === r.maxDays ? `${r.maxDays}` : `${r.minDays}–${r.maxDays}`;
}

function sectionOf(rule: Rule): 'virtual' | 'physical' | 'all_goods' {
  const classes = new Set(rule.appliesTo.kinds.map(goodsClassOf));
  if (classes.size > 1) return 'all_goods';
  return classes.has('physical') ? 'physical' : 'virtual';
}

function ruleItem(rule: Rule, fees: ReadonlyMap<string, FeeLine>, lang: Lang): PolicyTextItem {
  const t = T[lang];
  const sep = lang === 'zh' ? '、' : ', ';
  const colon = lang === 'zh' ? '：' : ': ';
  const kinds = rule.appliesTo.kinds.map((k) => PRODUCT_KIND_LABELS[k][lang]).join(sep);
  const types = rule.appliesTo.types.map((k) => REFUND_TYPE_LABELS[k][lang]).join(sep);
  const details = [`${t.appliesTo}${colon}${kinds} · ${types}`];
  for (const e of rule.evidence) {
    const desc = lang === 'zh' ? e.descriptionZh : e.descriptionEn;
    const need = e.min === 0 ? t.optional : ` ×${e.min}`;
    details.push(`${t.evidence}${colon}${EVIDENCE_KIND_LABELS[e.kind][lang]}${need} — ${desc}`);
  }
  for (const id of rule.outcome.feeIds) {
    const fee = fees.get(id);
    if (fee !== undefined) {
      details.push(
        `${t.feesLabel}${colon}${lang === 'zh' ? fee.labelZh : fee.labelEn} ${formatRateBp(fee.rateBp)}`,
      );
    }
  }
  const hint = lang === 'zh' ? rule.hintZh : rule.hintEn;
  if (hint !== undefined) details.push(`${t.hint}${colon}${hint}`);
  return { id: rule.id, text: lang === 'zh' ? rule.textZh : rule.textEn, details };
}

/** 极速退款 as the policy sets it (nothing when it is off). */
function expressItems(doc: PolicyDocument, lang: Lang): PolicyTextItem[] {
  const e = doc.express;
  if (!e?.enabled) return [];
  const zh = lang === 'zh';
  const level = { good: ['良好', 'Good'], great: ['优秀', 'Very good'], excellent: ['极好', 'Excellent'] }[
    e.minLevel
  ];
  const types = e.types.map((x) => REFUND_TYPE_LABELS[x][lang]).join(zh ? '、' : ', ');
  const kinds = e.kinds.map((x) => PRODUCT_KIND_LABELS[x][lang]).join(zh ? '、' : ', ');
  const y = (fen: number) => `¥${formatYuan(fen)}`;
  return [
    {
      id: 'EXPRESS',
      text: zh
        ? `信用等级达到「${level[0]}」及以上的买家，${kinds}的${types}申请，单笔不超过 ${y(e.maxCaseFen)} 的，提交后立即退款，无需等待审核。`
        : `Buyers at “${level[1]}” or above: ${types} requests on ${kinds} of at most ${y(e.maxCaseFen)} are refunded as soon as they are submitted, with no review.`,
      details: [
        zh
          ? `额度：每 24 小时 ${e.perDay.count} 笔、${y(e.perDay.fen)}；每 30 天 ${e.per30Days.count} 笔、${y(e.per30Days.fen)}。`
          : `Limits: ${e.perDay.count} cases and ${y(e.perDay.fen)} per 24 hours; ${e.per30Days.count} cases and ${y(e.per30Days.fen)} per 30 days.`,
        zh
          ? `风控标记的申请不适用；商家可在 ${e.objectionHours} 小时内凭证据提出异议，由主管裁定，退款有误的损失由平台保障金承担，经买家同意方可追回，并取消其极速退款资格。`
          : `Never for a request risk control flags. The merchant may object with proof within ${e.objectionHours} hours; a supervisor decides; a wrong refund is the platform's loss (guarantee fund), recovered from the buyer only with consent, and the buyer loses express eligibility.`,
        zh
          ? `事后抽检：按 ${e.audit.ratePercent}% 抽样，${y(e.audit.aboveFen)} 及以上的每笔都检查，结论计入信用分。`
          : `Audited afterwards: ${e.audit.ratePercent}% at random and every case of ${y(e.audit.aboveFen)} or more; findings count in the credit score.`,
      ],
    },
  ];
}

/**
 * The help-centre policy page, generated from the same rules the engine applies, so the page and
 * the decisions cannot drift apart. Every rule appears with its id and sentence.
 */
export function renderPolicyText(policy: PolicyInput, lang: Lang): PolicyText {
  const { doc } = toCompiledPolicy(policy);
  const t = T[lang];
  const fees = new Map(doc.fees.map((f) => [f.id, f]));
  const byPriority = [...doc.rules].sort((a, b) => b.priority - a.priority);
  const ruleSection = (id: 'virtual' | 'physical' | 'all_goods'): PolicySection => ({
    id,
    title: t[id],
    items: byPriority.filter((r) => sectionOf(r) === id).map((r) => ruleItem(r, fees, lang)),
  });
  const sections: PolicySection[] = [
    ruleSection('virtual'),
    ruleSection('physical'),
    ruleSection('all_goods'),
    {
      id: 'fees',
      title: t.fees,
      items: doc.fees.map((f) => ({ id: f.id, text: t.rate(f), details: [] })),
    },
    {
      id: 'review',
      title: t.review,
      items: [
        ...(['virtual', 'physical'] as const).map((c) => ({
          id: `SLA-${c.toUpperCase()}`,
          text: t.days(doc.sla[c], t[c]),
          details: [],
        })),
        { id: 'APPEAL', text: t.appeal(doc.appealWithinDays), details: [] },
      ],
    },
    {
      id: 'arrival',
      title: t.arrival,
      items: PAYMENT_CHANNELS.map((c) => ({
        id: `ARRIVAL-${c.toUpperCase()}`,
        text: t.days(doc.arrival[c], CHANNEL_LABELS[c][lang]),
        details: [],
      })),
    },
    {
      id: 'keys',
      title: t.keys,
      items: t.keyItems.map(([id, text]) => ({ id, text, details: [] })),
    },
    {
      id: 'express',
      title: lang === 'zh' ? '极速退款' : 'Express refunds',
      items: expressItems(doc, lang),
    },
    {
      id: 'general',
      title: t.general,
      items: SYSTEM_REASON_SUMMARIES.map((r) => ({
        id: r.ruleId,
        text: lang === 'zh' ? r.textZh : r.textEn,
        details: [],
      })),
    },
  ];
  return {
    lang,
    title: t.title,
    version: doc.version ?? null,
    sections: sections.filter((s) => s.items.length > 0),
  };
}

/** The same page as Markdown, for the CLI and exported case files. */
export function policyTextToMarkdown(text: PolicyText): string {
  const version = text.version === null ? '' : ` (v${text.version})`;
  const lines = [`# ${text.title}${version}`];
  for (const s of text.sections) {
    lines.push('', `## ${s.title}`, '');
    for (const item of s.items) {
      lines.push(`- **${item.id}** ${item.text}`);
      for (const d of item.details) lines.push(`  - ${d}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
