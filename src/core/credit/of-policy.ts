import type { PolicyDocument } from '../policy/schema.ts';
import { EXPRESS_OFF, type ExpressPolicy } from './express.ts';
import { type CreditThresholds, DEFAULT_CREDIT_THRESHOLDS } from './levels.ts';

/** The level thresholds a policy sets (older policies: the defaults). */
export const creditThresholdsOf = (doc: PolicyDocument): CreditThresholds =>
  doc.credit?.levels ?? DEFAULT_CREDIT_THRESHOLDS;

/** The express settings a policy sets (older policies: off). */
export const expressPolicyOf = (doc: PolicyDocument): ExpressPolicy => doc.express ?? EXPRESS_OFF;
