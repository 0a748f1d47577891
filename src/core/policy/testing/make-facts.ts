import type { DeliveryFacts, OrderFacts } from '../facts.ts';

/** Shanghai wall-clock time → instant, for readable tests. */
export const sh = (local: string): Date => new Date(`${local}+08:00`);

type FactsOverrides = Partial<Omit<OrderFacts, 'delivery'>> & { delivery?: Partial<DeliveryFacts> };

/** A paid, undelivered single card key for 100 yuan; tests override what they exercise. */
export function makeFacts(overrides: FactsOverrides = {}): OrderFacts {
  const { delivery, ...rest } = overrides;
  return {
    orderNo: 'KM202603100001',
    productKind: 'card_key',
    status: 'awaiting_delivery',
    paidFen: 10_000,
    refundedFen: 0,
    channel: 'alipay',
    quantity: 1,
    receivedAt: null,
    paidAt: sh('2026-03-09T20:00'),
    ...rest,
    delivery: {
      deliveredAt: null,
      failed: false,
      keysIssued: 0,
      keysRevealed: 0,
      orderedUnits: 1,
      arrivedUnits: 0,
      ...delivery,
    },
  };
}

/** A card-key order whose `issued` keys were delivered, `revealed` of them viewed by the buyer. */
export function cardKeyDelivered(issued: number, revealed: number, ordered = issued): OrderFacts {
  return makeFacts({
    status: 'delivered',
    quantity: ordered,
    delivery: {
      deliveredAt: sh('2026-03-09T20:01'),
      keysIssued: issued,
      keysRevealed: revealed,
      orderedUnits: ordered,
      arrivedUnits: issued,
    },
  });
}

export function topUp(ordered: number, arrived: number, paidFen: number): OrderFacts {
  return makeFacts({
    productKind: 'direct_topup',
    status: arrived > 0 ? 'completed' : 'awaiting_delivery',
    paidFen,
    delivery: {
      deliveredAt: arrived > 0 ? sh('2026-03-09T20:05') : null,
      orderedUnits: ordered,
      arrivedUnits: arrived,
    },
  });
}

export function physical(
  opts: { receivedAt?: Date | null; ordered?: number; arrived?: number } = {},
): OrderFacts {
  const ordered = opts.ordered ?? 1;
  return makeFacts({
    productKind: 'physical',
    status: opts.receivedAt ? 'completed' : 'delivered',
    quantity: ordered,
    receivedAt: opts.receivedAt ?? null,
    delivery: {
      deliveredAt: sh('2026-03-01T10:00'),
      orderedUnits: ordered,
      arrivedUnits: opts.arrived ?? ordered,
    },
  });
}
