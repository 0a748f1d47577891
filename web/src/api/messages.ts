import { queryString, request } from './client.ts';
import type { Bilingual } from './refunds.ts';

/** 站内信: one message to the signed-in user. */
export interface SiteMessage {
  id: number | string;
  kind: string;
  title: Bilingual;
  body: Bilingual;
  /** An in-app path, e.g. /buyer/refunds/R…; null when the message is about nothing to open. */
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface MessagePage {
  items: SiteMessage[];
  unread: number;
  nextCursor: string | null;
}

export function listMessages(unreadOnly: boolean, cursor?: string): Promise<MessagePage> {
  return request('GET', `/api/messages${queryString({ unread: unreadOnly ? 'true' : undefined, cursor })}`);
}

export function unreadCount(): Promise<{ unread: number }> {
  return request('GET', '/api/messages/unread-count');
}

export function markRead(id: SiteMessage['id']): Promise<unknown> {
  return request('POST', `/api/messages/${encodeURIComponent(String(id))}/read`, {});
}

export function markAllRead(): Promise<unknown> {
  return request('POST', '/api/messages/read-all', {});
}
