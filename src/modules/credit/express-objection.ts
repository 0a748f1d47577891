import { sql } from 'drizzle-orm';
import { GUARANTEE, merchantBalance } from '../../core/ledger/accounts.ts';
import { transfer } from '../../core/ledger/txn.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { postTxn } from '../ledger/post-txn.ts';
import { recordAction } from '../refunds/apply-transition.ts';
import { type CaseRow, findVisibleCase } from '../refunds/find-case.ts';
import { requestRecovery } from './recover-express-loss.ts';
import { refreshCredit } from './refresh-credit.ts';

type ExpressRow = {
  amount_fen: string;
  objection: string | null;
  objection_deadline: Date | string;
};

async function lockExpress(tx: Db, c: CaseRow): Promise<ExpressRow> {
  const res = await tx.execute<ExpressRow>(
    sql`SELECT amount_fen, objection, objection_deadline FROM express_refund WHERE case_id = ${c.id} FOR UPDATE`,
  );
  const row = res.rows[0];
  if (!row) throw new AppError('EXPRESS.NOT_EXPRESS');
  return row;
}

/**
 * The merchant objects to an express refund, with proof (what the extraction records show, a
 * delivery record), within its window. The case goes to the supervisors; the money already went back.
 */
export async function objectExpress(input: {
  db: Db;
  merchant: Actor;
  refundNo: string;
  proof: string;
  ip: string;
  now: Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.merchant, { forUpdate: true });
    const x = await lockExpress(tx, c);
    if (x.objection !== null || new Date(x.objection_deadline) < input.now)
      throw new AppError('EXPRESS.OBJECTION_CLOSED');
    await tx.execute(sql`UPDATE express_refund SET objection = 'objected', objection_note = ${input.proof},
      objected_at = ${input.now.toISOString()}::timestamptz WHERE case_id = ${c.id}`);
    await recordAction(tx, c, {
      kind: 'express_objection',
      actor: input.merchant,
      reason: input.proof,
      ip: input.ip,
      now: input.now,
    });
  });
}

/**
 * A supervisor decides a merchant's objection. Upheld: the refund was wrong — the platform bears the
 * loss, so the guarantee fund pays the merchant what the buyer got back; the buyer is asked to return
 * it and nothing is taken without their consent (recover-express-loss.ts), and loses express eligibility
 * (and the points of `expressLosses`). Dismissed: the refund stands.
 */
export async function decideExpressObjection(input: {
  db: Db;
  supervisor: Actor;
  refundNo: string;
  upheld: boolean;
  reason: string;
  ip: string;
  now: Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.supervisor, { forUpdate: true });
    const x = await lockExpress(tx, c);
    if (x.objection !== 'objected') throw new AppError('EXPRESS.NO_OBJECTION');
    const amountFen = Number(x.amount_fen);
    await tx.execute(sql`UPDATE express_refund SET objection = ${input.upheld ? 'upheld' : 'dismissed'},
      objection_reason = ${input.reason}, objection_decided_by = ${input.supervisor.userId},
      objection_decided_at = ${input.now.toISOString()}::timestamptz WHERE case_id = ${c.id}`);
    if (input.upheld) {
      await postTxn(
        tx,
        {
          kind: 'compensation',
          ref: `express:${c.refundNo}`,
          memo: `极速退款 ${c.refundNo} 经核实有误，由保障金承担损失`,
          postings: transfer(GUARANTEE, merchantBalance(c.merchantId), amountFen),
        },
        input.now,
      );
      await tx.execute(sql`UPDATE buyer_credit SET express_revoked = true WHERE user_id = ${c.buyerId}`);
      await refreshCredit(tx, c.buyerId, input.now);
    }
    const after = await recordAction(tx, c, {
      kind: input.upheld ? 'express_objection_upheld' : 'express_objection_dismissed',
      actor: input.supervisor,
      reason: input.reason,
      data: input.upheld ? { compensatedFen: amountFen } : {},
      ip: input.ip,
      now: input.now,
    });
    // The buyer is asked, never charged: the loss comes back only if they agree (recover-express-loss).
    if (input.upheld)
      await requestRecovery(tx, after, { lossFen: amountFen, reason: input.reason, now: input.now });
  });
}

export type ObjectionItem = {
  refundNo: string;
  orderNo: string;
  merchantId: number;
  buyerId: number;
  amountFen: number;
  proof: string | null;
  objectedAt: string;
};

/** Open objections, oldest first (`express_refund_objection_idx`): the supervisors' list. */
export async function listExpressObjections(db: Db): Promise<ObjectionItem[]> {
  const res = await db.execute<Record<string, string>>(sql`
    SELECT c.refund_no, o.order_no, x.merchant_id, x.buyer_id, x.amount_fen, x.objection_note, x.objected_at
    FROM express_refund x JOIN refund_case c ON c.id = x.case_id JOIN shop_order o ON o.id = c.order_id
    WHERE x.objection = 'objected' ORDER BY x.objected_at LIMIT 200`);
  return res.rows.map((r) => ({
    refundNo: r.refund_no!,
    orderNo: r.order_no!,
    merchantId: Number(r.merchant_id),
    buyerId: Number(r.buyer_id),
    amountFen: Number(r.amount_fen),
    proof: r.objection_note ?? null,
    objectedAt: new Date(r.objected_at!).toISOString(),
  }));
}
