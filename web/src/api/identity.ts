import { request } from './client.ts';

export type IdentityStatus = 'none' | 'pending' | 'verified';

/** 实名认证 as the buyer sees it: masked values only. */
export interface Identity {
  status: IdentityStatus;
  realNameMask: string | null;
  idNumberMask: string | null;
  phoneMask: string | null;
  verifiedAt: string | null;
  codeExpiresAt: string | null;
}

export interface IdentityInput {
  realName: string;
  idNumber: string;
  phone: string;
}

export interface AccountRecordOrder {
  orderNo: string;
  productName: string;
  paidFen: number;
  channel: string | null;
  channelTradeNoMask: string | null;
  paidAt: string;
  status: string;
  refundedFen: number;
}

/** 账户记录: compiled by Kameng from its books; `verified` is re-checked every time it is read. */
export interface AccountRecord {
  id: number;
  createdAt: string;
  sha256: string;
  signature: string;
  verified: boolean;
  summary: {
    version: number;
    compiledAt: string;
    period: { from: string; to: string };
    buyer: {
      accountCreatedAt: string;
      accountAgeDays: number;
      identity: { status: IdentityStatus; verifiedAt: string | null; realNameMask: string | null };
    };
    orders: AccountRecordOrder[];
    vouchers: { ref: string; amountFen: number; postedAt: string }[];
    totals: { orders: number; paidFen: number; refundedFen: number; truncated: boolean };
  };
}

export const getIdentity = () => request<Identity>('GET', '/api/me/identity');

export const startIdentity = (input: IdentityInput) =>
  request<{ phoneMask: string; expiresAt: string }>('POST', '/api/me/identity', input);

export const confirmIdentity = (code: string) =>
  request<Identity>('POST', '/api/me/identity/confirm', { code });

export const listAccountRecords = (refundNo: string) =>
  request<{ items: AccountRecord[] }>('GET', `/api/refunds/${encodeURIComponent(refundNo)}/account-records`);

export const attachAccountRecord = (refundNo: string) =>
  request<AccountRecord>('POST', `/api/refunds/${encodeURIComponent(refundNo)}/account-records`);
