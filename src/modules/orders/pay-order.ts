import { eq } from 'drizzle-orm';
import { paymentTxn } from '../../core/ledger/refund-plan.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { refreshCredit } from '../credit/refresh-credit.ts';
import { postTxn } from '../ledger/post-txn.ts';
import type { PaymentChannel } from '../payments/channel.ts';
import { deliverCardKeys } from './deliver-keys.ts';
import { addOrderEvent } from './events.ts';
import { findVisibleOrder } from './find-order.ts';
import { linkPayer } from './payer-link.ts';
import { TOPUP_JOB } from './run-topup.ts';
import { type Channel, payment, shopOrder } from './schema.ts';

/**
 * Pays an order and starts its delivery, all in one transaction under the order's row lock: a second
 * payment (double click, retry, two tabs) finds the order no longer pending and is refused, and the
 * unique payment-per-order index refuses it again in SQL. Card keys are assigned right here; a direct
 * top-up is handed to the supplier job through the transactional outbox; physical goods wait for the
 * merchant to ship.
 */
export async function payOrder(input: {
  db: Db;
  jobs: JobQueue;
  channels: Record<Channel, PaymentChannel>;
  buyer: Actor;
  orderNo: string;
  channel: Channel;
  ip: string;
  now: Date;
}): Promise<void> {
  const { buyer, now } = input;
  await inTransaction(input.db, async (tx) => {
    const order = await findVisibleOrder(tx, input.orderNo, buyer, { forUpdate: true });
    if (order.buyerId !== buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
    if (order.status !== 'pending_payment' || !order.expiresAt || order.expiresAt <= now) {
      throw new AppError('ORDER.NOT_PAYABLE', { status: order.status });
    }
    const { channelTradeNo, payerAccount } = await input.channels[input.channel].charge({
      tx,
      channel: input.channel,
      orderNo: order.orderNo,
      buyerId: buyer.userId,
      amountFen: order.amountFen,
    });
    await tx.insert(payment).values({
      orderId: order.id,
      channel: input.channel,
      amountFen: order.amountFen,
      channelTradeNo,
      payerAccount,
      paidAt: now,
    });
    await linkPayer(tx, { payerAccount, buyerId: buyer.userId, at: now });
    await tx
      .update(shopOrder)
      .set({
        status: 'awaiting_delivery',
        paidFen: order.amountFen,
        channel: input.channel,
        channelTradeNo,
        paidAt: now,
      })
      .where(eq(shopOrder.id, order.id));
    await refreshCredit(tx, buyer.userId, now);
    // The money enters escrow in the ledger, in the payment's own transaction.
    await postTxn(
      tx,
      paymentTxn({
        ref: `order:${order.orderNo}`,
        channel: input.channel,
        buyerId: buyer.userId,
        amountFen: order.amountFen,
      }),
      now,
    );
    await addOrderEvent(
      tx,
      order.id,
      { kind: 'paid', channel: input.channel, amountFen: order.amountFen },
      buyer.userId,
      now,
    );
    switch (order.productKind) {
      case 'card_key':
      case 'membership':
        await deliverCardKeys(tx, order, now);
        break;
      case 'direct_topup':
        await input.jobs.sendInTx(tx, TOPUP_JOB, { orderId: order.id });
        break;
      case 'physical':
        break;
    }
    await writeAudit(tx, {
      actorId: buyer.userId,
      actorRole: buyer.role,
      ip: input.ip,
      action: 'order.pay',
      subject: `order:${order.orderNo}`,
      data: { channel: input.channel, amountFen: order.amountFen, channelTradeNo },
    });
  });
}
