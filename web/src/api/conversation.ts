import { request } from './client.ts';
import type { CaseDetail } from './refunds.ts';

export type Thread = 'buyer' | 'merchant';
export type Side = 'buyer' | 'merchant' | 'staff';

export interface CaseMessage {
  id: number;
  thread: Thread;
  authorSide: Side;
  authorRole: string;
  authorName: string;
  mine: boolean;
  text: string;
  attachments: {
    evidenceId: string;
    kind: string;
    fileName: string;
    sizeBytes: number;
    url: string;
    thumbUrl: string | null;
  }[];
  /** Not seen by this reader before this read. */
  unread: boolean;
  at: string;
}

export interface Conversation {
  refundNo: string;
  threads: Thread[];
  canWrite: boolean;
  unread: number;
  items: CaseMessage[];
}

const path = (refundNo: string) => `/api/refunds/${encodeURIComponent(refundNo)}/messages`;

/** The conversation as the caller may see it; reading it marks it read. */
export function getConversation(refundNo: string): Promise<Conversation> {
  return request('GET', path(refundNo));
}

/** One message; the key makes a double click or a retry one message. */
export function postMessage(
  refundNo: string,
  body: { text: string; thread?: Thread; evidenceIds?: string[] },
  idempotencyKey: string,
): Promise<Conversation> {
  return request('POST', path(refundNo), body, { 'Idempotency-Key': idempotencyKey });
}

export interface UnreadCases {
  total: number;
  cases: { refundNo: string; unread: number }[];
}

export function getUnread(): Promise<UnreadCases> {
  return request('GET', '/api/case-messages/unread');
}

export function escalateRefund(refundNo: string, reason: string): Promise<CaseDetail> {
  return request('POST', `/api/refunds/${encodeURIComponent(refundNo)}/escalate`, { reason });
}

export interface MaskedContact {
  verified: boolean;
  nameMasked: string | null;
  phoneMasked: string | null;
}

export function getBuyerContact(refundNo: string): Promise<MaskedContact> {
  return request('GET', `/api/review/${encodeURIComponent(refundNo)}/buyer-contact`);
}

export function revealBuyerContact(refundNo: string): Promise<{ name: string; phone: string }> {
  return request('POST', `/api/review/${encodeURIComponent(refundNo)}/buyer-contact/reveal`, {});
}
