import { asc, desc, eq, sql } from 'drizzle-orm';
import { maskAccount, maskIp, maskName, maskPhones } from '../../core/orders/buyer-privacy.ts';
import { refundableFen } from '../../core/orders/refund-state.ts';
import { describeOrderEvent, describeRefundEvent, type OrderEventData } from '../../core/orders/timeline.ts';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { CASE_STATE_LABELS } from '../../core/refunds/timeline.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser, merchant } from '../auth/schema.ts';
import { cardKey } from '../catalog/schema.ts';
import { refundCase, refundCaseEvent } from '../refunds/schema.ts';
import { findVisibleOrder } from './find-order.ts';
import { cardKeyExtraction, deliveryAttempt, orderEvent, shipment } from './schema.ts';
import { iso, orderSummary } from './views.ts';

/**
 * Everything about one order the actor may see: payment, delivery attempts, keys (masked — only the
 * reveal endpoint returns a secret; refunded and locked ones say so), extraction records, shipment,
 * its refund cases and the timeline in zh/en, refund events included.
 */
export async function getOrder(db: Db, actor: Actor, orderNo: string) {
  const detail = await readOrder(db, actor, orderNo);
  // A merchant answers cases and ships parcels; it does not need the buyer's identity (see core/orders/buyer-privacy).
  return actor.role === 'merchant' ? maskedForMerchant(detail) : detail;
}

type OrderView = Awaited<ReturnType<typeof readOrder>>;

function maskedForMerchant(o: OrderView): OrderView {
  return {
    ...o,
    buyerName: maskName(o.buyerName),
    topupAccount: o.topupAccount === null ? null : maskAccount(o.topupAccount),
    shippingAddress: o.shippingAddress === null ? null : maskPhones(o.shippingAddress),
    extractions: o.extractions.map((e) => ({ ...e, ip: e.ip === null ? null : maskIp(e.ip) })),
  };
}

async function readOrder(db: Db, actor: Actor, orderNo: string) {
  const o = await findVisibleOrder(db, orderNo, actor);
  const [names] = await db
    .select({ merchantName: merchant.name, buyerName: appUser.displayName })
    .from(merchant)
    .innerJoin(appUser, eq(appUser.id, o.buyerId))
    .where(eq(merchant.id, o.merchantId));
  const [keys, attempts, extractions, ship, events, cases, caseEvents] = await Promise.all([
    db
      .select({
        id: cardKey.id,
        masked: cardKey.masked,
        status: cardKey.status,
        refundNo: refundCase.refundNo,
        revealedAt: sql<Date | null>`min(${cardKeyExtraction.at})`,
      })
      .from(cardKey)
      .leftJoin(cardKeyExtraction, eq(cardKeyExtraction.cardKeyId, cardKey.id))
      .leftJoin(refundCase, eq(refundCase.id, cardKey.refundCaseId))
      .where(eq(cardKey.orderId, o.id))
      .groupBy(cardKey.id, refundCase.refundNo)
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
    db.select().from(refundCase).where(eq(refundCase.orderId, o.id)).orderBy(desc(refundCase.id)),
    db
      .select({
        kind: refundCaseEvent.kind,
        data: refundCaseEvent.data,
        at: refundCaseEvent.at,
        refundNo: refundCase.refundNo,
      })
      .from(refundCaseEvent)
      .innerJoin(refundCase, eq(refundCase.id, refundCaseEvent.caseId))
      .where(eq(refundCase.orderId, o.id)),
  ]);
  // The open case locks the unrevealed keys it covers.
  const open = cases.find((c) => OPEN_STATES.includes(c.state));
  const lockedIds = new Set(open?.cardKeyIds ?? []);
  const s = ship[0];
  return {
    ...orderSummary(o, { ...(names ?? { merchantName: '', buyerName: '' }), openRefundNo: open?.refundNo }),
    unitPriceFen: o.unitPriceFen,
    topupAccount: o.topupAccount,
    shippingAddress: o.shippingAddress,
    expiresAt: o.status === 'pending_payment' ? iso(o.expiresAt) : null,
    deliveredAt: iso(o.deliveredAt),
    completedAt: iso(o.completedAt),
    cancelledAt: iso(o.cancelledAt),
    channelTradeNo: o.channelTradeNo,
    refundableFen: refundableFen(o),
    orderedUnits: o.orderedUnits,
    arrivedUnits: o.arrivedUnits,
    cardKeys: keys.map((k) => ({
      id: k.id,
      masked: k.masked,
      revealedAt: k.revealedAt ? new Date(k.revealedAt).toISOString() : null,
      status: k.status === 'refunded' ? ('refunded' as const) : ('held' as const),
      refundNo: k.status === 'refunded' ? k.refundNo : null,
      lockedBy:
        open && k.status !== 'refunded' && !k.revealedAt && lockedIds.has(k.id) ? open.refundNo : null,
    })),
    refunds: cases.map((c) => ({
      refundNo: c.refundNo,
      type: c.type,
      state: c.state,
      stateLabel: CASE_STATE_LABELS[c.state],
      amountFen: c.amountFen,
      approvedFen: c.approvedFen,
      createdAt: c.createdAt.toISOString(),
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
    timeline: [
      ...events.map((e) => {
        const refundNo = (e.data as { refundNo?: string }).refundNo;
        return {
          at: e.at,
          kind: e.kind,
          ...(refundNo ? { refundNo } : {}),
          ...describeOrderEvent({ kind: e.kind, ...(e.data as object) } as OrderEventData),
        };
      }),
      ...caseEvents.flatMap((e) => {
        const text = describeRefundEvent({ kind: e.kind, refundNo: e.refundNo, data: e.data as object });
        return text ? [{ at: e.at, kind: `refund_${e.kind}`, refundNo: e.refundNo, ...text }] : [];
      }),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

export type OrderDetail = Awaited<ReturnType<typeof getOrder>>;
