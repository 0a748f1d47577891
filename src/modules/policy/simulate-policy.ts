import { sql } from 'drizzle-orm';
import {
  CREDIT_BASE,
  createExpressWhatIf,
  creditThresholdsOf,
  type ExpressBuyer,
  type ExpressWhatIf,
  expressPolicyOf,
} from '../../core/credit/index.ts';
import {
  compilePolicy,
  createSimulation,
  type FactsJson,
  factsFromJson,
  parsePolicy,
  quote,
  type RefundRequest,
  type RefundType,
  type SimulationReport,
} from '../../core/policy/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';

const BATCH = 5000;

type CaseRow = {
  id: string;
  order_no: string;
  created_at: Date;
  quote_input: { facts: FactsJson; request: RefundRequest };
  eligible: boolean;
  amount_fen: string;
  rule_id: string;
  buyer_id: string;
  merchant_id: string;
  state: string;
  reject_reason_code: string | null;
  risk_action: ExpressBuyer['riskAction'];
  score: number | null;
  audit: string | null;
  objection: string | null;
};

type ViewRow = {
  order_id: string;
  type: string;
  order_no: string;
  at: Date;
  facts: FactsJson;
  requested_fen: string | null;
  eligible: boolean;
  amount_fen: string;
  rule_id: string;
};

/**
 * Re-runs a draft policy over the refund cases submitted in the last `days` days — each on the facts
 * and the request the engine read at submission, against the quote it was submitted with — and
 * reports what would change. Quotes buyers looked at without applying are replayed apart (the latest
 * per order and type), so one order's many looks never count as many cases. Keyset batches keep
 * memory flat; nothing is written.
 */
export async function simulatePolicy(input: {
  db: Db;
  draft: unknown;
  days: number;
  now: Date;
  onProgress?: (done: number, total: number) => void;
}): Promise<SimulationReport & { express: ExpressWhatIf }> {
  const parsed = parsePolicy(input.draft);
  if (!parsed.ok) throw new AppError('POLICY.INVALID', { issues: parsed.issues });
  const compiled = compilePolicy(parsed.policy);
  const sim = createSimulation(compiled);
  // 极速退款 under the draft: which of these cases it would have refunded at once, and how they ended.
  const express = createExpressWhatIf(expressPolicyOf(parsed.policy), creditThresholdsOf(parsed.policy));
  const since = new Date(input.now.getTime() - input.days * 86_400_000);
  const total = Number(
    (
      await input.db.execute<{ n: string }>(sql`
        SELECT count(*) AS n FROM refund_case WHERE created_at >= ${since} AND quote_input IS NOT NULL`)
    ).rows[0]!.n,
  );
  let done = 0;
  let after = 0;
  for (;;) {
    // The original quote is the one at submission: a decision's re-quote replaces `quote`, so the
    // first event's figures (submit/resubmit) are what the buyer was promised.
    const { rows } = await input.db.execute<CaseRow>(sql`
      SELECT c.id, o.order_no, c.created_at, c.quote_input,
             true AS eligible, (e.data->>'amountFen') AS amount_fen, (e.data->>'ruleId') AS rule_id,
             c.buyer_id, c.merchant_id, c.state, c.reject_reason_code, ra.action AS risk_action, bc.score,
             x.audit, x.objection
      FROM refund_case c
      JOIN shop_order o ON o.id = c.order_id
      LEFT JOIN risk_assessment ra ON ra.case_id = c.id
      LEFT JOIN buyer_credit bc ON bc.user_id = c.buyer_id
      LEFT JOIN express_refund x ON x.case_id = c.id
      JOIN LATERAL (SELECT data FROM refund_case_event WHERE case_id = c.id AND kind IN ('submit', 'resubmit')
                   ORDER BY at, id LIMIT 1) e ON true
      WHERE c.created_at >= ${since} AND c.quote_input IS NOT NULL AND c.id > ${after}
      ORDER BY c.id LIMIT ${BATCH}`);
    for (const r of rows) {
      const facts = factsFromJson(r.quote_input.facts);
      const at = new Date(r.created_at);
      sim.add({
        orderNo: r.order_no,
        request: r.quote_input.request,
        facts,
        at,
        before: { eligible: r.eligible, amountFen: Number(r.amount_fen), ruleId: r.rule_id },
      });
      const draftQuote = quote(compiled, facts, r.quote_input.request, at);
      express.add({
        buyerId: Number(r.buyer_id),
        merchantId: Number(r.merchant_id),
        type: r.quote_input.request.type,
        kind: facts.productKind,
        at,
        eligible: draftQuote.eligible,
        amountFen: draftQuote.amountFen,
        score: r.score ?? CREDIT_BASE,
        riskAction: r.risk_action ?? null,
        rejected: r.state === 'rejected' || (r.state === 'appealed' && r.reject_reason_code !== null),
        abusive: r.audit === 'abusive' || r.objection === 'upheld',
      });
    }
    done += rows.length;
    input.onProgress?.(done, total);
    if (rows.length < BATCH) break;
    after = Number(rows.at(-1)!.id);
  }
  await replayQuoteViews(input.db, since, sim);
  return { ...sim.report(), express: express.report() };
}

/** The latest quote per order and type in the window, where the buyer did not apply with that type. */
async function replayQuoteViews(db: Db, since: Date, sim: ReturnType<typeof createSimulation>) {
  let after = { orderId: 0, type: '' };
  for (;;) {
    const { rows } = await db.execute<ViewRow>(sql`
      SELECT DISTINCT ON (l.order_id, l.type) l.order_id, l.type, o.order_no, l.at, l.facts, l.requested_fen,
             l.eligible, l.amount_fen, l.rule_id
      FROM refund_quote_log l
      JOIN shop_order o ON o.id = l.order_id
      WHERE l.at >= ${since} AND (l.order_id, l.type) > (${after.orderId}, ${after.type})
        AND NOT EXISTS (SELECT 1 FROM refund_case c WHERE c.order_id = l.order_id AND c.type = l.type)
      ORDER BY l.order_id, l.type, l.at DESC, l.id DESC
      LIMIT ${BATCH}`);
    for (const r of rows) {
      sim.addView({
        orderNo: r.order_no,
        request: {
          type: r.type as RefundType,
          ...(r.requested_fen === null ? {} : { requestedFen: Number(r.requested_fen) }),
        },
        facts: factsFromJson(r.facts),
        at: new Date(r.at),
        before: { eligible: r.eligible, amountFen: Number(r.amount_fen), ruleId: r.rule_id },
      });
    }
    if (rows.length < BATCH) return;
    const last = rows.at(-1)!;
    after = { orderId: Number(last.order_id), type: last.type };
  }
}
