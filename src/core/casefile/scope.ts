import { THREADS, type Thread } from '../refunds/conversation.ts';

/**
 * What a case file (案件档案) holds depends on who exports it. The buyer gets the case as it concerns
 * them — their own personal data and evidence, the decisions and payouts, their complaints, their thread
 * of the case conversation — without the
 * merchant's internals (its evidence, the ledger's view of its money, risk scores, staff identities).
 * The merchant gets its own order's facts, the records, timeline, decisions, payouts and every file on the
 * case and its own thread of the conversation (never the buyer's), with the buyer's personal data left out or masked (name, phone and identity numbers, the device
 * and network of key extractions, what the buyer named the files) and only the complaints about the shop.
 * Supervisors and admins get the full file a regulator may ask for.
 */
export const CASE_FILE_SCOPES = ['buyer', 'merchant', 'full'] as const;
export type CaseFileScope = (typeof CASE_FILE_SCOPES)[number];

export type CaseFileSections = {
  /** Evidence uploaded by anyone (true) or only by the buyer (false). */
  allEvidence: boolean;
  /** Ledger transactions of the case's money (escrow, merchant balance, guarantee fund, fee income). */
  ledger: boolean;
  /** The risk assessment (score, rules fired). */
  risk: boolean;
  /** Staff and merchant user ids on the timeline (roles are always shown). */
  actorIds: boolean;
  /** The `data` of timeline events (internal details such as payout numbers, risk signals). */
  eventData: boolean;
  /** Extraction records' IP address and user agent (personal data of the buyer's device). */
  deviceDetails: boolean;
  /**
   * The buyer's personal data masked: their name (张**), phone and identity numbers and e-mail addresses
   * in free text, the names they gave their files.
   */
  maskBuyer: boolean;
  /** Which complaints: all on the case, or only those about the merchant (what its portal shows). */
  complaints: 'all' | 'about_merchant';
  /** Which threads of the case conversation (留言): the reader's own, or both for the full file. */
  threads: readonly Thread[];
};

export function caseFileSections(scope: CaseFileScope): CaseFileSections {
  switch (scope) {
    case 'buyer':
      return {
        allEvidence: false,
        ledger: false,
        risk: false,
        actorIds: false,
        eventData: false,
        deviceDetails: true,
        maskBuyer: false,
        complaints: 'all',
        threads: ['buyer'],
      };
    case 'merchant':
      return {
        allEvidence: true,
        ledger: false,
        risk: false,
        actorIds: false,
        eventData: false,
        deviceDetails: false,
        maskBuyer: true,
        complaints: 'about_merchant',
        threads: ['merchant'],
      };
    case 'full':
      return {
        allEvidence: true,
        ledger: true,
        risk: true,
        actorIds: true,
        eventData: true,
        deviceDetails: true,
        maskBuyer: false,
        complaints: 'all',
        threads: THREADS,
      };
  }
}

/**
 * Which file a role may export: buyers their own case's buyer file, merchants the merchant file of a
 * case on their shop's orders, supervisors and admins the full one; agents none.
 */
export function scopeForRole(
  role: 'buyer' | 'merchant' | 'agent' | 'supervisor' | 'admin',
): CaseFileScope | null {
  switch (role) {
    case 'buyer':
      return 'buyer';
    case 'merchant':
      return 'merchant';
    case 'supervisor':
    case 'admin':
      return 'full';
    case 'agent':
      return null;
  }
}

/** How the PDF names its edition. */
export function scopeLabelZh(scope: CaseFileScope): string {
  switch (scope) {
    case 'buyer':
      return '买家版（仅含买家本人数据，不含商家内部信息）';
    case 'merchant':
      return '商家版（买家姓名、联系方式、证件号与设备信息已隐去或打码）';
    case 'full':
      return '完整版（主管/管理员）';
  }
}

/** 张小明 → 张**: the first character stays, so the merchant can tell one buyer from another. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '—';
  if (chars.length === 1) return '*';
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 4))}`;
}

// Mainland mobile numbers (11 digits, 1[3-9]…), resident identity numbers (18, the last may be X) and
// e-mail addresses, not when they are part of a longer run of digits (order and refund numbers).
const MOBILE = /(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])/g;
const IDENTITY = /(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9Xx])/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/**
 * Free text (the buyer's description, reasons on the timeline, complaint texts) with the buyer's personal
 * data masked: phone 138****5678, identity 110101********123X, e-mail a***@example.com, and the buyer's
 * own name wherever it is written.
 */
export function maskPersonalText(text: string, buyerName: string | null): string {
  let out = text
    .replace(IDENTITY, (_, head: string, tail: string) => `${head}********${tail}`)
    .replace(MOBILE, (_, head: string, tail: string) => `${head}****${tail}`)
    .replace(EMAIL, (_, first: string, domain: string) => `${first}***@${domain}`);
  const name = buyerName?.trim();
  if (name && [...name].length >= 2) out = out.split(name).join(maskName(name));
  return out;
}
