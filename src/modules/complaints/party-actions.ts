import {
  complaintDeadline,
  complaintReopenRefusal,
  complaintUrgeRefusal,
} from '../../core/complaints/complaint-rules.ts';
import { beijingTime } from '../../core/complaints/complaint-texts.ts';
import { MERCHANT_VISIBLE_KINDS, OPEN_COMPLAINT_STATES } from '../../core/complaints/index.ts';
import { clause } from '../../core/sentence.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { currentPolicy, policyAt } from '../policy/current-policy.ts';
import { recordComplaintAction, transitionComplaint } from './change-complaint.ts';
import { type ComplaintRow, findComplaint } from './find-complaint.ts';

type PartyInput = { db: Db; actor: Actor; complaintNo: string; ip: string; now: Date };

/** The buyer's own complaint, locked (staff and merchants get "not found" here). */
async function ownComplaint(tx: Db, input: PartyInput): Promise<ComplaintRow> {
  const c = await findComplaint(tx, input.complaintNo, input.actor, { forUpdate: true });
  if (c.buyerId !== input.actor.userId) throw new AppError('RESOURCE.NOT_FOUND');
  return c;
}

async function policyOf(tx: Db, c: ComplaintRow) {
  return (await policyAt(tx, c.policyVersion)) ?? (await currentPolicy(tx));
}

/**
 * 催办: once the deadline has passed, at most once per business day. The first urge escalates the
 * complaint to the admins if the deadline timer has not already.
 */
export async function urgeComplaint(input: PartyInput): Promise<void> {
  const { now } = input;
  await inTransaction(input.db, async (tx) => {
    const c = await ownComplaint(tx, input);
    const { calendar } = (await policyOf(tx, c)).compiled;
    const refusal = complaintUrgeRefusal(calendar, c, now);
    if (refusal) throw new AppError(refusal.code, { canUrgeAt: refusal.at?.toISOString() ?? null });
    const urged = await recordComplaintAction(tx, c, {
      kind: 'urge',
      actor: input.actor,
      set: { urgedAt: now, urgeCount: c.urgeCount + 1 },
      messages: [
        {
          to: 'handlers',
          titleZh: `买家催办投诉：${c.complaintNo}`,
          titleEn: `The buyer urges complaint ${c.complaintNo}`,
          bodyZh: '该投诉已超过处理时限，请尽快处理。',
          bodyEn: 'The complaint is past its deadline; please decide it.',
        },
      ],
      ip: input.ip,
      now,
    });
    if (!urged.escalated) await escalateComplaint(tx, urged, '超过处理时限，买家已催办', now);
  });
}

/** 升级: a late complaint goes to the admins as well (the timer or the buyer's urge). */
export async function escalateComplaint(tx: Db, c: ComplaintRow, reason: string, now: Date) {
  return recordComplaintAction(tx, c, {
    kind: 'escalate',
    actor: null,
    text: reason,
    set: { escalated: true, escalatedAt: now },
    messages: [
      {
        to: 'admins',
        titleZh: `投诉已升级：${c.complaintNo}`,
        titleEn: `Complaint escalated: ${c.complaintNo}`,
        bodyZh: `${clause(reason)}。处理时限为 ${beijingTime(c.deadline)}。`,
        bodyEn: `${reason === '超过处理时限，买家已催办' ? 'Past its deadline, urged by the buyer' : 'Past its deadline'}. It was due ${beijingTime(c.deadline)}.`,
      },
      {
        to: 'handlers',
        titleZh: `投诉已超时升级：${c.complaintNo}`,
        titleEn: `Complaint past its deadline: ${c.complaintNo}`,
        bodyZh: '该投诉已超过处理时限并升级，请尽快处理。',
        bodyEn: 'The complaint is past its deadline and escalated; please decide it.',
      },
    ],
    ip: null,
    now,
  });
}

/** The buyer reopens a decided complaint, once, within the policy's window; the deadline starts again. */
export async function reopenComplaint(input: PartyInput & { text: string }): Promise<void> {
  const { now } = input;
  await inTransaction(input.db, async (tx) => {
    const c = await ownComplaint(tx, input);
    const policy = await currentPolicy(tx);
    const refusal = complaintReopenRefusal(policy.compiled.calendar, policy.document.complaints, c, now);
    if (refusal) throw new AppError(refusal);
    const deadline = complaintDeadline(policy.compiled.calendar, policy.document.complaints, c.kind, now);
    await transitionComplaint(tx, c, {
      event: 'reopen',
      as: 'buyer',
      actor: input.actor,
      text: input.text,
      data: { deadline: deadline.toISOString() },
      set: {
        reopenCount: c.reopenCount + 1,
        deadline,
        closedAt: null,
        metDeadline: null,
        escalated: false,
        escalatedAt: null,
        urgedAt: null,
        urgeCount: 0,
      },
      messages: [
        {
          to: 'handlers',
          titleZh: `买家重新打开了投诉：${c.complaintNo}`,
          titleEn: `The buyer reopened complaint ${c.complaintNo}`,
          bodyZh: `新的处理时限 ${beijingTime(deadline)}。`,
          bodyEn: `New deadline ${beijingTime(deadline)}.`,
        },
      ],
      ip: input.ip,
      now,
    });
  });
}

/** The merchant answers a complaint about it (once, while it is open); buyer and handler are told. */
export async function answerComplaint(input: PartyInput & { text: string }): Promise<void> {
  const { now } = input;
  await inTransaction(input.db, async (tx) => {
    const c = await findComplaint(tx, input.complaintNo, input.actor, { forUpdate: true });
    if (input.actor.role !== 'merchant' || !MERCHANT_VISIBLE_KINDS.includes(c.kind))
      throw new AppError('AUTH.FORBIDDEN');
    if (c.merchantAnswer !== null || !OPEN_COMPLAINT_STATES.includes(c.state))
      throw new AppError('COMPLAINT.ANSWER_CLOSED');
    const late = c.merchantAnswerDeadline !== null && now > c.merchantAnswerDeadline;
    await recordComplaintAction(tx, c, {
      kind: 'merchant_answer',
      actor: input.actor,
      text: input.text,
      data: { late },
      set: { merchantAnswer: input.text, merchantAnsweredAt: now },
      messages: [
        {
          to: 'buyer',
          titleZh: `商家答复了您的投诉：${c.complaintNo}`,
          titleEn: `The merchant answered your complaint ${c.complaintNo}`,
          bodyZh: input.text,
          bodyEn: input.text,
        },
        {
          to: 'handlers',
          titleZh: `商家已答复投诉：${c.complaintNo}`,
          titleEn: `The merchant answered complaint ${c.complaintNo}`,
          bodyZh: input.text,
          bodyEn: input.text,
        },
      ],
      ip: input.ip,
      now,
    });
  });
}
