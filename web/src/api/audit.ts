import { queryString, request } from './client.ts';

/** One audit row: who did what to which object, when and from where. */
export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorUsername: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  data: Record<string, unknown>;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** ISO times, [from, to). */
  from?: string;
  to?: string;
}

export function listAudit(
  filter: AuditFilter,
  cursor?: string,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  return request('GET', `/api/admin/audit${queryString({ ...filter, cursor, limit: 50 })}`);
}

export const auditCsvHref = (filter: AuditFilter) =>
  `/api/admin/audit${queryString({ ...filter, format: 'csv' })}`;

export async function listAuditActions(): Promise<string[]> {
  return (await request<{ items: string[] }>('GET', '/api/admin/audit/actions')).items;
}
