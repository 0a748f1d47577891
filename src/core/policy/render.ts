import { formatRateBp, formatYuan } from '../money/fen.ts';
import { type PolicyInput, toCompiledPolicy } from './compile.ts';
import type { DayRange, FeeLine, Rule } from './schema.ts';
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
      items: (['virtual', 'physical'] as const).map((c) => ({
        id: `SLA-${c.toUpperCase()}`,
        text: t.days(doc.sla[c], t[c]),
        details: [],
      })),
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
