import { eq, getTableColumns, sql } from 'drizzle-orm';
import { canSee } from '../../core/access.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { shopOrder } from '../orders/schema.ts';
import { type CaseContextJson, caseContextJson } from './case-view.ts';
import { refundCase } from './schema.ts';

/** A case; `orderNo` (its order's number, for messages) when it was read with it. */
export type CaseRow = typeof refundCase.$inferSelect & { orderNo?: string };

/** The case with this refund number if the actor may see it; otherwise "not found", like a missing one. */
export async function findVisibleCase(
  tx: Db,
  refundNo: string,
  actor: Actor,
  opts: { forUpdate?: boolean } = {},
): Promise<CaseRow> {
  if (!/^R\d{14}$/.test(refundNo)) throw new AppError('RESOURCE.NOT_FOUND');
  const q = tx
    .select({ ...getTableColumns(refundCase), orderNo: shopOrder.orderNo })
    .from(refundCase)
    .innerJoin(shopOrder, eq(shopOrder.id, refundCase.orderId))
    .where(eq(refundCase.refundNo, refundNo));
  const [row] = opts.forUpdate ? await q.for('update', { of: refundCase }) : await q;
  return visible(row, actor);
}

function visible<R extends { buyerId: number; merchantId: number }>(row: R | undefined, actor: Actor): R {
  if (!row || !canSee(actor, { buyerId: row.buyerId, merchantId: row.merchantId }))
    throw new AppError('RESOURCE.NOT_FOUND');
  return row;
}

/**
 * findVisibleCase and what its page shows besides the row (case-view.ts caseContextJson), in one
 * statement: a case page, or a case action's answer, is one round trip.
 */
export async function findVisibleCaseWithContext(
  db: Db,
  refundNo: string,
  actor: Actor,
): Promise<{ c: CaseRow; context: CaseContextJson }> {
  if (!/^R\d{14}$/.test(refundNo)) throw new AppError('RESOURCE.NOT_FOUND');
  // A named (prepared) statement: planning this query costs more than running it (≈ 2 ms against 0.5),
  // and a connection plans a prepared statement once for all its executions.
  const [row] = await db
    .select({
      ...getTableColumns(refundCase),
      orderNo: shopOrder.orderNo,
      context: sql<CaseContextJson>`${caseContextJson}`,
    })
    .from(refundCase)
    .innerJoin(shopOrder, eq(shopOrder.id, refundCase.orderId))
    .where(eq(refundCase.refundNo, sql.placeholder('refundNo')))
    .prepare('case_page')
    .execute({ refundNo });
  const { context, ...c } = visible(row, actor);
  return { c, context };
}

/** The buyer's own case, locked for a change: other people's cases are "not found" even to staff here. */
export async function findOwnCase(tx: Db, refundNo: string, buyer: Actor): Promise<CaseRow> {
  const c = await findVisibleCase(tx, refundNo, buyer, { forUpdate: true });
  if (c.buyerId !== buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
  return c;
}
