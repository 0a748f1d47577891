import { type ValidationIssue, validateWith } from '../validation.ts';
import { type PolicyDocument, PolicyDocumentSchema } from './schema.ts';

export type PolicyIssue = ValidationIssue;

export type ParsePolicyResult =
  | { readonly ok: true; readonly policy: PolicyDocument }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/** Validates an admin's draft policy; issues carry paths such as `rules[3].outcome.feeIds[0]`. */
export function parsePolicy(input: unknown): ParsePolicyResult {
  const r = validateWith(PolicyDocumentSchema, input);
  return r.ok ? { ok: true, policy: r.value } : r;
}
