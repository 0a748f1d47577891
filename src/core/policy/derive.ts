import { localDayOf } from '../calendar/local-day.ts';
import { isFen } from '../money/fen.ts';
import type { OrderFacts } from './facts.ts';
import type { Conditions } from './schema.ts';
import { goodsClassOf, ORDER_STATUSES, type OrderStatus, PAYMENT_CHANNELS } from './vocabulary.ts';

/** The facts rule conditions are written against, computed once per quote. */
export interface DerivedFacts {
  readonly status: OrderStatus;
  readonly virtual: boolean;
  readonly delivered: boolean;
  readonly failed: boolean;
  readonly keysRevealed: boolean;
  readonly used: boolean;
  readonly arrivedShort: boolean;
  readonly received: boolean;
  readonly feeCharged: boolean;
  /** -1 when there is no such date. */
  readonly daysSinceDelivery: number;
  readonly daysSinceReceipt: number;
  readonly orderedUnits: number;
  /** Clamped to orderedUnits: over-delivery counts as complete, never as a negative shortfall. */
  readonly arrivedUnits: number;
}

const count = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const dateOrNull = (d: unknown): boolean => d === null || (d instanceof Date && Number.isFinite(d.getTime()));

/** Cheap shape checks on data that comes from outside the type system (the database). */
export function factsAreUsable(f: OrderFacts, now: Date): boolean {
  const d = f.delivery;
  return (
    isFen(f.paidFen) &&
    isFen(f.refundedFen) &&
    (f.feesWithheldFen === undefined || isFen(f.feesWithheldFen)) &&
    (ORDER_STATUSES as readonly string[]).includes(f.status) &&
    (PAYMENT_CHANNELS as readonly string[]).includes(f.channel) &&
    typeof d === 'object' &&
    d !== null &&
    count(d.keysIssued) &&
    count(d.keysRevealed) &&
    (d.keysRefunded === undefined || (count(d.keysRefunded) && d.keysRefunded <= d.keysIssued)) &&
    count(d.arrivedUnits) &&
    count(d.orderedUnits) &&
    d.orderedUnits >= 1 &&
    dateOrNull(d.deliveredAt) &&
    dateOrNull(f.receivedAt) &&
    dateOrNull(f.paidAt) &&
    dateOrNull(now) &&
    now !== null
  );
}

/** Calendar days in Shanghai after the day of `at`; the day itself is not counted (签收次日起算). */
function daysSince(at: Date | null, nowDay: number): number {
  if (at === null) return -1;
  return Math.max(0, nowDay - localDayOf(at));
}

export function deriveFacts(f: OrderFacts, now: Date): DerivedFacts {
  const d = f.delivery;
  const virtual = goodsClassOf(f.productKind) === 'virtual';
  const ordered = d.orderedUnits;
  // A card key is a unit: only issued keys count as arrived, whatever the order status claims (seed §4).
  const rawArrived = f.productKind === 'card_key' ? d.keysIssued - (d.keysRefunded ?? 0) : d.arrivedUnits;
  const arrived = Math.min(rawArrived, ordered);
  const delivered = d.deliveredAt !== null && arrived > 0;
  const revealed = Math.min(d.keysRevealed, d.keysIssued) > 0;
  const nowDay = localDayOf(now);
  return {
    status: f.status,
    virtual,
    delivered,
    failed: d.failed,
    keysRevealed: revealed,
    // With keys, use means revealing one; without (top-up credit, activated membership), whatever
    // arrived is already consumed.
    used: d.keysIssued > 0 ? revealed : delivered,
    arrivedShort: arrived < ordered,
    received: f.receivedAt !== null,
    feeCharged: (f.feesWithheldFen ?? 0) > 0,
    daysSinceDelivery: daysSince(d.deliveredAt, nowDay),
    daysSinceReceipt: daysSince(f.receivedAt, nowDay),
    orderedUnits: ordered,
    arrivedUnits: arrived,
  };
}

export function conditionsHold(w: Conditions, f: DerivedFacts): boolean {
  if (w.delivered !== undefined && w.delivered !== f.delivered) return false;
  if (w.failed !== undefined && w.failed !== f.failed) return false;
  if (w.keysRevealed !== undefined && w.keysRevealed !== f.keysRevealed) return false;
  if (w.used !== undefined && w.used !== f.used) return false;
  if (w.arrivedShort !== undefined && w.arrivedShort !== f.arrivedShort) return false;
  if (w.received !== undefined && w.received !== f.received) return false;
  if (w.feeCharged !== undefined && w.feeCharged !== f.feeCharged) return false;
  if (w.maxDaysSinceDelivery !== undefined) {
    if (f.daysSinceDelivery < 0 || f.daysSinceDelivery > w.maxDaysSinceDelivery) return false;
  }
  if (w.maxDaysSinceReceipt !== undefined) {
    if (f.daysSinceReceipt < 0 || f.daysSinceReceipt > w.maxDaysSinceReceipt) return false;
  }
  if (w.statusIn !== undefined && !w.statusIn.includes(f.status)) return false;
  return true;
}
