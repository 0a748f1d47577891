import { and, eq, sql } from 'drizzle-orm';
import {
  type ComplaintActor,
  type ComplaintEvent,
  type ComplaintState,
  complaintTransition,
} from '../../core/complaints/complaint-machine.ts';
import { complaintPriority } from '../../core/complaints/complaint-rules.ts';
import { writeAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ComplaintRow } from './find-complaint.ts';
import { type ComplaintMessage, notifyComplaint } from './notify.ts';
import { complaint, complaintEvent } from './schema.ts';

export type ComplaintChange = {
  actor: Actor | null;
  expectedVersion?: number;
  text?: string;
  data?: Record<string, unknown>;
  set?: Partial<typeof complaint.$inferInsert>;
  messages?: ComplaintMessage[];
  ip: string | null;
  now: Date;
};

/** Where the event moves the complaint, or the error saying why it may not. */
export function checkComplaintTransition(
  c: ComplaintRow,
  event: ComplaintEvent,
  as: ComplaintActor,
  expectedVersion?: number,
): ComplaintState {
  const t = complaintTransition(c.state, event, as);
  if (!t.ok)
    throw new AppError(t.reason === 'actor_not_allowed' ? 'AUTH.FORBIDDEN' : 'COMPLAINT.ILLEGAL_TRANSITION', {
      state: c.state,
    });
  if (expectedVersion !== undefined && expectedVersion !== c.version)
    throw new AppError('COMPLAINT.STALE', { version: c.version });
  return t.to;
}

/** Moves a complaint by one event: state, timeline, audit and 站内信 in the caller's transaction. */
export function transitionComplaint(
  tx: Db,
  c: ComplaintRow,
  input: ComplaintChange & { event: ComplaintEvent; as: ComplaintActor },
): Promise<ComplaintRow> {
  const to = checkComplaintTransition(c, input.event, input.as, input.expectedVersion);
  return saveComplaint(tx, c, to, input.event, input);
}

/** Records a step that keeps the state (urge, escalate, merchant answer), with the same guarantees. */
export function recordComplaintAction(
  tx: Db,
  c: ComplaintRow,
  input: ComplaintChange & { kind: string },
): Promise<ComplaintRow> {
  return saveComplaint(tx, c, c.state, input.kind, input);
}

async function saveComplaint(
  tx: Db,
  c: ComplaintRow,
  to: ComplaintState,
  kind: string,
  input: ComplaintChange,
): Promise<ComplaintRow> {
  if (input.expectedVersion !== undefined && input.expectedVersion !== c.version)
    throw new AppError('COMPLAINT.STALE', { version: c.version });
  const next = { ...c, ...input.set };
  const [updated] = await tx
    .update(complaint)
    .set({
      ...input.set,
      state: to,
      priority: complaintPriority(next),
      version: sql`${complaint.version} + 1`,
      updatedAt: input.now,
    })
    .where(and(eq(complaint.id, c.id), eq(complaint.version, c.version)))
    .returning();
  if (!updated) throw new AppError('COMPLAINT.STALE');
  const actorRole = input.actor?.role ?? 'system';
  await tx.insert(complaintEvent).values({
    complaintId: c.id,
    kind,
    fromState: c.state,
    toState: to,
    actorId: input.actor?.userId ?? null,
    actorRole,
    text: input.text ?? null,
    data: input.data ?? {},
    at: input.now,
  });
  await writeAudit(tx, {
    actorId: input.actor?.userId ?? null,
    actorRole,
    ip: input.ip,
    action: `complaint.${kind}`,
    subject: `complaint:${c.complaintNo}`,
    data: { from: c.state, to, ...input.data },
    at: input.now,
  });
  if (input.messages?.length) await notifyComplaint(tx, updated, kind, input.messages, input.now);
  return updated;
}
