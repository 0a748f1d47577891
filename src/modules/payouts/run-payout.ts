import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import type { Lane } from '../../platform/jobs/lane.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { type RefundGateway, type RefundStatus, refundAttemptOf } from '../payments/refund-port.ts';
import { applyPayoutOutcome, type OutcomeResult } from './apply-outcome.ts';
import { type PayoutStatus, payoutAttempt } from './schema.ts';

export type Gateways = Record<'alipay' | 'wechatpay', RefundGateway>;

type AttemptToRun = {
  outRefundNo: string;
  channel: 'alipay' | 'wechatpay' | 'balance';
  status: PayoutStatus;
  amountFen: number;
  orderNo: string;
  channelTradeNo: string | null;
  paidFen: number;
};

/**
 * Runs one payout attempt (the `payout.run` job). A balance refund is internal and final at once. A
 * channel refund is requested once — with the attempt's own number, so a retry after a crash asks the
 * same question — and afterwards only queried; whatever the channel says goes through
 * applyPayoutOutcome, which never takes a timeout for an answer.
 */
export async function runPayout(input: {
  db: Db;
  jobs: JobQueue;
  gateways: Gateways;
  attemptId: number;
  now: () => Date;
  /** KAMENG_PAYOUT_BACKOFF_SCALE (default 1). */
  backoffScale?: number;
  /**
   * Where the channel's answer is applied (the booking). The worker applies one at a time per process
   * while up to KAMENG_PAYOUT_CONCURRENCY payouts wait on their channels; without it, at once.
   */
  bookings?: Lane;
}) {
  const { db } = input;
  // One round trip: the attempt and what the channel question needs of its order, and — for a channel
  // refund — the call counted before it is made (the back-off after it reads the count).
  const { rows } = await db.execute<AttemptToRun>(sql`
    WITH counted AS (
      UPDATE payout_attempt SET calls = calls + 1
      WHERE id = ${input.attemptId} AND channel <> 'balance' AND status NOT IN ('succeeded', 'failed')
    )
    SELECT a.out_refund_no AS "outRefundNo", a.channel, a.status, a.amount_fen AS "amountFen",
           o.order_no AS "orderNo", o.channel_trade_no AS "channelTradeNo", o.paid_fen AS "paidFen"
    FROM payout_attempt a JOIN shop_order o ON o.id = a.order_id
    WHERE a.id = ${input.attemptId} AND a.status NOT IN ('succeeded', 'failed')`);
  const a = rows[0];
  if (!a) return;
  let status: RefundStatus;
  if (a.channel === 'balance') {
    status = {
      kind: 'succeeded',
      channelRefundId: `BAL-${a.outRefundNo}`,
      refundedFen: a.amountFen,
      at: input.now(),
    };
  } else {
    const request = refundAttemptOf({ ...a, channel: a.channel }, a, '退款');
    const gateway = input.gateways[a.channel];
    // The first call asks for the refund; later ones only ask what became of it. A refund the channel
    // never saw (our request was lost) is asked for again, with the same number.
    status =
      a.status === 'pending' ? await gateway.requestRefund(request) : await gateway.queryRefund(request);
    if (status.kind === 'not_found') status = await gateway.requestRefund(request);
  }
  await applyInTurn(input.bookings, {
    db,
    jobs: input.jobs,
    outRefundNo: a.outRefundNo,
    status,
    now: input.now(),
    backoffScale: input.backoffScale,
  });
}

/**
 * Applies a channel's word on an attempt (applyPayoutOutcome) in its turn on `bookings`, if given. A
 * payout that waited its turn may have been applied meanwhile by the other path (the worker's query
 * or the channel's notification): one read then spares the locking transaction that would only find
 * it final.
 */
export async function applyInTurn(
  bookings: Lane | undefined,
  outcome: Parameters<typeof applyPayoutOutcome>[0],
): Promise<OutcomeResult> {
  const apply = async (turn: { waited: boolean }): Promise<OutcomeResult> => {
    if (turn.waited && isFinal(await payoutStatus(outcome.db, outcome.outRefundNo))) return 'already_final';
    return applyPayoutOutcome(outcome);
  };
  return bookings ? bookings(apply) : apply({ waited: false });
}

/** An attempt's status by its number (null: no such attempt); succeeded and failed are final. */
export async function payoutStatus(db: Db, outRefundNo: string): Promise<PayoutStatus | null> {
  const [a] = await db
    .select({ status: payoutAttempt.status })
    .from(payoutAttempt)
    .where(eq(payoutAttempt.outRefundNo, outRefundNo));
  return a?.status ?? null;
}

export const isFinal = (status: PayoutStatus | null) => status === 'succeeded' || status === 'failed';
