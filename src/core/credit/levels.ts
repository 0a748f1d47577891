import { z } from 'zod';

/** Credit levels, lowest first: 普通 / 良好 / 优秀 / 极好. */
export const CREDIT_LEVELS = ['normal', 'good', 'great', 'excellent'] as const;
export type CreditLevel = (typeof CREDIT_LEVELS)[number];

const score = z.number().int().min(0).max(1000);

/** The lowest score of each level above 普通; part of the refund policy (versioned with it). */
export const CreditLevelsSchema = z
  .strictObject({ good: score, great: score, excellent: score })
  .superRefine((t, ctx) => {
    if (!(t.good < t.great && t.great < t.excellent))
      ctx.addIssue({
        code: 'custom',
        path: ['great'],
        message: 'thresholds must rise: good < great < excellent',
      });
  });
export type CreditThresholds = z.output<typeof CreditLevelsSchema>;

export const DEFAULT_CREDIT_THRESHOLDS: CreditThresholds = { good: 600, great: 700, excellent: 800 };

export function levelOf(score: number, t: CreditThresholds): CreditLevel {
  if (score >= t.excellent) return 'excellent';
  if (score >= t.great) return 'great';
  if (score >= t.good) return 'good';
  return 'normal';
}

export const levelRank = (level: CreditLevel): number => CREDIT_LEVELS.indexOf(level);

/** The next level up and the points still missing; null at the top. */
export function nextLevel(
  score: number,
  t: CreditThresholds,
): { level: CreditLevel; missing: number } | null {
  const current = levelRank(levelOf(score, t));
  const up = CREDIT_LEVELS[current + 1];
  if (!up || up === 'normal') return null;
  return { level: up, missing: t[up] - score };
}
