import { asc, eq, sql } from 'drizzle-orm';
import { describeOrderEvent, type OrderEventData } from '../../core/orders/timeline.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser, merchant } from '../auth/schema.ts';
import { cardKey } from '../catalog/schema.ts';
import { findVisibleOrder } from './find-order.ts';
import { cardKeyExtraction, deliveryAttempt, orderEvent, shipment } from './schema.ts';
import { iso, orderSummary } from './views.ts';

/**
 * Everything about one order the actor may see: payment, delivery attempts, keys (masked — only the
 * reveal endpoint returns a secret), extraction records, shipment and the timeline in zh/en.
 */
export async function getOrder(db: Db, actor: Actor, orderNo: string) {
  const o = await findVisibleOrder(db, orderNo, actor);
  const [names] = await db
    .select({ merchantName: merchant.name, buyerName: appUser.displayName })
    .from(merchant)
    .innerJoin(appUser, eq(appUser.id, o.buyerId))
    .where(eq(merchant.id, o.merchantId));
  const [keys, attempts, extractions, ship, events] = await Promise.all([
    db
      .select({
        id: cardKey.id,
        masked: cardKey.masked,
        revealedAt: sql<Date | null>`min(${cardKeyExtraction.at})`,
      })
      .from(cardKey)
      .leftJoin(cardKeyExtraction, eq(cardKeyExtraction.cardKeyId, cardKey.id))
      .where(eq(cardKey.orderId, o.id))
      .groupBy(cardKey.id)
      .orderBy(asc(cardKey.id)),
    db
      .select()
      .from(deliveryAttempt)
      .where(eq(deliveryAttempt.orderId, o.id))
      .orderBy(asc(deliveryAttempt.attemptNo)),
    db
      .select()
      .from(cardKeyExtraction)
      .where(eq(cardKeyExtraction.orderId, o.id))
      .orderBy(asc(cardKeyExtraction.at), asc(cardKeyExtraction.id)),
    db.select().from(shipment).where(eq(shipment.orderId, o.id)),
    db
      .select()
      .from(orderEvent)
      .where(eq(orderEvent.orderId, o.id))
      .orderBy(asc(orderEvent.at), asc(orderEvent.id)),
  ]);
  const s = ship[0];
  return {
    ...orderSummary(o, names ?? { merchantName: '', buyerName: '' }),
    unitPriceFen: o.unitPriceFen,
    topupAccount: o.topupAccount,
    shippingAddress: o.shippingAddress,
    expiresAt: o.status === 'pending_payment' ? iso(o.expiresAt) : null,
    deliveredAt: iso(o.deliveredAt),
    completedAt: iso(o.completedAt),
    cancelledAt: iso(o.cancelledAt),
    channelTradeNo: o.channelTradeNo,
    // What is left to refund at most; the policy engine decides what a given refund type allows.
    refundableFen: o.paidFen - o.refundedFen,
    orderedUnits: o.orderedUnits,
    arrivedUnits: o.arrivedUnits,
    cardKeys: keys.map((k) => ({
      id: k.id,
      masked: k.masked,
      revealedAt: k.revealedAt ? new Date(k.revealedAt).toISOString() : null,
    })),
    deliveryAttempts: attempts.map((a) => ({
      id: a.id,
      at: a.at.toISOString(),
      status: a.status,
      requestedUnits: a.requestedUnits,
      arrivedUnits: a.arrivedUnits,
      detail: a.detail,
    })),
    extractions: extractions.map((e) => ({
      id: e.id,
      cardKeyId: e.cardKeyId,
      action: e.action,
      at: e.at.toISOString(),
      ip: e.ip,
      userAgent: e.userAgent,
    })),
    shipment: s
      ? {
          carrier: s.carrier,
          trackingNo: s.trackingNo,
          shippedAt: s.shippedAt.toISOString(),
          receivedAt: iso(s.receivedAt),
        }
      : null,
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      ...describeOrderEvent({ kind: e.kind, ...(e.data as object) } as OrderEventData),
    })),
  };
}

export type OrderDetail = Awaited<ReturnType<typeof getOrder>>;
