import type { Db } from './db/pool.ts';
import { auditLog } from './db/schema.ts';

export type AuditEntry = {
  actorId: number | null;
  actorRole: string | null;
  ip: string | null;
  action: string;
  subject?: string;
  data?: Record<string, unknown>;
  /** When it happened, if not the database's now() (a use-case on an injected clock). */
  at?: Date;
};

/** Appends one audit row; call it inside the transaction of the change it describes. */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, data: entry.data ?? {} });
}
