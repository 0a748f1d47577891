import type { OrderFacts } from './facts.ts';

/** OrderFacts as stored (JSON): dates become ISO strings. */
export type FactsJson = Omit<OrderFacts, 'delivery' | 'receivedAt' | 'paidAt'> & {
  delivery: Omit<OrderFacts['delivery'], 'deliveredAt'> & { deliveredAt: string | null };
  receivedAt: string | null;
  paidAt: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const date = (s: string | null) => (s ? new Date(s) : null);

export function factsToJson(f: OrderFacts): FactsJson {
  return {
    ...f,
    delivery: { ...f.delivery, deliveredAt: iso(f.delivery.deliveredAt) },
    receivedAt: iso(f.receivedAt),
    paidAt: iso(f.paidAt),
  };
}

export function factsFromJson(j: FactsJson): OrderFacts {
  return {
    ...j,
    delivery: { ...j.delivery, deliveredAt: date(j.delivery.deliveredAt) },
    receivedAt: date(j.receivedAt),
    paidAt: date(j.paidAt),
  };
}
