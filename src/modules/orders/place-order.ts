import { and, eq, sql } from 'drizzle-orm';
import { formatOrderNo } from '../../core/orders/order-no.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { cardKey, merchantProfile, product } from '../catalog/schema.ts';
import { addOrderEvent } from './events.ts';
import { orderNoSeq, shopOrder } from './schema.ts';

export type PlaceOrderInput = {
  db: Db;
  buyer: Actor;
  productId: number;
  quantity: number;
  topupAccount?: string;
  shippingAddress?: string;
  ip: string;
  now: Date;
  expireMinutes: number;
};

/**
 * Places an unpaid order. For card keys the stock check counts keys not yet promised to other unpaid
 * orders; the product row lock makes concurrent placements take turns, so stock is never over-promised
 * by placements (keys themselves are assigned at payment — see pay-order.ts).
 */
export async function placeOrder(input: PlaceOrderInput): Promise<string> {
  const { buyer, quantity, now } = input;
  return inTransaction(input.db, async (tx) => {
    const [p] = await tx
      .select()
      .from(product)
      .where(and(eq(product.id, input.productId), eq(product.active, true)))
      .for('update');
    if (!p) throw new AppError('PRODUCT.NOT_FOUND');
    const [profile] = await tx
      .select({ status: merchantProfile.status })
      .from(merchantProfile)
      .where(eq(merchantProfile.merchantId, p.merchantId));
    if (profile && profile.status !== 'active') throw new AppError('MERCHANT.NOT_TRADING');
    const topupAccount = input.topupAccount?.trim() || null;
    const shippingAddress = input.shippingAddress?.trim() || null;
    if (p.kind === 'direct_topup' && !topupAccount) throw new AppError('ORDER.TOPUP_ACCOUNT_REQUIRED');
    if (p.kind === 'physical' && !shippingAddress) throw new AppError('ORDER.ADDRESS_REQUIRED');
    if (p.kind === 'card_key' || p.kind === 'membership') {
      const [{ available, promised }] = (
        await tx.execute<{ available: number; promised: number }>(sql`
          SELECT (SELECT count(*) FROM ${cardKey} WHERE product_id = ${p.id} AND status = 'available')::int AS available,
                 (SELECT coalesce(sum(quantity), 0) FROM ${shopOrder}
                   WHERE product_id = ${p.id} AND status = 'pending_payment' AND expires_at > ${now})::int AS promised`)
      ).rows as [{ available: number; promised: number }];
      if (available - promised < quantity) {
        throw new AppError('ORDER.OUT_OF_STOCK', {
          available: Math.max(0, available - promised),
          wanted: quantity,
        });
      }
    }
    const [{ seq }] = (await tx.execute<{ seq: number }>(sql`SELECT nextval(${orderNoSeq.seqName}) AS seq`))
      .rows as [{ seq: number }];
    const orderNo = formatOrderNo(now, Number(seq));
    const amountFen = p.priceFen * quantity;
    const [order] = await tx
      .insert(shopOrder)
      .values({
        orderNo,
        buyerId: buyer.userId,
        merchantId: p.merchantId,
        productId: p.id,
        productName: p.name,
        productKind: p.kind,
        quantity,
        unitPriceFen: p.priceFen,
        amountFen,
        topupAccount: p.kind === 'direct_topup' ? topupAccount : null,
        shippingAddress: p.kind === 'physical' ? shippingAddress : null,
        orderedUnits: p.unitsPerItem === null ? null : p.unitsPerItem * quantity,
        expiresAt: new Date(now.getTime() + input.expireMinutes * 60_000),
        createdAt: now,
      })
      .returning({ id: shopOrder.id });
    await addOrderEvent(tx, order!.id, { kind: 'placed', quantity, amountFen }, buyer.userId, now);
    await writeAudit(tx, {
      actorId: buyer.userId,
      actorRole: buyer.role,
      ip: input.ip,
      action: 'order.place',
      subject: `order:${orderNo}`,
    });
    return orderNo;
  });
}
