import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { checkOutcome, OUTCOME_ACTIONS, type OutcomeAction } from '../../core/complaints/complaint-rules.ts';
import { outcomeLines } from '../../core/complaints/complaint-texts.ts';
import { buyerBalance, FEE_INCOME, GUARANTEE } from '../../core/ledger/accounts.ts';
import { yuanMemo } from '../../core/ledger/memo.ts';
import { transfer } from '../../core/ledger/txn.ts';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { isUniqueViolation } from '../../platform/db/pg-errors.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { lockAccounts, postTxn } from '../ledger/post-txn.ts';
import { shopOrder, wallet } from '../orders/schema.ts';
import { currentPolicy } from '../policy/current-policy.ts';
import { applyTransition } from '../refunds/apply-transition.ts';
import { freshDeadline } from '../refunds/case-facts.ts';
import { scheduleCaseTimer } from '../refunds/case-timers.ts';
import type { CaseRow } from '../refunds/find-case.ts';
import { refundCase } from '../refunds/schema.ts';
import { transitionComplaint } from './change-complaint.ts';
import type { ComplaintRow } from './find-complaint.ts';
import { complaint } from './schema.ts';
import { lockForStaff, type StaffInput } from './staff-actions.ts';

export type ResolveInput = StaffInput & {
  jobs: JobQueue;
  explanation: string;
  actions: OutcomeAction[];
  compensationFen: number;
};

/**
 * 处理投诉: the supervisor's decision, explained to the buyer, and what it changes — the case back in
 * review, the kept fee given back from fee income, compensation from the guarantee fund (先行赔付).
 * Money goes to the buyer's balance (余额), each movement one balanced ledger transaction, all in
 * the transaction that resolves the complaint.
 */
export async function resolveComplaint(input: ResolveInput): Promise<void> {
  const { now } = input;
  try {
    await inTransaction(input.db, async (tx) => {
      const c = await lockForStaff(tx, input);
      const { kase, order, feeFen, outcomeCase, maxCompensationFen } = await decisionFacts(tx, c, true);
      const problem = checkOutcome({
        actions: input.actions,
        case: outcomeCase,
        compensationFen: input.compensationFen,
        maxCompensationFen,
        compensatedFen: c.compensationFen,
      });
      if (problem) {
        const { code, ...details } = problem;
        throw new AppError(code, details);
      }
      const has = (a: OutcomeAction) => input.actions.includes(a);
      const feeBack = has('refund_fee') ? feeFen : 0;
      const compensation = has('compensate') ? input.compensationFen : 0;
      const txnIds = await payBuyer(tx, c, { feeBack, compensation, now });
      if (feeBack > 0) {
        // The order's kept fees shrink as its refunds grow (its CHECK: refunded + kept ≤ paid).
        await tx
          .update(shopOrder)
          .set({
            refundedFen: sql`${shopOrder.refundedFen} + ${feeBack}`,
            feesKeptFen: sql`${shopOrder.feesKeptFen} - ${feeBack}`,
          })
          .where(eq(shopOrder.id, order!.id));
        // No fee dispute can ask for it again.
        await tx.update(refundCase).set({ feeDisputed: true }).where(eq(refundCase.id, kase!.id));
      }
      let reopened: string | null = null;
      if (has('reopen_case') && kase) {
        const { calendar } = (await currentPolicy(tx)).compiled;
        const slaDeadline = freshDeadline(calendar, kase, now);
        await applyTransition(tx, kase, {
          event: 'review_after_complaint',
          as: 'system',
          actor: input.staff,
          reason: input.explanation,
          data: { complaintNo: c.complaintNo, slaDeadline: slaDeadline.toISOString() },
          // Back to the supervisors (escalated), not to whoever handled it before.
          set: {
            slaDeadline,
            assigneeId: null,
            claimExpiresAt: null,
            escalated: true,
            escalatedAt: now,
            urgedAt: null,
            urgeCount: 0,
          },
          ip: input.ip,
          now,
        });
        await scheduleCaseTimer(tx, input.jobs, kase.id, slaDeadline, now);
        reopened = kase.refundNo;
      }
      const lines = outcomeLines({
        reopenedRefundNo: reopened,
        feeRefundedFen: feeBack,
        compensationFen: compensation,
      });
      await transitionComplaint(tx, c, {
        event: 'resolve',
        as: 'supervisor',
        actor: input.staff,
        expectedVersion: input.expectedVersion,
        text: input.explanation,
        data: { actions: input.actions, feeRefundedFen: feeBack, compensationFen: compensation, txnIds },
        set: {
          handlerId: c.handlerId ?? input.staff.userId,
          closedAt: now,
          metDeadline: now <= c.deadline,
          // What the complaint gave in all (a reopened complaint decided again adds to its first decision).
          feeRefundedFen: c.feeRefundedFen + feeBack,
          compensationFen: c.compensationFen + compensation,
          outcome: {
            actions: input.actions,
            explanation: input.explanation,
            lines,
            reopenedRefundNo: reopened,
            ledgerTxnIds: txnIds,
          },
        },
        messages: [
          {
            to: 'buyer',
            titleZh: `投诉处理结果：${c.complaintNo}`,
            titleEn: `Complaint resolved: ${c.complaintNo}`,
            bodyZh: [input.explanation, ...lines.map((l) => l.zh)].join('。'),
            bodyEn: [input.explanation, ...lines.map((l) => l.en)].join('. '),
          },
        ],
        ip: input.ip,
        now,
      });
    });
  } catch (err) {
    // The case's order got another open case meanwhile (one open case per order), or a second complaint
    // refunded the fee at the same moment (one fee refund per case).
    if (isUniqueViolation(err)) throw new AppError('COMPLAINT.CASE_NOT_REOPENABLE');
    throw err;
  }
}

/**
 * What a decision on this complaint can do now, for the supervisor's form: which outcome actions would
 * be accepted (the same `checkOutcome` the decision runs) and how much compensation is left under the
 * policy's cap — so the form offers only those, instead of refusing after the fact.
 */
export async function outcomeChoices(
  db: Db,
  c: ComplaintRow,
): Promise<{ actions: OutcomeAction[]; compensationLeftFen: number; feeFen: number }> {
  const { feeFen, outcomeCase, maxCompensationFen } = await decisionFacts(db, c, false);
  const compensationLeftFen = Math.max(0, maxCompensationFen - c.compensationFen);
  const ok = (action: OutcomeAction) =>
    checkOutcome({
      actions: [action],
      case: outcomeCase,
      compensationFen: action === 'compensate' ? Math.min(1, compensationLeftFen) : 0,
      maxCompensationFen,
      compensatedFen: c.compensationFen,
    }) === null;
  return { actions: OUTCOME_ACTIONS.filter(ok), compensationLeftFen, feeFen: ok('refund_fee') ? feeFen : 0 };
}

/**
 * What a decision on the complaint is judged on: its case and the case's order (locked, when deciding),
 * the fee it could give back and the policy's compensation cap — one reading for the decision and for
 * the form that offers its choices.
 */
async function decisionFacts(db: Db, c: ComplaintRow, lock: boolean) {
  const caseQuery = db
    .select()
    .from(refundCase)
    .where(eq(refundCase.id, c.caseId ?? -1));
  const [kase] = c.caseId === null ? [] : lock ? await caseQuery.for('update') : await caseQuery;
  const orderQuery = db
    .select()
    .from(shopOrder)
    .where(eq(shopOrder.id, kase?.orderId ?? -1));
  const [order] = !kase ? [] : lock ? await orderQuery.for('update') : await orderQuery;
  const feeFen = kase && order ? Math.min(kase.feeFen, order.feesKeptFen) : 0;
  const outcomeCase = kase
    ? { state: kase.state, feeFen, feeAlreadyBack: await feeAlreadyBack(db, kase) }
    : null;
  const maxCompensationFen = (await currentPolicy(db)).document.complaints.maxCompensationFen;
  return { kase: kase ?? null, order, feeFen, outcomeCase, maxCompensationFen };
}

/**
 * A fee already given back: by a complaint (this one too, at its decision before the buyer reopened it —
 * the order's other cases' kept fees must not be taken for it), or by a fee-dispute case open or paid.
 */
async function feeAlreadyBack(tx: Db, kase: CaseRow): Promise<boolean> {
  const [byComplaint] = await tx
    .select({ id: complaint.id })
    .from(complaint)
    .where(and(eq(complaint.caseId, kase.id), gt(complaint.feeRefundedFen, 0)));
  if (byComplaint) return true;
  const [byDispute] = await tx
    .select({ id: refundCase.id })
    .from(refundCase)
    .where(
      and(eq(refundCase.feeDisputeOf, kase.id), inArray(refundCase.state, [...OPEN_STATES, 'refunded'])),
    );
  return byDispute !== undefined;
}

/**
 * Credits the buyer's balance: the fee from fee income, compensation from the guarantee fund. The
 * wallet row first, then the ledger accounts in path order (the order every money change takes them).
 */
async function payBuyer(
  tx: Db,
  c: ComplaintRow,
  m: { feeBack: number; compensation: number; now: Date },
): Promise<number[]> {
  const total = m.feeBack + m.compensation;
  if (total === 0) return [];
  await tx
    .insert(wallet)
    .values({ userId: c.buyerId, balanceFen: total })
    .onConflictDoUpdate({ target: wallet.userId, set: { balanceFen: sql`${wallet.balanceFen} + ${total}` } });
  const to = buyerBalance(c.buyerId);
  await lockAccounts(tx, [to, FEE_INCOME, GUARANTEE]);
  const ids: number[] = [];
  if (m.feeBack > 0)
    ids.push(
      await postTxn(
        tx,
        {
          kind: 'refund',
          ref: `complaint:${c.complaintNo}:fee`,
          memo: `投诉 ${c.complaintNo} 退还手续费 ${yuanMemo(m.feeBack)} 至买家余额`,
          postings: transfer(FEE_INCOME, to, m.feeBack),
        },
        m.now,
      ),
    );
  if (m.compensation > 0)
    ids.push(
      await postTxn(
        tx,
        {
          kind: 'compensation',
          ref: `complaint:${c.complaintNo}:compensation`,
          memo: `投诉 ${c.complaintNo} 保障金先行赔付 ${yuanMemo(m.compensation)} 至买家余额`,
          postings: transfer(GUARANTEE, to, m.compensation),
        },
        m.now,
      ),
    );
  return ids;
}
