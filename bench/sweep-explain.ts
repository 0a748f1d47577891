import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { dueCasesQuery, type TimerKind } from '../src/modules/refunds/sweep-timers.ts';
import { fmt } from './lib.ts';

const dialect = new PgDialect();
// sweepTimers' default batch.
const BATCH = 200;

/** Which rows each sweep's partial index holds (its WHERE clause, from migrations/0006_case_work.sql). */
const CANDIDATES: Record<TimerKind, { index: string; where: string }> = {
  sla: {
    index: 'refund_case_sla_due_idx',
    where: `NOT escalated AND state IN ('submitted','risk_hold','appealed')`,
  },
  info: { index: 'refund_case_info_due_idx', where: `state = 'info_requested'` },
  merchant: {
    index: 'refund_case_merchant_due_idx',
    where: `merchant_response IS NULL AND state = 'submitted'`,
  },
  // 退货寄回 (migrations/0027_return_shipping.sql).
  return_remind: {
    index: 'refund_case_return_remind_idx',
    where: `state = 'awaiting_return' AND return_remind_at IS NOT NULL`,
  },
  return_ship: { index: 'refund_case_return_due_idx', where: `state = 'awaiting_return'` },
  return_confirm: { index: 'refund_case_return_confirm_idx', where: `state = 'return_shipped'` },
};

type PlanNode = {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  'Heap Fetches'?: number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
};

/**
 * The timer sweeps' due-case queries (sweep-timers.ts `dueCasesQuery`, the exact SQL the sweep
 * sends), with EXPLAIN (ANALYZE, BUFFERS): a batch of 200, then every due row, next to how many
 * rows the partial index holds and how many are due. The index scan should read the due rows and no
 * others (no "Rows Removed by Filter"), whatever the table's size.
 */
export async function explainSweeps(pool: pg.Pool): Promise<void> {
  const total = Number((await pool.query(`SELECT count(*) AS n FROM refund_case`)).rows[0].n);
  console.log(`\nTimer sweeps over ${total.toLocaleString('en')} cases (sweep-timers.ts dueCasesQuery):`);
  for (const kind of ['sla', 'info', 'merchant'] as const) {
    const now = new Date();
    const { index, where } = CANDIDATES[kind];
    const candidates = Number(
      (await pool.query(`SELECT count(*) AS n FROM refund_case WHERE ${where}`)).rows[0].n,
    );
    const all = dueCasesQuery(kind, now, 1_000_000_000);
    const due = Number((await run(pool, sql`SELECT count(*) AS n FROM (${all}) d`)).rows[0].n);
    console.log(
      `\n  ${kind}: ${index} holds ${candidates.toLocaleString('en')} candidate rows, ` +
        `${due.toLocaleString('en')} due now`,
    );
    const batch = dueCasesQuery(kind, now, BATCH);
    const q = dialect.sqlToQuery(batch);
    console.log(`  ${q.sql.replace(/\s+/g, ' ')}   -- $1 = now, $2 = ${BATCH}`);
    const text = await run(pool, sql`EXPLAIN (ANALYZE, BUFFERS) ${batch}`);
    for (const r of text.rows) console.log(`      ${r['QUERY PLAN']}`);
    for (const [label, query] of [
      [`batch of ${BATCH}`, batch],
      ['every due row', all],
    ] as const) {
      const json = await run(pool, sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query}`);
      const plan = json.rows[0]['QUERY PLAN'][0];
      const nodes = flatten(plan.Plan);
      const scans = nodes.filter((n) => /Scan/.test(n['Node Type']));
      const heap = scans.find((n) => !/Bitmap Index/.test(n['Node Type']));
      console.log(
        `    ${label.padEnd(14)} ${scans.map((n) => `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`).join(' ← ')}: ` +
          `${heap?.['Actual Rows'] ?? 0} rows, ${heap?.['Rows Removed by Filter'] ?? 0} removed by filter, ` +
          `${plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks']} buffers, ` +
          `${fmt(plan['Execution Time'], 3)} ms`,
      );
    }
  }
}

function run(pool: pg.Pool, q: SQL) {
  const { sql: text, params } = dialect.sqlToQuery(q);
  return pool.query(text, params);
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}
