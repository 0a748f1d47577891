import { request } from './client.ts';
import type { Bilingual, CaseDetail } from './refunds.ts';

/** How a signal's value reads: a count, a share (0.3 = 30%), a yes/no, days, fen or hours. */
export type SignalKind = 'count' | 'ratio' | 'flag' | 'days' | 'fen' | 'hours';
export type RiskAction = 'none' | 'watch' | 'no_express' | 'hold';
export type RuleAction = 'hold' | 'no_express' | 'watch' | 'score';
export type LinkKind = 'payer' | 'device' | 'ip';

export interface SignalInfo {
  id: string;
  labelZh: string;
  labelEn: string;
  kind: SignalKind;
}

export interface CaseSignal extends SignalInfo {
  value: number | boolean;
  /** What the value was computed from (card keys, cases, channel…); null when it needs none. */
  evidence: Record<string, unknown> | null;
}

export interface FiredRule {
  id: string;
  score: number;
  action: RuleAction;
  reasonZh: string;
  reasonEn: string;
}

export interface LinkedAccount {
  userId: number;
  displayName: string;
  username: string;
  joinedAt: string;
  /** The shared values, masked by the server (enough to compare, never the whole id). */
  via: { kind: LinkKind; value: string }[];
  cases: { total: number; refunded: number; rejected: number; open: number; held: number };
  recentCases: {
    refundNo: string;
    state: string;
    stateLabel: Bilingual;
    amountFen: number;
    createdAt: string;
  }[];
}

/** The reviewer's view of a case's risk assessment (taken at submission) and its linked accounts (now). */
export interface CaseRisk {
  refundNo: string;
  state: string;
  held: boolean;
  assessed: boolean;
  rulesVersion: number | null;
  assessedAt: string | null;
  score: number;
  action: RiskAction;
  signals: CaseSignal[];
  rules: FiredRule[];
  buyer: { userId: number; displayName: string; joinedAt: string | null; identityVerified: boolean };
  linkedAccounts: LinkedAccount[];
}

export type Comparison = { signal: string; op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq'; value: number | boolean };
export type Condition =
  | Comparison
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

export interface RiskRule {
  id: string;
  enabled: boolean;
  when: Condition;
  score: number;
  action: RuleAction;
  reasonZh: string;
  reasonEn: string;
}

export interface RiskRulesDocument {
  version?: number;
  holdScore: number;
  rules: RiskRule[];
}

export interface RiskRulesInForce {
  version: number;
  document: RiskRulesDocument;
  note: string;
  publishedAt: string;
  signals: SignalInfo[];
}

export interface RiskRulesVersion {
  version: number;
  note: string;
  basedOn: number | null;
  publishedBy: string | null;
  publishedAt: string;
  document: RiskRulesDocument;
}

export interface HoldStats {
  held: number;
  decided: number;
  laterApproved: number;
  /** Later approved ÷ decided among the held; null when none was decided. */
  falsePositiveRate: number | null;
}

export interface RiskSimulationExample {
  refundNo: string;
  outcome: string;
  rules: string[];
}

export interface RiskSimulation {
  days: number;
  currentVersion: number;
  cases: number;
  current: HoldStats;
  draft: HoldStats;
  rules: (HoldStats & { id: string; fired: number })[];
  /** The first examples; the counts are all of them. */
  newlyHeld: RiskSimulationExample[];
  released: RiskSimulationExample[];
  newlyHeldCount: number;
  releasedCount: number;
}

const reviewPath = (refundNo: string) => `/api/review/${encodeURIComponent(refundNo)}`;

export function getCaseRisk(refundNo: string): Promise<CaseRisk> {
  return request('GET', `${reviewPath(refundNo)}/risk`);
}

/** 解除风控: a person clears the hold; the case returns to normal review. */
export function clearRisk(refundNo: string, body: { note: string; expectedVersion: number }) {
  return request<CaseDetail>('POST', `${reviewPath(refundNo)}/clear-risk`, body);
}

export function getRiskRules(): Promise<RiskRulesInForce> {
  return request('GET', '/api/admin/risk/rules');
}

export async function listRiskRuleVersions(): Promise<RiskRulesVersion[]> {
  const { items } = await request<{ items: RiskRulesVersion[] }>('GET', '/api/admin/risk/rules/versions');
  return items;
}

/**
 * Publishes `document` as the next version; `basedOn` is the version the admin edited, so a publish
 * by someone else meanwhile is refused (409 RISK.RULES_STALE). A rollback publishes an older document.
 */
export function publishRiskRules(body: { document: unknown; note: string; basedOn: number }) {
  return request<{ version: number }>('PUT', '/api/admin/risk/rules', body);
}

export function simulateRiskRules(document: unknown, days: number): Promise<RiskSimulation> {
  return request('POST', '/api/admin/risk/simulate', { document, days });
}
