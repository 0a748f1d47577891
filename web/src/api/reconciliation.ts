import { queryString, request } from './client.ts';

export type ReconRunStatus = 'running' | 'done' | 'failed';
export type ReconTrigger = 'schedule' | 'cli' | 'admin';
export type MismatchKind = 'missing_at_channel' | 'status_differs' | 'amount_differs' | 'ledger_differs';
export type PayoutChannel = 'alipay' | 'wechatpay' | 'balance';

/** 对账: one reconciliation of one Beijing day's refund payouts against the channels and the ledger. */
export interface ReconRun {
  id: number;
  /** YYYY-MM-DD, Beijing time. */
  day: string;
  /** The run's number within its day (第 N 次). */
  seq: number;
  status: ReconRunStatus;
  triggeredBy: ReconTrigger;
  checked: number;
  mismatched: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** One disagreement: our payout's status and amount against the channel's (or the ledger's). */
export interface ReconMismatch {
  id: number;
  outRefundNo: string;
  channel: PayoutChannel;
  kind: MismatchKind;
  /** pending | processing | unknown | succeeded | failed */
  oursStatus: string | null;
  /** The channel's word (succeeded, processing, closed…, not_found, unknown) or ledger_missing / ledger_booked. */
  theirsStatus: string | null;
  oursFen: number | null;
  theirsFen: number | null;
  detail: string;
  createdAt: string;
}

export interface ReconRunDetail extends ReconRun {
  /** The first 1000; `mismatched` says how many there are. */
  mismatches: ReconMismatch[];
}

export interface ReconRunPage {
  items: ReconRun[];
  nextCursor: number | null;
}

export function listReconRuns(cursor?: number): Promise<ReconRunPage> {
  return request('GET', `/api/admin/reconciliation/runs${queryString({ cursor })}`);
}

export function getReconRun(id: number): Promise<ReconRunDetail> {
  return request('GET', `/api/admin/reconciliation/runs/${id}`);
}

/** Reconciles `day` now; answers when the run is finished. */
export function runReconciliation(day: string): Promise<ReconRunDetail> {
  return request('POST', '/api/admin/reconciliation/runs', { day });
}
