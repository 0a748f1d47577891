export type { FeeResult, QuoteFee } from './amounts.ts';
export {
  type CompiledPolicy,
  type CompiledRule,
  compilePolicy,
  type PolicyInput,
  toCompiledPolicy,
} from './compile.ts';
export { DEFAULT_POLICY } from './default-policy.ts';
export type { DeliveryFacts, KeySelection, OrderFacts, RefundRequest } from './facts.ts';
export { type FactsJson, factsFromJson, factsToJson } from './facts-json.ts';
export { findOverlaps, type Overlap, type OverlapCandidate } from './overlap.ts';
export { type ParsePolicyResult, type PolicyIssue, parsePolicy } from './parse.ts';
export { type Quote, type QuotePart, quote } from './quote.ts';
export {
  type PolicySection,
  type PolicySectionId,
  type PolicyText,
  type PolicyTextItem,
  policyTextToMarkdown,
  renderPolicyText,
} from './render.ts';
export {
  type Conditions,
  ConditionsSchema,
  type DayRange,
  type EvidenceRequirement,
  EvidenceRequirementSchema,
  type FeeLine,
  FeeLineSchema,
  type PolicyDocument,
  PolicyDocumentSchema,
  REFUND_OUTCOMES,
  type RefundOutcome,
  type Rule,
  RuleSchema,
} from './schema.ts';
export {
  createSimulation,
  type Outcome,
  type PastRequest,
  type SimulationGroup,
  type SimulationReport,
} from './simulate.ts';
export { type Reason, SYSTEM_REASON_IDS, type SystemReasonId } from './system-reasons.ts';
export { isKeyed, PART_KINDS, type PartKind, partLabel } from './units.ts';
export * from './vocabulary.ts';
