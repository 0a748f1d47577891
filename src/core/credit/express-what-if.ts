import type { ProductKind, RefundType } from '../policy/vocabulary.ts';
import { decideExpress, type ExpressBuyer, type ExpressPolicy } from './express.ts';
import { type CreditThresholds, levelOf } from './levels.ts';

/** One past case as the express what-if reads it (the draft's quote already applied). */
export type PastExpressCase = {
  buyerId: number;
  merchantId: number;
  type: RefundType;
  kind: ProductKind;
  at: Date;
  /** The draft's quote on the facts read at submission. */
  eligible: boolean;
  amountFen: number;
  /** The buyer's score (today's: scores are not kept per day) and the risk action at submission. */
  score: number;
  riskAction: ExpressBuyer['riskAction'];
  /** What happened: rejected by a person, or found abusive (post-audit or an upheld objection). */
  rejected: boolean;
  abusive: boolean;
};

export type ExpressWhatIf = { cases: number; amountFen: number; laterRejected: number; abusive: number };

const DAY = 86_400_000;

/**
 * How many past cases a draft's express rules would have refunded at once, streamed in submission
 * order; each buyer's caps are applied to the express cases the draft itself would have granted.
 */
export function createExpressWhatIf(p: ExpressPolicy, thresholds: CreditThresholds) {
  const report: ExpressWhatIf = { cases: 0, amountFen: 0, laterRejected: 0, abusive: 0 };
  const granted = new Map<number, { at: number; fen: number }[]>();
  return {
    add(c: PastExpressCase): void {
      const t = c.at.getTime();
      const mine = (granted.get(c.buyerId) ?? []).filter((g) => g.at > t - 30 * DAY);
      const sum = (gs: { fen: number }[]) => gs.reduce((s, g) => s + g.fen, 0);
      const day = mine.filter((g) => g.at > t - DAY);
      const d = decideExpress(
        p,
        {
          eligible: c.eligible,
          type: c.type,
          kind: c.kind,
          merchantId: c.merchantId,
          amountFen: c.amountFen,
        },
        {
          level: levelOf(c.score, thresholds),
          revoked: false,
          riskAction: c.riskAction,
          day: { count: day.length, fen: sum(day) },
          days30: { count: mine.length, fen: sum(mine) },
        },
      );
      if (!d.express) return;
      mine.push({ at: t, fen: c.amountFen });
      granted.set(c.buyerId, mine);
      report.cases += 1;
      report.amountFen += c.amountFen;
      if (c.rejected) report.laterRejected += 1;
      if (c.abusive) report.abusive += 1;
    },
    report: (): ExpressWhatIf => ({ ...report }),
  };
}
