import { and, eq, sql } from 'drizzle-orm';
import { maskSecret } from '../../core/orders/mask.ts';
import { formatOrderNo } from '../../core/orders/order-no.ts';
import { pushedTimeProblem } from '../../core/orders/pushed-times.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser } from '../auth/schema.ts';
import { cardKey, product } from '../catalog/schema.ts';
import { payerAccountOf } from '../payments/payer-account.ts';
import { addOrderEvent } from './events.ts';
import { linkPayer } from './payer-link.ts';
import {
  type Channel,
  cardKeyExtraction,
  deliveryAttempt,
  orderNoSeq,
  payment,
  shopOrder,
} from './schema.ts';

export type PushedOrder = {
  externalRef: string;
  buyer: { externalId: string; displayName: string };
  productId: number;
  quantity: number;
  channel: Channel;
  channelTradeNo: string;
  /** The payer's account at the channel as the shop recorded it (支付宝 buyer_user_id, 微信 openid). */
  payerAccount?: string;
  paidAt: Date;
  topupAccount?: string;
  shippingAddress?: string;
  delivery?: {
    deliveredAt?: Date;
    cardKeys?: string[];
    attempts?: {
      at: Date;
      status: 'succeeded' | 'partial' | 'failed';
      requestedUnits: number;
      arrivedUnits: number;
      detail?: string;
    }[];
  };
  extractions?: { keyIndex: number; action: 'reveal' | 'copy'; at: Date; ip?: string; userAgent?: string }[];
};

/**
 * An operator's own shop pushes a paid order with its delivery records (integration API key of a
 * merchant user). The buyer becomes a Kameng buyer `ext-<merchant>-<id>` who cannot sign in with a
 * password until the operator links accounts. Pushing the same `externalRef` again returns the first
 * order; pushing it with a different product, quantity or buyer is a 409.
 */
export async function pushOrder(input: {
  db: Db;
  box: SecretBox;
  caller: Actor;
  order: PushedOrder;
  ip: string;
  now: Date;
}): Promise<{ orderNo: string; created: boolean }> {
  const { caller, order: p } = input;
  if (caller.role !== 'merchant' || caller.merchantId === null) throw new AppError('AUTH.FORBIDDEN');
  const merchantId = caller.merchantId;
  const username = `ext-${merchantId}-${p.buyer.externalId}`;
  const payerAccount = p.payerAccount === undefined ? null : payerAccountOf(p.channel, p.payerAccount);
  if (p.payerAccount !== undefined && payerAccount === null) {
    throw new AppError('REQUEST.VALIDATION', {
      fields: [
        {
          field: 'body.payerAccount',
          message:
            p.channel === 'balance'
              ? 'a balance payment has no payer account'
              : p.channel === 'alipay'
                ? 'an Alipay buyer_user_id (2088 and 12 digits) or buyer_open_id (0 and 30–63 of A–Z, a–z, 0–9, _ and -)'
                : 'a WeChat openid: 16–64 of A–Z, a–z, 0–9, _ and -',
        },
      ],
    });
  }
  const badTime = pushedTimeProblem({ ...p, ...p.delivery }, input.now);
  if (badTime) throw new AppError('REQUEST.VALIDATION', { fields: [badTime] });
  return inTransaction(input.db, async (tx) => {
    const [existing] = await tx
      .select({
        orderNo: shopOrder.orderNo,
        productId: shopOrder.productId,
        quantity: shopOrder.quantity,
        buyer: appUser.username,
      })
      .from(shopOrder)
      .innerJoin(appUser, eq(appUser.id, shopOrder.buyerId))
      .where(and(eq(shopOrder.merchantId, merchantId), eq(shopOrder.externalRef, p.externalRef)));
    if (existing) {
      if (
        existing.productId !== p.productId ||
        existing.quantity !== p.quantity ||
        existing.buyer !== username
      ) {
        throw new AppError('ORDER.EXTERNAL_CONFLICT', { orderNo: existing.orderNo });
      }
      return { orderNo: existing.orderNo, created: false };
    }
    const [prod] = await tx
      .select()
      .from(product)
      .where(and(eq(product.id, p.productId), eq(product.merchantId, merchantId)));
    if (!prod) throw new AppError('PRODUCT.NOT_FOUND');
    if (prod.kind === 'direct_topup' && !p.topupAccount?.trim())
      throw new AppError('ORDER.TOPUP_ACCOUNT_REQUIRED');
    const keys = p.delivery?.cardKeys ?? [];
    if (
      keys.length > p.quantity ||
      (keys.length > 0 && prod.kind !== 'card_key' && prod.kind !== 'membership')
    ) {
      throw new AppError('REQUEST.VALIDATION', {
        fields: [
          {
            field: 'body.delivery.cardKeys',
            message: 'more keys than items, or keys for a product without keys',
          },
        ],
      });
    }
    const buyerId = await upsertExternalBuyer(tx, username, p.buyer.displayName);
    const [{ seq }] = (await tx.execute<{ seq: number }>(sql`SELECT nextval(${orderNoSeq.seqName}) AS seq`))
      .rows as [{ seq: number }];
    const orderNo = formatOrderNo(p.paidAt, Number(seq));
    const amountFen = prod.priceFen * p.quantity;
    const attempts = p.delivery?.attempts ?? [];
    const lastAttempt = attempts.at(-1);
    const orderedUnits = prod.unitsPerItem === null ? null : prod.unitsPerItem * p.quantity;
    const isKeys = prod.kind === 'card_key' || prod.kind === 'membership';
    const deliveredAt = p.delivery?.deliveredAt ?? null;
    // Failed: the last top-up attempt failed, or the shop says it delivered a key product but sent no key.
    const failed = lastAttempt?.status === 'failed' || (isKeys && deliveredAt !== null && keys.length === 0);
    const arrivedUnits =
      orderedUnits === null
        ? null
        : Math.min(orderedUnits, lastAttempt?.arrivedUnits ?? (deliveredAt ? orderedUnits : 0));
    const deliveryStatus = failed
      ? 'failed'
      : !deliveredAt
        ? 'pending'
        : arrivedUnits !== null && arrivedUnits < (orderedUnits ?? 0)
          ? 'partial'
          : 'delivered';
    const [row] = await tx
      .insert(shopOrder)
      .values({
        orderNo,
        buyerId,
        merchantId,
        productId: prod.id,
        productName: prod.name,
        productKind: prod.kind,
        quantity: p.quantity,
        unitPriceFen: prod.priceFen,
        amountFen,
        status: deliveredAt && !failed ? 'delivered' : 'awaiting_delivery',
        deliveryStatus,
        channel: p.channel,
        channelTradeNo: p.channelTradeNo,
        paidFen: amountFen,
        topupAccount: p.topupAccount ?? null,
        shippingAddress: p.shippingAddress ?? null,
        orderedUnits,
        arrivedUnits: deliveredAt || failed ? arrivedUnits : null,
        source: 'integration',
        externalRef: p.externalRef,
        createdAt: p.paidAt,
        paidAt: p.paidAt,
        deliveredAt: failed ? null : deliveredAt,
      })
      .returning({ id: shopOrder.id });
    const orderId = row!.id;
    await tx.insert(payment).values({
      orderId,
      channel: p.channel,
      amountFen,
      channelTradeNo: p.channelTradeNo,
      payerAccount,
      paidAt: p.paidAt,
    });
    await linkPayer(tx, { payerAccount, buyerId, at: p.paidAt });
    await addOrderEvent(tx, orderId, { kind: 'paid', channel: p.channel, amountFen }, null, p.paidAt);
    const keyIds: number[] = [];
    for (const k of keys) {
      const [ins] = await tx
        .insert(cardKey)
        .values({
          productId: prod.id,
          secretEnc: input.box.seal(k),
          fingerprint: input.box.fingerprint(k),
          masked: maskSecret(k),
          status: 'sold',
          orderId,
          soldAt: deliveredAt ?? p.paidAt,
        })
        .onConflictDoNothing()
        .returning({ id: cardKey.id });
      if (!ins)
        throw new AppError('ORDER.EXTERNAL_CONFLICT', {
          reason: 'a pushed key already exists in this product',
        });
      keyIds.push(ins.id);
    }
    if (keys.length > 0 && deliveredAt)
      await addOrderEvent(tx, orderId, { kind: 'keys_delivered', count: keys.length }, null, deliveredAt);
    for (const [i, a] of attempts.entries()) {
      await tx.insert(deliveryAttempt).values({ orderId, attemptNo: i + 1, ...a, detail: a.detail ?? null });
      await addOrderEvent(
        tx,
        orderId,
        {
          kind: 'topup_attempt',
          attemptNo: i + 1,
          status: a.status,
          requestedUnits: a.requestedUnits,
          arrivedUnits: a.arrivedUnits,
        },
        null,
        a.at,
      );
    }
    for (const e of p.extractions ?? []) {
      const cardKeyId = keyIds[e.keyIndex];
      if (cardKeyId === undefined)
        throw new AppError('REQUEST.VALIDATION', {
          fields: [{ field: 'body.extractions.keyIndex', message: 'no such key' }],
        });
      await tx.insert(cardKeyExtraction).values({
        orderId,
        cardKeyId,
        userId: buyerId,
        action: e.action,
        ip: e.ip ?? null,
        userAgent: e.userAgent ?? null,
        at: e.at,
      });
    }
    await writeAudit(tx, {
      actorId: caller.userId,
      actorRole: caller.role,
      ip: input.ip,
      action: 'order.push',
      subject: `order:${orderNo}`,
      data: { externalRef: p.externalRef },
    });
    return { orderNo, created: true };
  });
}

async function upsertExternalBuyer(tx: Db, username: string, displayName: string): Promise<number> {
  // '!' is not an argon2 hash: verification always fails, so nobody can sign in as this user by password.
  const res = await tx.execute<{ id: number }>(sql`
    INSERT INTO app_user (username, display_name, role, password_hash) VALUES (${username}, ${displayName}, 'buyer', '!')
    ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id`);
  return Number(res.rows[0]!.id);
}
