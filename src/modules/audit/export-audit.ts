import { beijingCell, csvLine } from '../../core/search/csv.ts';
import type { Db } from '../../platform/db/pool.ts';
import { CSV_MAX_ROWS } from '../../platform/http/csv-reply.ts';
import { type AuditFilter, listAudit } from './list-audit.ts';

const PAGE = 1_000;

/** The audit log as filtered, newest first, page by page, up to CSV_MAX_ROWS rows. */
export async function* auditCsv(
  db: Db,
  filter: Omit<AuditFilter, 'limit' | 'cursor'>,
): AsyncGenerator<string> {
  yield csvLine(['时间', '操作人ID', '操作人', '角色', '操作', '对象类型', '对象编号', 'IP', '详情']);
  let cursor: string | undefined;
  let rows = 0;
  for (;;) {
    const page = await listAudit(db, { ...filter, cursor, limit: PAGE });
    for (const r of page.items) {
      if (rows++ >= CSV_MAX_ROWS)
        return yield csvLine([`（已达导出上限 ${CSV_MAX_ROWS} 行，请缩小筛选范围后再导出）`]);
      yield csvLine([
        beijingCell(r.at),
        r.actorId,
        r.actorUsername,
        r.actorRole,
        r.action,
        r.targetType,
        r.targetId,
        r.ip,
        JSON.stringify(r.data),
      ]);
    }
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
