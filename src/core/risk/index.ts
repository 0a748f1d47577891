export {
  evaluateRisk,
  type FiredRule,
  holds,
  type RiskOutcome,
  type RiskVerdict,
  storedSignals,
} from './evaluate.ts';
export { networkOf } from './network.ts';
export {
  type Condition,
  DEFAULT_RISK_RULES,
  parseRiskRules,
  type RiskRule,
  type RiskRules,
  RULE_ACTIONS,
  type RuleAction,
  signalsOf,
} from './rules.ts';
export { QUIET_SIGNALS, SIGNAL_IDS, SIGNALS, type SignalId, type SignalValues } from './signals.ts';
export {
  type CaseOutcome,
  type HistoricCase,
  type HoldStats,
  type RiskSimulation,
  riskSimulator,
} from './simulate.ts';
