import { z } from 'zod';
import { CREDIT_FACT_IDS, CREDIT_LEVELS } from '../../core/credit/index.ts';

const Level = z.enum(CREDIT_LEVELS);

/** 信用分: score, level under the policy in force, every factor's points, and what would raise it. */
export const CreditBody = z.object({
  score: z.number().int(),
  base: z.number().int(),
  level: Level,
  thresholds: z.object({ good: z.number().int(), great: z.number().int(), excellent: z.number().int() }),
  factors: z.array(
    z.object({
      id: z.enum(CREDIT_FACT_IDS),
      points: z.number().int(),
      max: z.number().int(),
      value: z.number(),
    }),
  ),
  next: z.array(z.object({ id: z.enum(CREDIT_FACT_IDS), gain: z.number().int() })),
  nextLevel: z.object({ level: Level, missing: z.number().int() }).nullable(),
  express: z.object({
    enabled: z.boolean(),
    minLevel: Level,
    eligibleLevel: z.boolean(),
    revoked: z.boolean(),
  }),
  computedAt: z.string(),
});
