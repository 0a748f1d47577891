import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Actor } from '../src/modules/auth/actor.ts';
import { listReviewQueue, type QueueFilter } from '../src/modules/refunds/list-review-queue.ts';
import { percentiles } from './bench-db.ts';
import { fmt } from './lib.ts';

export type QueueSql = { sql: string; params: unknown[] };

/** The SQL listReviewQueue sends for a filter (captured from drizzle's logger; the query runs once). */
export async function queueSql(pool: pg.Pool, actor: Actor, filter: QueueFilter): Promise<QueueSql> {
  let captured: QueueSql = { sql: '', params: [] };
  const db = drizzle(pool, {
    logger: {
      logQuery: (sql, params) => {
        captured = { sql, params };
      },
    },
  });
  await listReviewQueue(db, actor, filter, new Date());
  return captured;
}

/**
 * refund_case_queue_idx is `priority DESC NULLS LAST, sla_deadline, id` (drizzle-kit writes NULLS
 * LAST for `.desc()`); a bare `ORDER BY priority DESC` means NULLS FIRST, so PostgreSQL cannot read
 * the index in that order even though priority is NOT NULL. The same query with the ORDER BY
 * spelled like the index — what the fix would send. Null when the query already says NULLS LAST.
 */
export function withIndexOrder(q: QueueSql): QueueSql | null {
  const sql = q.sql.replace(/("refund_case"\."priority" desc)(?! nulls)/, '$1 nulls last');
  return sql === q.sql ? null : { sql, params: q.params };
}

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
};

export type PlanSummary = { ms: number; buffers: number; caseRows: number; scans: string; text: string[] };

/** EXPLAIN (ANALYZE, BUFFERS) after one warm-up run: execution time, buffers, refund_case rows read. */
export async function explain(pool: pg.Pool, q: QueueSql): Promise<PlanSummary> {
  await pool.query(q.sql, q.params);
  const json = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.sql}`, q.params);
  const plan = json.rows[0]['QUERY PLAN'][0];
  const nodes = flatten(plan.Plan);
  const cases = nodes.filter((n) => n['Relation Name'] === 'refund_case');
  const text = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
  return {
    ms: plan['Execution Time'],
    buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'],
    // Rows the refund_case scans produced plus those their filters threw away.
    caseRows: cases.reduce(
      (n, s) => n + ((s['Actual Rows'] ?? 0) + (s['Rows Removed by Filter'] ?? 0)) * (s['Actual Loops'] ?? 1),
      0,
    ),
    scans: [
      ...new Set(
        nodes
          .filter((n) => /Scan/.test(n['Node Type']))
          .map((n) => `${n['Node Type']} ${n['Index Name'] ?? n['Relation Name'] ?? ''}`.trim()),
      ),
    ].join(', '),
    text: text.rows.map((r) => r['QUERY PLAN'] as string),
  };
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

/** The query alone over pg, `n` times (stopping after `budgetMs`): client-side p50 / p99 in ms. */
export async function timeSql(pool: pg.Pool, q: QueueSql, n: number, budgetMs: number) {
  const times: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (times.length < n && (times.length < 5 || performance.now() < deadline)) {
    const started = performance.now();
    await pool.query(q.sql, q.params);
    times.push(performance.now() - started);
  }
  return percentiles(times);
}

export const summary = (p: PlanSummary) =>
  `${fmt(p.ms, 2).padStart(8)} ms  buffers ${String(p.buffers).padStart(6)}  ` +
  `refund_case rows read ${String(p.caseRows).padStart(6)}  ${p.scans}`;
