/**
 * The credit score (信用分): a pure function of what Kameng knows about a buyer. Every point is
 * explained — the score is the base plus the points of each factor, nothing else — and each factor is
 * capped, so the score is bounded (0…1000) without clamping anything away. Good facts only ever add,
 * bad facts only ever subtract (property-tested in score.test.ts).
 */

/** What the score reads: counters kept with the facts (order paid, case decided, hold cleared, …). */
export type CreditFacts = {
  accountAgeDays: number;
  /** Paid orders among the buyer's last 500 orders (the window the facts are read over). */
  paidOrders: number;
  /** What those orders paid, in fen. */
  paidFen: number;
  /** Refund cases the buyer opened in that window (fee disputes not counted). */
  refundCases: number;
  casesApproved: number;
  casesRejected: number;
  /** Risk holds a person cleared, and holds that ended in a rejection for risk (风控). */
  holdsCleared: number;
  holdsRejected: number;
  /** Post-audit (事后抽检) findings on the buyer's express refunds. */
  auditFine: number;
  auditAbusive: number;
  /** Express refunds a supervisor found wrong after a merchant's objection. */
  expressLosses: number;
  identityVerified: boolean;
  phoneBound: boolean;
};

export const CREDIT_FACT_IDS = [
  'accountAge',
  'paidOrders',
  'paidAmount',
  'casesApproved',
  'auditFine',
  'identityVerified',
  'phoneBound',
  'refundRate',
  'casesRejected',
  'holdsRejected',
  'auditAbusive',
  'expressLosses',
] as const;
export type CreditFactorId = (typeof CREDIT_FACT_IDS)[number];

/** One line of the explanation: the points this factor gives (negative: takes), within ±`max`. */
export type CreditFactor = {
  id: CreditFactorId;
  points: number;
  /** The most this factor can add (positive) or take (negative). */
  max: number;
  /** The fact it read, as shown to the buyer (days, orders, yuan, percent, count, 1/0). */
  value: number;
};

/** A step that would raise the score, and by how much at most. */
export type CreditHint = { id: CreditFactorId; gain: number };

export type CreditScore = { score: number; base: number; factors: CreditFactor[]; raise: CreditHint[] };

export const CREDIT_BASE = 500;
export const CREDIT_MIN = 0;
export const CREDIT_MAX = 1000;

const capped = (n: number, each: number, max: number) => Math.min(max, Math.max(0, Math.floor(n)) * each);

/** Refund cases per paid order above 20 % lower the score (20 % × 300, kept in integers). */
const FREE_RATE_300 = 60;

/** Caps of the good factors (they sum to CREDIT_MAX − CREDIT_BASE). */
const GOOD = {
  accountAge: 80,
  paidOrders: 120,
  paidAmount: 80,
  casesApproved: 30,
  auditFine: 30,
  identityVerified: 100,
  phoneBound: 60,
} as const;

/** Caps of the bad factors (they sum to CREDIT_BASE − CREDIT_MIN). */
const BAD = {
  refundRate: 120,
  casesRejected: 120,
  holdsRejected: 120,
  auditAbusive: 90,
  expressLosses: 50,
} as const;

/**
 * The orders the refund rate is taken over: every case is on a paid order, so never fewer than the
 * cases (the paid orders read are bounded; the cases are not). A buyer with a case and no paid order
 * counted has a rate of 100 %, not none — or their first paid order would lower their score.
 */
const rateBase = (f: CreditFacts) => Math.max(f.paidOrders, f.refundCases);

function refundRatePenalty(f: CreditFacts): number {
  if (f.refundCases <= 0) return 0;
  // 3 points per percentage point above the free share, in integers: (rate − 20 %) × 300.
  const over = f.refundCases * 300 - rateBase(f) * FREE_RATE_300;
  return Math.min(BAD.refundRate, Math.floor(Math.max(0, over) / rateBase(f)));
}

/** 20 points per decade of yuan paid: 10 元 → 20, 1,000 元 → 60, 10,000 元 and more → 80. */
function paidPoints(paidFen: number): number {
  const yuan = Math.max(0, paidFen) / 100;
  return Math.min(GOOD.paidAmount, Math.floor(20 * Math.log10(1 + yuan)));
}

export function creditScore(f: CreditFacts): CreditScore {
  const rate = f.refundCases > 0 ? Math.round((f.refundCases / rateBase(f)) * 100) : 0;
  const factors: CreditFactor[] = [
    {
      id: 'accountAge',
      points: Math.min(GOOD.accountAge, Math.floor((Math.max(0, f.accountAgeDays) * GOOD.accountAge) / 730)),
      max: GOOD.accountAge,
      value: Math.max(0, Math.floor(f.accountAgeDays)),
    },
    {
      id: 'paidOrders',
      points: capped(f.paidOrders, 4, GOOD.paidOrders),
      max: GOOD.paidOrders,
      value: f.paidOrders,
    },
    {
      id: 'paidAmount',
      points: paidPoints(f.paidFen),
      max: GOOD.paidAmount,
      value: Math.floor(Math.max(0, f.paidFen) / 100),
    },
    {
      id: 'casesApproved',
      points: capped(f.casesApproved, 3, GOOD.casesApproved),
      max: GOOD.casesApproved,
      value: f.casesApproved,
    },
    {
      id: 'auditFine',
      points: capped(f.auditFine, 10, GOOD.auditFine),
      max: GOOD.auditFine,
      value: f.auditFine,
    },
    {
      id: 'identityVerified',
      points: f.identityVerified ? GOOD.identityVerified : 0,
      max: GOOD.identityVerified,
      value: f.identityVerified ? 1 : 0,
    },
    {
      id: 'phoneBound',
      points: f.phoneBound ? GOOD.phoneBound : 0,
      max: GOOD.phoneBound,
      value: f.phoneBound ? 1 : 0,
    },
    { id: 'refundRate', points: -refundRatePenalty(f), max: -BAD.refundRate, value: rate },
    {
      id: 'casesRejected',
      points: -capped(f.casesRejected, 30, BAD.casesRejected),
      max: -BAD.casesRejected,
      value: f.casesRejected,
    },
    {
      id: 'holdsRejected',
      points: -capped(f.holdsRejected, 60, BAD.holdsRejected),
      max: -BAD.holdsRejected,
      value: f.holdsRejected,
    },
    {
      id: 'auditAbusive',
      points: -capped(f.auditAbusive, 45, BAD.auditAbusive),
      max: -BAD.auditAbusive,
      value: f.auditAbusive,
    },
    {
      id: 'expressLosses',
      points: -capped(f.expressLosses, 50, BAD.expressLosses),
      max: -BAD.expressLosses,
      value: f.expressLosses,
    },
  ];
  const score = CREDIT_BASE + factors.reduce((s, x) => s + x.points, 0);
  return { score, base: CREDIT_BASE, factors, raise: hints(factors) };
}

/**
 * What would raise the score, largest gain first: good factors not yet full (the buyer can act on
 * them). Bad factors fade only as the record grows, so they are not offered as steps.
 */
function hints(factors: CreditFactor[]): CreditHint[] {
  return factors
    .filter((x) => x.max > 0 && x.points < x.max && x.id !== 'accountAge' && x.id !== 'auditFine')
    .map((x) => ({ id: x.id, gain: x.max - x.points }))
    .sort((a, b) => b.gain - a.gain);
}

/** A fresh account's facts (nothing known yet). */
export const NO_CREDIT_FACTS: CreditFacts = {
  accountAgeDays: 0,
  paidOrders: 0,
  paidFen: 0,
  refundCases: 0,
  casesApproved: 0,
  casesRejected: 0,
  holdsCleared: 0,
  holdsRejected: 0,
  auditFine: 0,
  auditAbusive: 0,
  expressLosses: 0,
  identityVerified: false,
  phoneBound: false,
};
