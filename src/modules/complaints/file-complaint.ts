import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  type ComplaintKind,
  MERCHANT_VISIBLE_KINDS,
  OPEN_COMPLAINT_STATES,
} from '../../core/complaints/complaint-machine.ts';
import {
  complaintDeadline,
  concernedStaff,
  isCaseKind,
  merchantAnswerDeadline,
} from '../../core/complaints/complaint-rules.ts';
import { beijingTime, COMPLAINT_KIND_LABELS } from '../../core/complaints/complaint-texts.ts';
import { formatOrderNo } from '../../core/orders/order-no.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { merchant } from '../auth/schema.ts';
import { attachComplaintEvidence, attachEvidence } from '../evidence/attach-evidence.ts';
import { shopOrder } from '../orders/schema.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { MAX_EVIDENCE_PER_CASE } from '../refunds/case-evidence.ts';
import { addCaseEvent } from '../refunds/events.ts';
import { type CaseRow, findOwnCase } from '../refunds/find-case.ts';
import { refundCaseEvent } from '../refunds/schema.ts';
import { type ComplaintMessage, notifyComplaint } from './notify.ts';
import { complaint, complaintEvent, complaintNoSeq } from './schema.ts';

export type FileComplaintInput = {
  db: Db;
  buyer: Actor;
  kind: ComplaintKind;
  refundNo?: string;
  merchantId?: number;
  text: string;
  evidenceIds?: string[];
  ip: string;
  now: Date;
};

/**
 * A buyer files a complaint (投诉): about one of their refund cases (too slow, unfair rejection or fee,
 * the merchant's or an agent's conduct) or about a merchant they bought from. It gets its own number and
 * a deadline in business days from the policy, and goes to the supervisors who did not handle the case.
 * Either kind may carry evidence uploaded beforehand (`POST /api/evidence`).
 */
export async function fileComplaint(input: FileComplaintInput): Promise<{ complaintNo: string }> {
  const { buyer, now, kind } = input;
  return inTransaction(input.db, async (tx) => {
    let c: CaseRow | null = null;
    let merchantId: number;
    let concerned: number[] = [];
    if (isCaseKind(kind)) {
      if (!input.refundNo || input.merchantId !== undefined) throw new AppError('COMPLAINT.NEEDS_CASE');
      // The case row lock serialises complaints on one case (one open complaint per case).
      c = await findOwnCase(tx, input.refundNo, buyer);
      merchantId = c.merchantId;
      const open = await tx
        .select({ no: complaint.complaintNo })
        .from(complaint)
        .where(and(eq(complaint.caseId, c.id), inArray(complaint.state, [...OPEN_COMPLAINT_STATES])));
      if (open.length) throw new AppError('COMPLAINT.ALREADY_OPEN', { complaintNo: open[0]!.no });
      concerned = concernedStaff({
        assigneeId: c.assigneeId,
        rejectedBy: c.rejectedBy,
        staffActorIds: await staffOnCase(tx, c.id),
      });
    } else {
      if (input.merchantId === undefined || input.refundNo !== undefined)
        throw new AppError('COMPLAINT.NEEDS_MERCHANT');
      merchantId = input.merchantId;
      // Only a shop the buyer bought from; any other id is "not found", like a missing one.
      const [bought] = await tx
        .select({ id: shopOrder.id })
        .from(shopOrder)
        .innerJoin(merchant, eq(merchant.id, shopOrder.merchantId))
        .where(and(eq(shopOrder.buyerId, buyer.userId), eq(shopOrder.merchantId, merchantId)))
        .limit(1);
      if (!bought) throw new AppError('RESOURCE.NOT_FOUND');
    }
    const policy = await currentPolicy(tx);
    const rules = policy.document.complaints;
    const { calendar } = policy.compiled;
    const deadline = complaintDeadline(calendar, rules, kind, now);
    const aboutMerchant = MERCHANT_VISIBLE_KINDS.includes(kind);
    const seq = await tx.execute<{ n: string }>(sql`SELECT nextval(${complaintNoSeq.seqName}) AS n`);
    const complaintNo = `C${formatOrderNo(now, Number(seq.rows[0]!.n))}`;
    const evidence = [...new Set(input.evidenceIds ?? [])];
    const [row] = await tx
      .insert(complaint)
      .values({
        complaintNo,
        buyerId: buyer.userId,
        merchantId,
        caseId: c?.id ?? null,
        kind,
        text: input.text,
        evidenceIds: evidence,
        policyVersion: policy.version,
        deadline,
        concernedStaffIds: concerned,
        merchantAnswerDeadline: aboutMerchant ? merchantAnswerDeadline(calendar, rules, now) : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    // The files go through the upload pipeline first (sniffed, size-capped, checked in the background);
    // here they become the complaint's — and, for a complaint about the merchant's conduct in a case, the
    // case's too (the shop sees the case's files). Files about the platform's handling (an agent, a fee, a
    // delay) stay the complaint's alone, out of the merchant's sight; the case file reads them from there.
    if (evidence.length)
      await (c && aboutMerchant
        ? attachEvidence(tx, {
            publicIds: evidence,
            ownerId: buyer.userId,
            caseId: c.id,
            complaintId: row!.id,
            maxPerCase: MAX_EVIDENCE_PER_CASE,
          })
        : attachComplaintEvidence(tx, { publicIds: evidence, ownerId: buyer.userId, complaintId: row!.id }));
    const data = { kind, refundNo: c?.refundNo ?? null, deadline: deadline.toISOString(), evidence };
    await tx.insert(complaintEvent).values({
      complaintId: row!.id,
      kind: 'submit',
      fromState: null,
      toState: 'submitted',
      actorId: buyer.userId,
      actorRole: 'buyer',
      text: input.text,
      data,
      at: now,
    });
    if (c)
      await addCaseEvent(tx, {
        caseId: c.id,
        kind: 'complaint_filed',
        fromState: c.state,
        toState: c.state,
        actorId: buyer.userId,
        actorRole: 'buyer',
        reason: input.text,
        data: { complaintNo, kind },
        at: now,
      });
    await writeAudit(tx, {
      actorId: buyer.userId,
      actorRole: 'buyer',
      ip: input.ip,
      action: 'complaint.submit',
      subject: `complaint:${complaintNo}`,
      data,
      at: now,
    });
    const label = COMPLAINT_KIND_LABELS[kind];
    const due = beijingTime(deadline);
    const messages: ComplaintMessage[] = [
      {
        to: 'buyer',
        titleZh: `投诉已提交：${complaintNo}`,
        titleEn: `Complaint filed: ${complaintNo}`,
        bodyZh: `您的投诉（${label.zh}）已提交，平台将于 ${due}（北京时间）前处理完毕。`,
        bodyEn: `Your complaint (${label.en}) was filed; the platform will resolve it by ${due} (Beijing time).`,
      },
      {
        to: 'handlers',
        titleZh: `新投诉：${complaintNo}`,
        titleEn: `New complaint: ${complaintNo}`,
        bodyZh: `类型：${label.zh}${c ? `，退款单 ${c.refundNo}` : ''}。处理时限 ${due}。`,
        bodyEn: `Kind: ${label.en}${c ? `, refund case ${c.refundNo}` : ''}. Due ${due}.`,
      },
    ];
    if (aboutMerchant)
      messages.push({
        to: 'merchant',
        titleZh: `买家投诉了您的店铺：${complaintNo}`,
        titleEn: `A buyer complained about your shop: ${complaintNo}`,
        bodyZh: '请查看投诉内容并在答复期限内作出说明。',
        bodyEn: 'Read the complaint and answer before the answer deadline.',
      });
    await notifyComplaint(tx, row!, 'submit', messages, now);
    return { complaintNo };
  });
}

/** Staff who acted on the case's timeline (as agent or supervisor). */
async function staffOnCase(tx: Db, caseId: number): Promise<number[]> {
  const rows = await tx
    .selectDistinct({ id: refundCaseEvent.actorId })
    .from(refundCaseEvent)
    .where(
      and(eq(refundCaseEvent.caseId, caseId), inArray(refundCaseEvent.actorRole, ['agent', 'supervisor'])),
    );
  return rows.map((r) => r.id).filter((id): id is number => id !== null);
}
