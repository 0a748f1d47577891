import type { ExpressDecision } from '../../core/credit/index.ts';
import { factsToJson, type Quote, quote, type RefundType } from '../../core/policy/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { expressPreview } from '../credit/decide-express.ts';
import { findVisibleOrder } from '../orders/find-order.ts';
import { currentPolicy } from './current-policy.ts';
import { chooseKeys, readOrderFacts } from './order-facts.ts';
import { refundQuoteLog } from './schema.ts';

/**
 * What the policy allows for this refund on this order, now: eligibility, amount, fee lines,
 * evidence needed, deadline and the reasons. Someone else's order is "not found". The request, the
 * facts and the answer are logged: the what-if simulation shows these quote views apart from the
 * submitted cases it replays.
 */
export async function quoteRefund(input: {
  db: Db;
  actor: Actor;
  orderNo: string;
  type: RefundType;
  requestedFen?: number;
  /** The card keys the refund would cover; absent: all the buyer still holds. */
  cardKeyIds?: number[];
  now: Date;
}): Promise<Quote & { express: ExpressDecision | null }> {
  const order = await findVisibleOrder(input.db, input.orderNo, input.actor);
  const [policy, { facts, keys }] = await Promise.all([
    currentPolicy(input.db),
    readOrderFacts(input.db, order),
  ]);
  const { selection } =
    input.type === 'fee_dispute' ? { selection: undefined } : chooseKeys(keys, input.cardKeyIds);
  const q = quote(
    policy.compiled,
    facts,
    { type: input.type, requestedFen: input.requestedFen, ...(selection ? { keys: selection } : {}) },
    input.now,
  );
  // The log is what buyers were shown (the what-if's `quoteViews`): a reviewer's or shop's quote of the
  // same order is not a buyer looking.
  if (input.actor.role === 'buyer')
    await input.db.insert(refundQuoteLog).values({
      orderId: order.id,
      type: input.type,
      productKind: order.productKind,
      requestedFen: input.requestedFen ?? null,
      facts: factsToJson(facts),
      policyVersion: policy.version,
      eligible: q.eligible,
      amountFen: q.amountFen,
      ruleId: q.ruleId,
      at: input.now,
    });
  // 极速退款 is told before submitting; only the buyer's own quote can promise it.
  const express =
    input.actor.role === 'buyer'
      ? await expressPreview(input.db, { policy, quote: q, order, type: input.type, now: input.now })
      : null;
  return { ...q, express };
}
