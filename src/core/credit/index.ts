export {
  DEFAULT_EXPRESS,
  decideExpress,
  EXPRESS_OFF,
  EXPRESS_REFUSAL_LABELS,
  EXPRESS_REFUSALS,
  type ExpressBuyer,
  type ExpressDecision,
  type ExpressPolicy,
  ExpressPolicySchema,
  type ExpressRefusal,
  type ExpressRequest,
  expressCandidate,
  sampledForAudit,
} from './express.ts';
export { createExpressWhatIf, type ExpressWhatIf, type PastExpressCase } from './express-what-if.ts';
export {
  CREDIT_LEVELS,
  type CreditLevel,
  CreditLevelsSchema,
  type CreditThresholds,
  DEFAULT_CREDIT_THRESHOLDS,
  levelOf,
  levelRank,
  nextLevel,
} from './levels.ts';
export { creditThresholdsOf, expressPolicyOf } from './of-policy.ts';
export { planRecovery, type RecoveryPlan, recoveryNoOf, recoveryTxn } from './recovery.ts';
export {
  CREDIT_BASE,
  CREDIT_FACT_IDS,
  CREDIT_MAX,
  CREDIT_MIN,
  type CreditFactor,
  type CreditFactorId,
  type CreditFacts,
  type CreditHint,
  type CreditScore,
  creditScore,
  NO_CREDIT_FACTS,
} from './score.ts';
