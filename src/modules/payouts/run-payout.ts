import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { shopOrder } from '../orders/schema.ts';
import { type RefundGateway, type RefundStatus, refundAttemptOf } from '../payments/refund-port.ts';
import { applyPayoutOutcome } from './apply-outcome.ts';
import { payoutAttempt } from './schema.ts';

export type Gateways = Record<'alipay' | 'wechatpay', RefundGateway>;

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
}) {
  const { db } = input;
  const [a] = await db.select().from(payoutAttempt).where(eq(payoutAttempt.id, input.attemptId));
  if (!a || a.status === 'succeeded' || a.status === 'failed') return;
  let status: RefundStatus;
  if (a.channel === 'balance') {
    status = {
      kind: 'succeeded',
      channelRefundId: `BAL-${a.outRefundNo}`,
      refundedFen: a.amountFen,
      at: input.now(),
    };
  } else {
    const [o] = await db.select().from(shopOrder).where(eq(shopOrder.id, a.orderId));
    const request = refundAttemptOf({ ...a, channel: a.channel }, o!, '退款');
    await db
      .update(payoutAttempt)
      .set({ calls: sql`${payoutAttempt.calls} + 1` })
      .where(eq(payoutAttempt.id, a.id));
    const gateway = input.gateways[a.channel];
    // The first call asks for the refund; later ones only ask what became of it. A refund the channel
    // never saw (our request was lost) is asked for again, with the same number.
    status =
      a.status === 'pending' ? await gateway.requestRefund(request) : await gateway.queryRefund(request);
    if (status.kind === 'not_found') status = await gateway.requestRefund(request);
  }
  await applyPayoutOutcome({
    db,
    jobs: input.jobs,
    outRefundNo: a.outRefundNo,
    status,
    now: input.now(),
    backoffScale: input.backoffScale,
  });
}
