import { useQuery } from '@tanstack/react-query';
import { getPublicPolicy } from '../api/policy.ts';

export const publicPolicyKey = ['policy', 'public'] as const;

/** The policy in force (public): the help centre's text, and the fee rates a quote shows. */
export function usePublicPolicy() {
  return useQuery({ queryKey: publicPolicyKey, queryFn: getPublicPolicy, staleTime: 60_000 });
}

/** The help-centre anchor of a rule, so a quote can link straight to the rule it cites. */
export const ruleAnchor = (id: string) => `rule-${id}`;
