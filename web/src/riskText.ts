import type { Condition, SignalInfo, SignalKind } from './api/risk.ts';
import { formatYuan } from './format.ts';

/**
 * Risk control (风控) as words: signal values by their kind, rule conditions as a sentence built from
 * the signals' labels ("近 30 天退款申请数 ≥ 4 且 退款率 ≥ 30%"), and the evidence the server keeps
 * beside a value. Pure, so the reviewer's panel and the admin's rules page read the same.
 */

export type Lang = 'zh-CN' | 'en';

const words = {
  'zh-CN': {
    yes: '是',
    no: '否',
    days: ' 天',
    hours: ' 小时',
    and: ' 且 ',
    or: ' 或 ',
    open: '（',
    close: '）',
  },
  en: { yes: 'Yes', no: 'No', days: ' days', hours: ' h', and: ' and ', or: ' or ', open: '(', close: ')' },
} as const;

/** Up to `digits` decimals, without trailing zeros (0.30000000000000004 × 100 → 30). */
function trimmed(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

export function formatSignalValue(kind: SignalKind, value: number | boolean, lang: Lang): string {
  const w = words[lang];
  if (typeof value === 'boolean') return value ? w.yes : w.no;
  switch (kind) {
    case 'flag':
      return value ? w.yes : w.no;
    case 'ratio':
      return `${trimmed(value * 100, 1)}%`;
    case 'fen':
      return formatYuan(Math.round(value));
    case 'days':
      return `${trimmed(value, 1)}${w.days}`;
    case 'hours':
      return `${trimmed(value, 1)}${w.hours}`;
    case 'count':
      return trimmed(value, 2);
    default:
      return assertNever(kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected signal kind ${String(value)}`);
}

/** A label without its explanation in brackets: "退款率（已退款订单 ÷ 已支付订单）" → "退款率". */
export function shortLabel(label: string): string {
  return label.replace(/\s*[（(][^（）()]*[）)]\s*$/, '') || label;
}

export function signalLabel(signal: Pick<SignalInfo, 'labelZh' | 'labelEn'>, lang: Lang): string {
  return lang === 'en' ? signal.labelEn : signal.labelZh;
}

const opSymbols = { gt: '>', gte: '≥', lt: '<', lte: '≤', eq: '=' } as const;

/**
 * A condition as a sentence. Groups inside groups are bracketed; a signal the page does not know is
 * named by its id (an old version may read a signal since removed).
 */
export function conditionText(
  condition: Condition,
  signals: ReadonlyMap<string, SignalInfo>,
  lang: Lang,
): string {
  const w = words[lang];
  const inner = (c: Condition): string => {
    const text = conditionText(c, signals, lang);
    return 'signal' in c || 'not' in c ? text : `${w.open}${text}${w.close}`;
  };
  if ('signal' in condition) {
    const signal = signals.get(condition.signal);
    const label = signal ? shortLabel(signalLabel(signal, lang)) : condition.signal;
    if (signal?.kind === 'flag' && condition.op === 'eq' && typeof condition.value === 'boolean') {
      if (condition.value) return label;
      return lang === 'en' ? `not: ${label}` : `并非「${label}」`;
    }
    const value = formatSignalValue(signal?.kind ?? 'count', condition.value, lang);
    return `${label} ${opSymbols[condition.op]} ${value}`;
  }
  if ('not' in condition) return lang === 'en' ? `not ${inner(condition.not)}` : `非${inner(condition.not)}`;
  const parts = 'all' in condition ? condition.all : condition.any;
  return parts.map(inner).join('all' in condition ? w.and : w.or);
}

/** What the server keeps beside a signal value, sorted for display. */
export interface EvidenceView {
  /** Case numbers (links to their workbench). */
  cases: string[];
  cardKeyIds: number[];
  /** Anything else, as name → text. */
  other: [string, string][];
}

const caseNo = /^R\d+$/;

export function describeEvidence(evidence: Record<string, unknown> | null | undefined): EvidenceView {
  const view: EvidenceView = { cases: [], cardKeyIds: [], other: [] };
  for (const [key, value] of Object.entries(evidence ?? {})) {
    if (key === 'cardKeyIds' && Array.isArray(value))
      view.cardKeyIds.push(...value.filter((id): id is number => typeof id === 'number'));
    else if (
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((v) => typeof v === 'string' && caseNo.test(v))
    )
      view.cases.push(...(value as string[]));
    else if (Array.isArray(value)) {
      if (value.length > 0) view.other.push([key, value.map(String).join(', ')]);
    } else if (value !== null && value !== undefined)
      view.other.push([key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  }
  return view;
}
