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

export interface AuditItem {
  refundNo: string;
  orderNo: string;
  productName: string;
  buyerId: number;
  amountFen: number;
  score: number;
  sampledFor: 'amount' | 'sample';
  state: string;
  createdAt: string;
}

export interface ObjectionItem {
  refundNo: string;
  orderNo: string;
  merchantId: number;
  buyerId: number;
  amountFen: number;
  proof: string | null;
  objectedAt: string;
}

export interface ExpressFigures {
  days: number;
  cases: number;
  amountFen: number;
  sampled: number;
  audited: number;
  abusive: number;
  objections: number;
  upheld: number;
  lossFen: number;
  lossRateBp: number;
  /** Of the loss, what buyers returned with their consent. */
  recoveredFen: number;
}

const no = (refundNo: string) => encodeURIComponent(refundNo);

export const listAudits = () => request<{ items: AuditItem[] }>('GET', '/api/review/audits');
export const auditCase = (refundNo: string, verdict: 'fine' | 'abusive', reason: string) =>
  request<{ ok: true }>('POST', `/api/review/audits/${no(refundNo)}`, { verdict, reason });
export const listObjections = () =>
  request<{ items: ObjectionItem[] }>('GET', '/api/review/express-objections');
export const decideObjection = (refundNo: string, upheld: boolean, reason: string) =>
  request<{ ok: true }>('POST', `/api/review/express-objections/${no(refundNo)}`, { upheld, reason });
export const objectExpress = (refundNo: string, proof: string) =>
  request<{ ok: true }>('POST', `/api/merchant/refunds/${no(refundNo)}/express-objection`, { proof });
export const getExpressFigures = (days = 30) =>
  request<ExpressFigures>('GET', `/api/admin/express?days=${days}`);

export type RecoveryState = 'requested' | 'recovered' | 'refused';
export type RecoveryChannel = 'alipay' | 'wechatpay';

/** An express refund found wrong: what the buyer is asked to return, and how they answered. */
export interface ExpressRecovery {
  recoveryNo: string;
  state: RecoveryState;
  lossFen: number;
  objection: { proof: string | null; finding: string | null; decidedAt: string | null };
  balanceFen: number | null;
  plan: { fromBalanceFen: number; fromChannelFen: number } | null;
  fromBalanceFen: number;
  fromChannelFen: number;
  channel: RecoveryChannel | null;
  channelTradeNo: string | null;
  refusalReason: string | null;
  requestedAt: string;
  decidedAt: string | null;
}

export interface RecoveryItem {
  refundNo: string;
  orderNo: string;
  buyerId: number;
  buyerName: string;
  recoveryNo: string;
  state: RecoveryState;
  lossFen: number;
  fromBalanceFen: number;
  fromChannelFen: number;
  channel: RecoveryChannel | null;
  refusalReason: string | null;
  requestedAt: string;
  decidedAt: string | null;
}

type RecoveryTotal = { count: number; fen: number };

export const getExpressRecovery = (refundNo: string) =>
  request<{ recovery: ExpressRecovery | null }>('GET', `/api/refunds/${no(refundNo)}/express-recovery`);
export const consentExpressRecovery = (refundNo: string, channel?: RecoveryChannel) =>
  request<{ recovery: ExpressRecovery | null }>(
    'POST',
    `/api/refunds/${no(refundNo)}/express-recovery/consent`,
    channel ? { channel } : {},
  );
export const refuseExpressRecovery = (refundNo: string, reason: string) =>
  request<{ recovery: ExpressRecovery | null }>(
    'POST',
    `/api/refunds/${no(refundNo)}/express-recovery/refuse`,
    {
      reason,
    },
  );
export const listExpressRecoveries = () =>
  request<{ totals: Record<RecoveryState, RecoveryTotal>; items: RecoveryItem[] }>(
    'GET',
    '/api/admin/express/recoveries?limit=50',
  );
