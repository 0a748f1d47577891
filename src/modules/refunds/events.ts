import type { Db } from '../../platform/db/pool.ts';
import { refundCaseEvent } from './schema.ts';

export type CaseEventInput = {
  caseId: number;
  kind: string;
  fromState: string | null;
  toState: string;
  actorId: number | null;
  actorRole: string;
  reason?: string;
  data?: Record<string, unknown>;
  at: Date;
};

/** Appends one row to the case timeline (in the transaction of the change it records). */
export async function addCaseEvent(tx: Db, e: CaseEventInput): Promise<void> {
  await tx.insert(refundCaseEvent).values({ ...e, reason: e.reason ?? null, data: e.data ?? {} });
}
