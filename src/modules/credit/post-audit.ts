import { sql } from 'drizzle-orm';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { findVisibleCase } from '../refunds/find-case.ts';
import { refreshCredit } from './refresh-credit.ts';

export type AuditItem = {
  refundNo: string;
  orderNo: string;
  productName: string;
  buyerId: number;
  amountFen: number;
  score: number;
  /** 'amount': at or above the policy's threshold; 'sample': the policy's rate. */
  sampledFor: 'amount' | 'sample';
  state: string;
  createdAt: string;
};

/** 事后抽检: express cases waiting for an audit, oldest first (`express_refund_audit_idx`). */
export async function listAudits(db: Db, limit: number): Promise<AuditItem[]> {
  const res = await db.execute<Record<string, string>>(sql`
    SELECT c.refund_no, o.order_no, o.product_name, x.buyer_id, x.amount_fen, x.score, x.audit_reason, c.state, x.created_at
    FROM express_refund x JOIN refund_case c ON c.id = x.case_id JOIN shop_order o ON o.id = c.order_id
    WHERE x.audit = 'pending' ORDER BY x.created_at, x.case_id LIMIT ${limit}`);
  return res.rows.map((r) => ({
    refundNo: r.refund_no!,
    orderNo: r.order_no!,
    productName: r.product_name!,
    buyerId: Number(r.buyer_id),
    amountFen: Number(r.amount_fen),
    score: Number(r.score),
    sampledFor: r.audit_reason as 'amount' | 'sample',
    state: r.state!,
    createdAt: new Date(r.created_at!).toISOString(),
  }));
}

/**
 * The auditor's finding on a sampled express case: fine or abusive, with a reason. It feeds the
 * buyer's score at once (`auditFine` / `auditAbusive`); an abusive finding also withdraws express
 * eligibility, like an upheld objection.
 */
export async function auditExpress(input: {
  db: Db;
  auditor: Actor;
  refundNo: string;
  verdict: 'fine' | 'abusive';
  reason: string;
  ip: string;
  now: Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.auditor);
    const done = await tx.execute(sql`
      UPDATE express_refund SET audit = ${input.verdict}, audit_note = ${input.reason},
        audited_by = ${input.auditor.userId}, audited_at = ${input.now.toISOString()}::timestamptz
      WHERE case_id = ${c.id} AND audit = 'pending' RETURNING case_id`);
    if (done.rows.length === 0) throw new AppError('EXPRESS.NOT_IN_AUDIT');
    if (input.verdict === 'abusive')
      await tx.execute(sql`UPDATE buyer_credit SET express_revoked = true WHERE user_id = ${c.buyerId}`);
    await refreshCredit(tx, c.buyerId, input.now);
    await writeAudit(tx, {
      actorId: input.auditor.userId,
      actorRole: input.auditor.role,
      ip: input.ip,
      action: 'express.audit',
      subject: `refund:${c.refundNo}`,
      data: { verdict: input.verdict, reason: input.reason },
    });
  });
}

export type ExpressFigures = {
  days: number;
  cases: number;
  amountFen: number;
  sampled: number;
  audited: number;
  abusive: number;
  objections: number;
  upheld: number;
  /** What the guarantee fund paid for wrong express refunds. */
  lossFen: number;
  /** lossFen / amountFen, in basis points (0 when nothing was refunded). */
  lossRateBp: number;
  /** Of the loss, what buyers returned with their consent (express_recovery recovered). */
  recoveredFen: number;
};

/** The admin's express figures over the last `days` days (`express_refund_created_idx`). */
export async function expressFigures(db: Db, days: number, now: Date): Promise<ExpressFigures> {
  const res = await db.execute<Record<string, string>>(sql`
    SELECT count(*) AS cases, coalesce(sum(x.amount_fen), 0) AS amount,
      count(*) FILTER (WHERE audit IS NOT NULL) AS sampled,
      count(*) FILTER (WHERE audit IN ('fine', 'abusive')) AS audited,
      count(*) FILTER (WHERE audit = 'abusive') AS abusive,
      count(*) FILTER (WHERE objection IS NOT NULL) AS objections,
      count(*) FILTER (WHERE objection = 'upheld') AS upheld,
      coalesce(sum(amount_fen) FILTER (WHERE objection = 'upheld'), 0) AS loss,
      coalesce(sum(r.loss_fen) FILTER (WHERE r.state = 'recovered'), 0) AS recovered
    FROM express_refund x LEFT JOIN express_recovery r ON r.case_id = x.case_id
    WHERE x.created_at > ${now.toISOString()}::timestamptz - make_interval(days => ${days})`);
  const r = res.rows[0]!;
  const amountFen = Number(r.amount);
  const lossFen = Number(r.loss);
  return {
    days,
    cases: Number(r.cases),
    amountFen,
    sampled: Number(r.sampled),
    audited: Number(r.audited),
    abusive: Number(r.abusive),
    objections: Number(r.objections),
    upheld: Number(r.upheld),
    lossFen,
    lossRateBp: amountFen === 0 ? 0 : Math.round((lossFen * 10_000) / amountFen),
    recoveredFen: Number(r.recovered),
  };
}
