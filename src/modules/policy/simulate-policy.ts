import { and, asc, eq, gte, sql } from 'drizzle-orm';
import {
  compilePolicy,
  createSimulation,
  type FactsJson,
  factsFromJson,
  parsePolicy,
  type RefundType,
  type SimulationReport,
} from '../../core/policy/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import { shopOrder } from '../orders/schema.ts';
import { refundQuoteLog } from './schema.ts';

const BATCH = 5000;

/**
 * Re-runs a draft policy over the refund requests of the last `days` days (the quote log) and reports
 * what would change. Reads in keyset batches so memory stays flat; writes nothing.
 */
export async function simulatePolicy(input: {
  db: Db;
  draft: unknown;
  days: number;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}): Promise<SimulationReport> {
  const parsed = parsePolicy(input.draft);
  if (!parsed.ok) throw new AppError('POLICY.INVALID', { issues: parsed.issues });
  const sim = createSimulation(compilePolicy(parsed.policy));
  const since = new Date(input.now.getTime() - input.days * 86_400_000);
  const total = await input.db.$count(refundQuoteLog, gte(refundQuoteLog.at, since));
  // Keyset on (at, id): walks refund_quote_log_at_idx in order, batch after batch.
  let after: { at: Date; id: number } = { at: since, id: 0 };
  let done = 0;
  for (;;) {
    const rows = await input.db
      .select({
        id: refundQuoteLog.id,
        orderNo: shopOrder.orderNo,
        type: refundQuoteLog.type,
        requestedFen: refundQuoteLog.requestedFen,
        facts: refundQuoteLog.facts,
        at: refundQuoteLog.at,
        eligible: refundQuoteLog.eligible,
        amountFen: refundQuoteLog.amountFen,
        ruleId: refundQuoteLog.ruleId,
      })
      .from(refundQuoteLog)
      .innerJoin(shopOrder, eq(shopOrder.id, refundQuoteLog.orderId))
      .where(
        and(
          gte(refundQuoteLog.at, since),
          sql`(${refundQuoteLog.at}, ${refundQuoteLog.id}) > (${after.at}, ${after.id})`,
        ),
      )
      .orderBy(asc(refundQuoteLog.at), asc(refundQuoteLog.id))
      .limit(BATCH);
    for (const r of rows) {
      sim.add({
        orderNo: r.orderNo,
        type: r.type as RefundType,
        requestedFen: r.requestedFen ?? undefined,
        facts: factsFromJson(r.facts as FactsJson),
        at: r.at,
        before: { eligible: r.eligible, amountFen: r.amountFen, ruleId: r.ruleId },
      });
    }
    done += rows.length;
    input.onProgress?.(done, total);
    if (rows.length < BATCH) break;
    const last = rows.at(-1)!;
    after = { at: last.at, id: last.id };
  }
  return sim.report();
}
