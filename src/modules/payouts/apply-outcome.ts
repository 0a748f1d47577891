import { eq, sql } from 'drizzle-orm';
import { GUARANTEE, merchantBalance } from '../../core/ledger/accounts.ts';
import { nextCheckDelaySeconds } from '../../core/ledger/payout-backoff.ts';
import { planRefund } from '../../core/ledger/refund-plan.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { escrowOf } from '../funds/escrow.ts';
import { recoverAdvances } from '../funds/recover.ts';
import { balances, postTxn } from '../ledger/post-txn.ts';
import { shopOrder } from '../orders/schema.ts';
import type { RefundStatus } from '../payments/refund-port.ts';
import { applyTransition } from '../refunds/apply-transition.ts';
import { refundCase } from '../refunds/schema.ts';
import { payoutAttempt } from './schema.ts';
import { PAYOUT_JOB } from './start-payout.ts';

export type Attempt = typeof payoutAttempt.$inferSelect;
export type OutcomeResult = 'applied' | 'already_final' | 'pending' | 'mismatch' | 'not_found';

/**
 * Takes a channel's word on a payout attempt — from its notification, a query, or its answer to the
 * request — under the attempt's row lock, so duplicates and races apply it once:
 * - succeeded: the refund is booked in the ledger (escrow, then the merchant, then a guarantee advance),
 *   the order's refunded total grows (a CHECK keeps it ≤ paid), the case becomes 已退款;
 * - failed (abnormal, closed, rejected): the case becomes 退款失败 with the reason, for a person;
 * - processing / unknown / not found: nothing is assumed; the attempt is asked about again later.
 * An amount other than ours is refused and logged; a final attempt is never changed again.
 */
export async function applyPayoutOutcome(input: {
  db: Db;
  jobs: JobQueue;
  outRefundNo: string;
  status: RefundStatus;
  now: Date;
}): Promise<OutcomeResult> {
  const { status, now } = input;
  return inTransaction(input.db, async (tx) => {
    const [a] = await tx
      .select()
      .from(payoutAttempt)
      .where(eq(payoutAttempt.outRefundNo, input.outRefundNo))
      .for('update');
    if (!a) return 'not_found';
    if (a.status === 'succeeded' || a.status === 'failed') return 'already_final';
    if (status.kind === 'succeeded') {
      if (status.refundedFen !== a.amountFen) {
        await tx
          .update(payoutAttempt)
          .set({
            lastError: `channel reports ${status.refundedFen} fen, we asked ${a.amountFen}`,
            updatedAt: now,
          })
          .where(eq(payoutAttempt.id, a.id));
        return 'mismatch';
      }
      await settle(tx, a, status.channelRefundId, now);
      return 'applied';
    }
    if (status.kind === 'failed') {
      await fail(tx, a, `${status.reason}: ${status.message}`, now);
      return 'applied';
    }
    const message = status.kind === 'unknown' ? status.message : status.kind;
    const delay = nextCheckDelaySeconds(a.calls);
    await tx
      .update(payoutAttempt)
      .set({
        status: status.kind === 'processing' ? 'processing' : 'unknown',
        lastError: status.kind === 'processing' ? null : message,
        nextCheckAt: new Date(now.getTime() + delay * 1000),
        updatedAt: now,
      })
      .where(eq(payoutAttempt.id, a.id));
    await input.jobs.sendInTx(
      tx,
      PAYOUT_JOB,
      { attemptId: a.id },
      {
        startAfterSeconds: delay,
        singletonKey: `payout:${a.id}:${a.calls}`,
      },
    );
    return 'pending';
  });
}

async function caseOf(tx: Db, a: Attempt) {
  const [c] = await tx.select().from(refundCase).where(eq(refundCase.id, a.caseId)).for('update');
  return c!;
}

async function settle(tx: Db, a: Attempt, channelRefundId: string, now: Date): Promise<void> {
  const [order] = await tx.select().from(shopOrder).where(eq(shopOrder.id, a.orderId)).for('update');
  const o = order!;
  const held = await balances(tx, [merchantBalance(o.merchantId), GUARANTEE]);
  const plan = planRefund({
    ref: `payout:${a.outRefundNo}`,
    channel: a.channel,
    buyerId: o.buyerId,
    merchantId: o.merchantId,
    refundFen: a.amountFen,
    feeFen: a.feeFen,
    sources: {
      escrowFen: await escrowOf(tx, o),
      merchantBalanceFen: held.get(merchantBalance(o.merchantId))!,
      guaranteeFen: held.get(GUARANTEE)!,
    },
  });
  // The channel has paid: when even the guarantee fund cannot cover it, the books say so for a person.
  if (!plan.ok) throw new Error(`payout ${a.outRefundNo}: guarantee fund short by ${plan.shortFen} fen`);
  await postTxn(tx, plan.txn, now);
  // What the guarantee fund advanced comes back from the merchant's deposit at once, as far as it goes.
  if (plan.advancedFen > 0)
    await recoverAdvances(tx, { merchantId: o.merchantId, from: 'deposit', ref: plan.txn.ref, now });
  await tx
    .update(shopOrder)
    .set({ refundedFen: sql`${shopOrder.refundedFen} + ${a.amountFen}` })
    .where(eq(shopOrder.id, o.id));
  // A buyer refunded to the balance after a card payment may have no wallet row yet.
  if (a.channel === 'balance')
    await tx.execute(
      sql`INSERT INTO wallet (user_id, balance_fen) VALUES (${o.buyerId}, ${a.amountFen})
        ON CONFLICT (user_id) DO UPDATE SET balance_fen = wallet.balance_fen + EXCLUDED.balance_fen`,
    );
  await tx
    .update(payoutAttempt)
    .set({
      status: 'succeeded',
      channelRefundId,
      settledAt: now,
      lastError: null,
      nextCheckAt: null,
      updatedAt: now,
    })
    .where(eq(payoutAttempt.id, a.id));
  await applyTransition(tx, await caseOf(tx, a), {
    event: 'payout_succeeded',
    as: 'system',
    actor: null,
    reason: channelRefundId,
    data: {
      outRefundNo: a.outRefundNo,
      channel: a.channel,
      channelRefundId,
      amountFen: a.amountFen,
      advancedFen: plan.advancedFen,
    },
    ip: null,
    now,
  });
}

async function fail(tx: Db, a: Attempt, reason: string, now: Date): Promise<void> {
  await tx
    .update(payoutAttempt)
    .set({ status: 'failed', lastError: reason, settledAt: now, nextCheckAt: null, updatedAt: now })
    .where(eq(payoutAttempt.id, a.id));
  await applyTransition(tx, await caseOf(tx, a), {
    event: 'payout_failed',
    as: 'system',
    actor: null,
    reason,
    data: { outRefundNo: a.outRefundNo },
    ip: null,
    now,
  });
}
