import { eq } from 'drizzle-orm';
import {
  type FactsJson,
  factsFromJson,
  type Quote,
  quote,
  type RefundRequest,
} from '../../core/policy/index.ts';
import { compareQuotes, type QuoteChange, type StoredQuote } from '../../core/refunds/requote.ts';
import type { Db } from '../../platform/db/pool.ts';
import { shopOrder } from '../orders/schema.ts';
import { currentPolicy, policyAt } from '../policy/current-policy.ts';
import { chooseKeys, factsOf, type OrderKey, readOrderFacts } from '../policy/order-facts.ts';
import type { CaseRow, DecisionFacts } from './find-case.ts';

export type QuoteInput = { facts: FactsJson; request: RefundRequest };

export type Requote = {
  quote: Quote;
  change: QuoteChange;
  /** The keys the case covers that the buyer still holds, and which of them were revealed. */
  keys: OrderKey[];
};

/**
 * The case's quote on today's facts: the order as it is now (keys revealed or taken back, deliveries,
 * refunds), for the keys the case covers. Under the better of the case's own policy version and the
 * one in force: a later policy never takes away what the buyer applied under, and a more generous one
 * applies. Read-only; a decision saves what it decides on.
 */
export async function requoteCase(tx: Db, c: CaseRow, now: Date, known?: DecisionFacts): Promise<Requote> {
  const order = known?.order ?? (await tx.select().from(shopOrder).where(eq(shopOrder.id, c.orderId)))[0]!;
  const [{ facts, keys }, own, current] = await Promise.all([
    known && order.productKind !== 'physical'
      ? { facts: factsOf(order, known.keys, null), keys: known.keys }
      : readOrderFacts(tx, order),
    policyAt(tx, c.policyVersion),
    // The version in force, read with the case: its document is then cached in this process.
    known?.policyVersion
      ? policyAt(tx, known.policyVersion).then((p) => p ?? currentPolicy(tx))
      : currentPolicy(tx),
  ]);
  const input = c.quoteInput as QuoteInput | null;
  const feeDispute = c.type === 'fee_dispute';
  const heldIds = new Set(keys.filter((k) => !k.refunded).map((k) => k.id));
  // A case names its keys; one from before keys could be chosen (no ids, no choice) covers all held.
  const named = c.cardKeyIds.length > 0 || input?.request.keys !== undefined;
  const { selection } =
    feeDispute || !named
      ? { selection: undefined }
      : chooseKeys(
          keys,
          c.cardKeyIds.filter((id) => heldIds.has(id)),
        );
  const request: RefundRequest = {
    type: c.type,
    ...(c.requestedFen === null ? {} : { requestedFen: c.requestedFen }),
    ...(selection === undefined ? {} : { keys: selection }),
  };
  const quotes = [own, current].filter((p) => p !== null).map((p) => quote(p.compiled, facts, request, now));
  const best = quotes.reduce((a, b) => (b.amountFen > a.amountFen ? b : a));
  const covered = new Set(feeDispute ? [] : named ? c.cardKeyIds : [...heldIds]);
  return {
    quote: best,
    change: compareQuotes(
      { quote: c.quote as StoredQuote, facts: input ? factsFromJson(input.facts) : null },
      { quote: best, facts },
    ),
    keys: keys.filter((k) => !k.refunded && covered.has(k.id)),
  };
}
