import { and, asc, eq, gt, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { ProductKind, RefundType } from '../../core/policy/index.ts';
import { REVIEW_STATES } from '../../core/refunds/case-actions.ts';
import type { CaseState } from '../../core/refunds/case-machine.ts';
import { CASE_STATE_LABELS } from '../../core/refunds/timeline.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser } from '../auth/schema.ts';
import { shopOrder } from '../orders/schema.ts';
import { caseSearchWhere } from './case-search.ts';
import { refundCase } from './schema.ts';

export type QueueFilter = {
  type?: RefundType;
  productKind?: ProductKind;
  merchantId?: number;
  state?: CaseState;
  overdue?: boolean;
  mine?: boolean;
  /** The search box: refund number, order number, or buyer (id or username prefix). */
  q?: string;
  limit: number;
};

/**
 * The review queue: open cases, urged and escalated first (priority), then the nearest SLA deadline —
 * the order of refund_case_queue_idx.
 */
export async function listReviewQueue(db: Db, actor: Actor, f: QueueFilter, now: Date) {
  const where: SQL[] = [inArray(refundCase.state, f.state ? [f.state] : [...REVIEW_STATES])];
  if (f.type) where.push(eq(refundCase.type, f.type));
  if (f.productKind) where.push(eq(shopOrder.productKind, f.productKind));
  if (f.merchantId) where.push(eq(refundCase.merchantId, f.merchantId));
  // While the platform waits for the buyer the clock is paused: such a case is not overdue.
  if (f.overdue) where.push(lt(refundCase.slaDeadline, now), ne(refundCase.state, 'info_requested'));
  // 我的处理: cases this agent holds now. A claim that lapsed leaves assignee_id behind, but the case
  // is back in the common queue for anyone to take, so it is not "mine" any more.
  if (f.mine) where.push(eq(refundCase.assigneeId, actor.userId), gt(refundCase.claimExpiresAt, now));
  const search = caseSearchWhere(actor, f.q);
  if (search) where.push(search);
  const rows = await db
    .select({
      c: refundCase,
      orderNo: shopOrder.orderNo,
      productName: shopOrder.productName,
      productKind: shopOrder.productKind,
      assignee: appUser.displayName,
    })
    .from(refundCase)
    .innerJoin(shopOrder, eq(shopOrder.id, refundCase.orderId))
    .leftJoin(appUser, eq(appUser.id, refundCase.assigneeId))
    .where(and(...where))
    // Exactly the order of refund_case_queue_idx (DESC NULLS LAST), so a page reads only its rows.
    .orderBy(sql`${refundCase.priority} DESC NULLS LAST`, asc(refundCase.slaDeadline), asc(refundCase.id))
    .limit(f.limit);
  return rows.map(({ c, orderNo, productName, productKind, assignee }) => ({
    refundNo: c.refundNo,
    orderNo,
    productName,
    productKind,
    type: c.type,
    state: c.state,
    stateLabel: CASE_STATE_LABELS[c.state],
    amountFen: c.amountFen,
    slaDeadline: c.slaDeadline.toISOString(),
    overdue: c.slaDeadline < now && c.state !== 'info_requested',
    escalated: c.escalated,
    urged: c.urgedAt !== null,
    priority: c.priority,
    merchantResponse: c.merchantResponse,
    assignee: c.claimExpiresAt && c.claimExpiresAt > now ? assignee : null,
    version: c.version,
  }));
}
