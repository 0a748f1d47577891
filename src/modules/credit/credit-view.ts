import { eq } from 'drizzle-orm';
import {
  type CreditFactor,
  type CreditFacts,
  type CreditHint,
  type CreditLevel,
  creditScore,
  creditThresholdsOf,
  expressPolicyOf,
  levelOf,
  levelRank,
  nextLevel,
} from '../../core/credit/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { refreshCredit } from './refresh-credit.ts';
import { buyerCredit } from './schema.ts';

export type CreditView = {
  score: number;
  base: number;
  level: CreditLevel;
  thresholds: { good: number; great: number; excellent: number };
  factors: CreditFactor[];
  /** Steps that would raise the score, largest first. */
  next: CreditHint[];
  nextLevel: { level: CreditLevel; missing: number } | null;
  express: { eligibleLevel: boolean; minLevel: CreditLevel; enabled: boolean; revoked: boolean };
  computedAt: string;
};

type Row = typeof buyerCredit.$inferSelect;

/**
 * The stored row, up to date: a buyer never scored yet (an account older than the score) is scored
 * now, and so is one whose row a decision has marked stale since (the workers would within a second).
 */
export async function creditRow(db: Db, userId: number, now: Date): Promise<Row> {
  const [row] = await db.select().from(buyerCredit).where(eq(buyerCredit.userId, userId));
  if (row && row.staleGen <= row.freshGen) return row;
  await refreshCredit(db, userId, now);
  const [fresh] = await db.select().from(buyerCredit).where(eq(buyerCredit.userId, userId));
  return fresh!;
}

/** 信用分 as the buyer (and the agents on the workbench) see it: level under the policy in force. */
export async function readCredit(db: Db, userId: number, now: Date): Promise<CreditView> {
  const [row, policy] = await Promise.all([creditRow(db, userId, now), currentPolicy(db)]);
  const thresholds = creditThresholdsOf(policy.document);
  const express = expressPolicyOf(policy.document);
  const level = levelOf(row.score, thresholds);
  // The hints are derived from the stored facts (pure), not stored.
  const { raise } = creditScore(row.facts as CreditFacts);
  return {
    score: row.score,
    base: creditScore(row.facts as CreditFacts).base,
    level,
    thresholds,
    factors: row.factors as CreditFactor[],
    next: raise,
    nextLevel: nextLevel(row.score, thresholds),
    express: {
      enabled: express.enabled,
      minLevel: express.minLevel,
      eligibleLevel: levelRank(level) >= levelRank(express.minLevel),
      revoked: row.expressRevoked,
    },
    computedAt: row.computedAt.toISOString(),
  };
}
