import { handlingRefusal } from '../../core/complaints/complaint-rules.ts';
import { clause } from '../../core/sentence.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { transitionComplaint } from './change-complaint.ts';
import { type ComplaintRow, findComplaint } from './find-complaint.ts';

export type StaffInput = {
  db: Db;
  staff: Actor;
  complaintNo: string;
  expectedVersion?: number;
  ip: string;
  now: Date;
};

/**
 * Whether the staff member may act on the complaint: a supervisor or admin who did not handle the case
 * it is about; once accepted, the one who accepted it (an escalated complaint, any of them; admins always).
 */
export function staffRefusal(c: ComplaintRow, staff: Actor): AppError | null {
  const refusal = handlingRefusal(c, staff);
  if (refusal) return new AppError(refusal);
  if (c.handlerId !== null && c.handlerId !== staff.userId && staff.role !== 'admin' && !c.escalated)
    return new AppError('COMPLAINT.NOT_HANDLER');
  return null;
}

/** The complaint locked for a staff decision, or the reason this person may not make it. */
export async function lockForStaff(tx: Db, input: StaffInput): Promise<ComplaintRow> {
  const c = await findComplaint(tx, input.complaintNo, input.staff, { forUpdate: true });
  const refusal = staffRefusal(c, input.staff);
  if (refusal) throw refusal;
  return c;
}

/** 受理: a supervisor takes the complaint; the buyer is told. */
export async function acceptComplaint(input: StaffInput): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await lockForStaff(tx, input);
    await transitionComplaint(tx, c, {
      event: 'accept',
      as: 'supervisor',
      actor: input.staff,
      expectedVersion: input.expectedVersion,
      set: { handlerId: input.staff.userId },
      messages: [
        {
          to: 'buyer',
          titleZh: `投诉已受理：${c.complaintNo}`,
          titleEn: `Complaint accepted: ${c.complaintNo}`,
          bodyZh: '客服主管已受理您的投诉，正在核实。',
          bodyEn: 'A supervisor has accepted your complaint and is looking into it.',
        },
      ],
      ip: input.ip,
      now: input.now,
    });
  });
}

/** 调查中: the supervisor is investigating (e.g. has asked the merchant or the agent). */
export async function investigateComplaint(input: StaffInput & { note?: string }): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await lockForStaff(tx, input);
    await transitionComplaint(tx, c, {
      event: 'investigate',
      as: 'supervisor',
      actor: input.staff,
      expectedVersion: input.expectedVersion,
      text: input.note,
      ip: input.ip,
      now: input.now,
    });
  });
}

/** 不予支持: the complaint is turned down, with the reason the buyer reads. */
export async function dismissComplaint(input: StaffInput & { reason: string }): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await lockForStaff(tx, input);
    await transitionComplaint(tx, c, {
      event: 'dismiss',
      as: 'supervisor',
      actor: input.staff,
      expectedVersion: input.expectedVersion,
      text: input.reason,
      set: {
        handlerId: c.handlerId ?? input.staff.userId,
        closedAt: input.now,
        metDeadline: input.now <= c.deadline,
        outcome: { actions: [], explanation: input.reason, lines: [] },
      },
      messages: [
        {
          to: 'buyer',
          titleZh: `投诉处理结果：${c.complaintNo}`,
          titleEn: `Complaint decided: ${c.complaintNo}`,
          bodyZh: `经核实，您的投诉不予支持。原因：${clause(input.reason)}。如不认可，可重新打开一次，或向12315、消费者协会投诉。`,
          bodyEn: `Your complaint was not upheld. Reason: ${input.reason}. You may reopen it once, or turn to 12315 or a consumer association.`,
        },
      ],
      ip: input.ip,
      now: input.now,
    });
  });
}
