import { request } from './client.ts';

export type CreditLevel = 'normal' | 'good' | 'great' | 'excellent';
export type CreditFactorId =
  | 'accountAge'
  | 'paidOrders'
  | 'paidAmount'
  | 'casesApproved'
  | 'auditFine'
  | 'identityVerified'
  | 'phoneBound'
  | 'refundRate'
  | 'casesRejected'
  | 'holdsRejected'
  | 'auditAbusive'
  | 'expressLosses';

/** 信用分: every point explained (base + the factors' points = score). */
export interface Credit {
  score: number;
  base: number;
  level: CreditLevel;
  thresholds: { good: number; great: number; excellent: number };
  factors: { id: CreditFactorId; points: number; max: number; value: number }[];
  next: { id: CreditFactorId; gain: number }[];
  nextLevel: { level: CreditLevel; missing: number } | null;
  express: { enabled: boolean; minLevel: CreditLevel; eligibleLevel: boolean; revoked: boolean };
  computedAt: string;
}

export const getCredit = () => request<Credit>('GET', '/api/me/credit');
