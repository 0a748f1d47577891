import { eq, getTableColumns, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { canSee } from '../../core/access.ts';
import { compiledSelect, type Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { OrderRow } from '../orders/find-order.ts';
import { shopOrder } from '../orders/schema.ts';
import { ORDER_KEYS_JSON, type OrderKey } from '../policy/order-facts.ts';
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
  const [row] = await casePage(db, { refundNo });
  const { context, ...c } = visible(row, actor);
  return { c, context };
}

/** The buyer's own case, locked for a change: other people's cases are "not found" even to staff here. */
export async function findOwnCase(tx: Db, refundNo: string, buyer: Actor): Promise<CaseRow> {
  const c = await findVisibleCase(tx, refundNo, buyer, { forUpdate: true });
  if (c.buyerId !== buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
  return c;
}

// Built once, named statements planned once per connection (planning either cost more than running it).
const casePage = compiledSelect('case_page', (db) =>
  db
    .select({
      ...getTableColumns(refundCase),
      orderNo: shopOrder.orderNo,
      context: sql<CaseContextJson>`${caseContextJson}`,
    })
    .from(refundCase)
    .innerJoin(shopOrder, eq(shopOrder.id, refundCase.orderId))
    .where(eq(refundCase.refundNo, sql.placeholder('refundNo'))),
);

const o = alias(shopOrder, 'o');
const toDecide = {
  c: refundCase,
  order: o,
  keys: sql<
    OrderKey[] | null
  >`CASE WHEN o.product_kind IN ('card_key', 'membership') THEN ${ORDER_KEYS_JSON} END`,
  policyVersion: sql<number | null>`(SELECT max(version) FROM policy_version)`,
};
const caseToDecide = compiledSelect('case_to_decide', (db) =>
  db
    .select(toDecide)
    .from(refundCase)
    .innerJoin(o, eq(o.id, refundCase.orderId))
    .where(eq(refundCase.refundNo, sql.placeholder('refundNo')))
    .for('update', { of: refundCase }),
);
// The same with what the case page shows besides the row (caseContextJson names shop_order unaliased).
const caseToDecideWithPage = compiledSelect('case_to_decide_page', (db) =>
  db
    .select({ ...toDecide, context: sql<CaseContextJson>`${caseContextJson}` })
    .from(refundCase)
    .innerJoin(o, eq(o.id, refundCase.orderId))
    .innerJoin(shopOrder, eq(shopOrder.id, refundCase.orderId))
    .where(eq(refundCase.refundNo, sql.placeholder('refundNo')))
    .for('update', { of: refundCase }),
);

/** What a decision's re-quote needs besides the case, read with it (requote-case.ts). */
export type DecisionFacts = { order: OrderRow; keys: OrderKey[]; policyVersion: number | null };

/**
 * findVisibleCase locked for a decision, with what the re-quote reads — the order, its keys and which
 * policy version is in force — in the same statement: a decision's reads are one round trip. `page`:
 * and what the case page shows besides the row, for an answer built without reading the case again.
 */
export async function findCaseToDecide(
  tx: Db,
  refundNo: string,
  actor: Actor,
  opts: { page?: boolean } = {},
): Promise<{ c: CaseRow; facts: DecisionFacts; context: CaseContextJson | null }> {
  if (!/^R\d{14}$/.test(refundNo)) throw new AppError('RESOURCE.NOT_FOUND');
  const [row] = opts.page
    ? await caseToDecideWithPage(tx, { refundNo })
    : (await caseToDecide(tx, { refundNo })).map((r) => ({ ...r, context: null }));
  const found = visible(row && { ...row, buyerId: row.c.buyerId, merchantId: row.c.merchantId }, actor);
  return {
    c: { ...found.c, orderNo: found.order.orderNo },
    facts: { order: found.order, keys: found.keys ?? [], policyVersion: found.policyVersion },
    context: found.context,
  };
}
