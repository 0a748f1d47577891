import type { ProductKind } from '../../core/policy/index.ts';
import { PRODUCT_KIND_LABELS, REFUND_TYPE_LABELS } from '../../core/policy/vocabulary.ts';
import type { CaseState } from '../../core/refunds/case-machine.ts';
import { beijingCell, csvLine, yuanCell } from '../../core/search/csv.ts';
import type { Db } from '../../platform/db/pool.ts';
import { CSV_MAX_ROWS } from '../../platform/http/csv-reply.ts';
import type { Actor } from '../auth/actor.ts';
import { listRefunds } from './get-refund.ts';
import { listReviewQueue, type QueueFilter } from './list-review-queue.ts';

const PAGE = 500;
const kindLabel = (kind: string) => PRODUCT_KIND_LABELS[kind as ProductKind]?.zh ?? kind;
/** The queue is read in its priority order, which has no keyset: an export takes its first rows. */
export const QUEUE_EXPORT_MAX = 5_000;

const truncated = (max: number) => csvLine([`（已达导出上限 ${max} 行，请缩小筛选范围后再导出）`]);

/** The caller's case list (我的退款 / the merchant's cases) as filtered, page by page. */
export async function* caseListCsv(
  db: Db,
  actor: Actor,
  filter: { status?: CaseState[]; q?: string },
): AsyncGenerator<string> {
  yield csvLine([
    '退款编号',
    '订单号',
    '商品',
    '商品类型',
    '退款类型',
    '状态',
    '申请金额（元）',
    '批准金额（元）',
    '手续费（元）',
    '申请时间',
    '审核时限',
  ]);
  let cursor: string | undefined;
  let rows = 0;
  for (;;) {
    const page = await listRefunds(db, actor, { ...filter, cursor, limit: PAGE });
    for (const c of page.items) {
      if (rows++ >= CSV_MAX_ROWS) return yield truncated(CSV_MAX_ROWS);
      yield csvLine([
        c.refundNo,
        c.orderNo,
        c.productName,
        kindLabel(c.productKind),
        REFUND_TYPE_LABELS[c.type].zh,
        c.stateLabel.zh,
        yuanCell(c.amountFen),
        yuanCell(c.approvedFen),
        yuanCell(c.feeFen),
        beijingCell(c.createdAt),
        beijingCell(c.slaDeadline),
      ]);
    }
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** The review queue (or 我的处理) as filtered, in queue order, up to QUEUE_EXPORT_MAX rows. */
export async function* reviewQueueCsv(
  db: Db,
  actor: Actor,
  filter: Omit<QueueFilter, 'limit'>,
  now: Date,
): AsyncGenerator<string> {
  yield csvLine([
    '退款编号',
    '订单号',
    '商品',
    '商品类型',
    '退款类型',
    '状态',
    '金额（元）',
    '审核时限',
    '已超时',
    '已升级',
    '已催办',
    '处理人',
  ]);
  const items = await listReviewQueue(db, actor, { ...filter, limit: QUEUE_EXPORT_MAX + 1 }, now);
  for (const [i, c] of items.entries()) {
    if (i >= QUEUE_EXPORT_MAX) return yield truncated(QUEUE_EXPORT_MAX);
    yield csvLine([
      c.refundNo,
      c.orderNo,
      c.productName,
      PRODUCT_KIND_LABELS[c.productKind].zh,
      REFUND_TYPE_LABELS[c.type].zh,
      c.stateLabel.zh,
      yuanCell(c.amountFen),
      beijingCell(c.slaDeadline),
      c.overdue ? '是' : '否',
      c.escalated ? '是' : '否',
      c.urged ? '是' : '否',
      c.assignee ?? '',
    ]);
  }
}
