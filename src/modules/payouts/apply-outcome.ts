import { eq, sql } from 'drizzle-orm';
import {
  ADVANCES,
  ESCROW,
  FEE_INCOME,
  GUARANTEE,
  merchantBalance,
  merchantDeposit,
  merchantReceivable,
  refundDestination,
} from '../../core/ledger/accounts.ts';
import { bookingRetrySeconds, nextCheckDelaySeconds } from '../../core/ledger/payout-backoff.ts';
import { planFeeRefund, planRefund } from '../../core/ledger/refund-plan.ts';
import { bookingFailedMessage } from '../../core/refunds/case-messages.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { escrowOf } from '../funds/escrow.ts';
import { recoverAdvances } from '../funds/recover.ts';
import { lockAccounts, postTxn } from '../ledger/post-txn.ts';
import { sendMessages } from '../messages/send-messages.ts';
import { shopOrder } from '../orders/schema.ts';
import type { RefundStatus } from '../payments/refund-port.ts';
import { applyTransition, CASE_WRITTEN } from '../refunds/apply-transition.ts';
import { refundCase } from '../refunds/schema.ts';
import { payoutAttempt } from './schema.ts';
import { PAYOUT_JOB } from './start-payout.ts';

export type Attempt = typeof payoutAttempt.$inferSelect;
const BOOKING_FAILED = 'channel paid';
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
  /** KAMENG_PAYOUT_BACKOFF_SCALE (default 1). */
  backoffScale?: number;
}): Promise<OutcomeResult> {
  const { status, now } = input;
  const scale = input.backoffScale ?? 1;
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
      // The channel has paid. Booking it can still be refused (the guarantee fund short, a limit
      // tripped): then nothing is booked, the attempt says why, and it is tried again later — never lost.
      try {
        await tx.transaction((sp) => settle(sp, a, status.channelRefundId, now));
      } catch (err) {
        // The database's own words (which constraint), not drizzle's "Failed query: …".
        const cause = (err as { cause?: { message?: string } })?.cause?.message;
        const why = (cause ?? (err instanceof Error ? err.message : String(err))).slice(0, 300);
        // A deadlock or serialisation failure (SQLSTATE class 40) is worth only a quick retry; anything
        // else is told once, when it first happens, and the re-checks after it stay quiet.
        const transient = (err as { cause?: { code?: string } })?.cause?.code?.startsWith('40') ?? false;
        if (!transient && !a.lastError?.startsWith(BOOKING_FAILED)) {
          const c = await caseOf(tx, a);
          await sendMessages(
            tx,
            [bookingFailedMessage(c.refundNo, a.amountFen, why)],
            { buyerId: c.buyerId, merchantId: c.merchantId, assigneeId: c.assigneeId },
            { subject: `refund:${c.refundNo}`, refundNo: c.refundNo, now },
          );
        }
        await recheckLater(tx, input.jobs, a, {
          status: 'processing',
          lastError: `${BOOKING_FAILED} ${a.amountFen} fen but booking failed: ${why}`,
          delaySeconds: transient ? nextCheckDelaySeconds(1, scale) : bookingRetrySeconds(scale),
          now,
        });
        return 'pending';
      }
      return 'applied';
    }
    if (status.kind === 'failed') {
      await fail(tx, a, `${status.reason}: ${status.message}`, now);
      return 'applied';
    }
    await recheckLater(tx, input.jobs, a, {
      status: status.kind === 'processing' ? 'processing' : 'unknown',
      lastError: status.kind === 'unknown' ? status.message : null,
      delaySeconds: nextCheckDelaySeconds(a.calls, scale),
      now,
    });
    return 'pending';
  });
}

/** Marks the attempt to be asked about again after a delay, and enqueues that (the sweep is the net). */
async function recheckLater(
  tx: Db,
  jobs: JobQueue,
  a: Attempt,
  next: { status: 'processing' | 'unknown'; lastError: string | null; delaySeconds: number; now: Date },
): Promise<void> {
  await tx
    .update(payoutAttempt)
    .set({
      status: next.status,
      lastError: next.lastError,
      nextCheckAt: new Date(next.now.getTime() + next.delaySeconds * 1000),
      updatedAt: next.now,
    })
    .where(eq(payoutAttempt.id, a.id));
  await jobs.sendInTx(
    tx,
    PAYOUT_JOB,
    { attemptId: a.id },
    { startAfterSeconds: Math.ceil(next.delaySeconds), singletonKey: `payout:${a.id}:${a.calls}` },
  );
}

async function caseOf(tx: Db, a: Attempt) {
  const [c] = await tx.select().from(refundCase).where(eq(refundCase.id, a.caseId)).for('update');
  return c!;
}

async function settle(tx: Db, a: Attempt, channelRefundId: string, now: Date): Promise<void> {
  const [order] = await tx.select().from(shopOrder).where(eq(shopOrder.id, a.orderId)).for('update');
  const o = order!;
  const c = await caseOf(tx, a);
  // A fee dispute gives back a fee the platform kept: it comes out of fee income, and the order's
  // kept fees shrink by as much as its refunds grow (escrow does not change).
  const feeBack = c.type === 'fee_dispute';
  // Locks in the order every money change takes them — the buyer's wallet, then ledger accounts by
  // path — so a refund never deadlocks with a balance payment, and the balances the plan reads cannot
  // change under it (two refunds of settled orders would otherwise both plan on one merchant balance).
  if (a.channel === 'balance')
    await tx.execute(
      sql`INSERT INTO wallet (user_id, balance_fen) VALUES (${o.buyerId}, ${a.amountFen})
        ON CONFLICT (user_id) DO UPDATE SET balance_fen = wallet.balance_fen + EXCLUDED.balance_fen`,
    );
  // One statement: the accounts locked, with the balances the plan reads.
  const held = await lockAccounts(tx, [
    refundDestination(a.channel, o.buyerId),
    ESCROW,
    FEE_INCOME,
    GUARANTEE,
    ADVANCES,
    merchantBalance(o.merchantId),
    merchantDeposit(o.merchantId),
    merchantReceivable(o.merchantId),
  ]);
  const balance = (path: string) => held.get(path) ?? 0;
  const ref = `payout:${a.outRefundNo}`;
  const plan = feeBack
    ? planFeeRefund({
        ref,
        channel: a.channel,
        buyerId: o.buyerId,
        amountFen: a.amountFen,
        feeIncomeFen: balance(FEE_INCOME),
      })
    : planRefund({
        ref,
        channel: a.channel,
        buyerId: o.buyerId,
        merchantId: o.merchantId,
        refundFen: a.amountFen,
        feeFen: a.feeFen,
        sources: {
          escrowFen: escrowOf(o),
          merchantBalanceFen: balance(merchantBalance(o.merchantId)),
          guaranteeFen: balance(GUARANTEE),
        },
      });
  // The channel has paid: when even the guarantee fund cannot cover it, the books say so for a person.
  if (!plan.ok)
    throw new Error(
      `payout ${a.outRefundNo}: ${feeBack ? 'fee income' : 'guarantee fund'} short by ${plan.shortFen} fen`,
    );
  await postTxn(tx, plan.txn, now, held);
  // What the guarantee fund advanced comes back from the merchant's deposit at once, as far as it goes.
  if (plan.advancedFen > 0)
    await recoverAdvances(tx, { merchantId: o.merchantId, from: 'deposit', ref: plan.txn.ref, now });
  // The order's totals (a CHECK holds refunded + kept ≤ paid, whatever any code path does), the
  // attempt and the case (已退款, its timeline, audit and messages): one statement, under the locks.
  await applyTransition(
    tx,
    { ...c, orderNo: o.orderNo },
    {
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
      also: () => [
        sql`UPDATE ${shopOrder} SET refunded_fen = refunded_fen + ${a.amountFen},
        fees_kept_fen = fees_kept_fen + ${feeBack ? -a.amountFen : a.feeFen}
        WHERE id = ${o.id} AND ${CASE_WRITTEN} RETURNING id`,
        sql`UPDATE ${payoutAttempt} SET status = 'succeeded', channel_refund_id = ${channelRefundId},
        settled_at = ${now}, last_error = NULL, next_check_at = NULL, updated_at = ${now}
        WHERE id = ${a.id} AND ${CASE_WRITTEN} RETURNING id`,
      ],
      ip: null,
      now,
    },
  );
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
