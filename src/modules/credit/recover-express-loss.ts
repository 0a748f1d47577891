import { sql } from 'drizzle-orm';
import { planRecovery, recoveryNoOf, recoveryTxn } from '../../core/credit/index.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { postTxn } from '../ledger/post-txn.ts';
import { linkPayer } from '../orders/payer-link.ts';
import type { Channel } from '../orders/schema.ts';
import type { PaymentChannel } from '../payments/channel.ts';
import { recordAction } from '../refunds/apply-transition.ts';
import { type CaseRow, findOwnCase } from '../refunds/find-case.ts';
import type { RecoveryState } from './schema.ts';

export type RecoveryRow = {
  recovery_no: string;
  loss_fen: string;
  state: RecoveryState;
  from_balance_fen: string;
  from_channel_fen: string;
  channel: 'alipay' | 'wechatpay' | null;
};

/**
 * Asks the buyer to return an upheld express loss (called in the transaction that upholds the
 * objection, after the guarantee fund paid the merchant): the request row and its timeline entry,
 * whose message tells the buyer what happened, the amount and why, and that nothing is taken without
 * their consent.
 */
export async function requestRecovery(
  tx: Db,
  c: CaseRow,
  input: { lossFen: number; reason: string; now: Date },
): Promise<CaseRow> {
  await tx.execute(sql`
    INSERT INTO express_recovery (case_id, recovery_no, buyer_id, loss_fen, state, requested_at)
    VALUES (${c.id}, ${recoveryNoOf(c.refundNo)}, ${c.buyerId}, ${input.lossFen}, 'requested',
      ${input.now.toISOString()}::timestamptz)`);
  return recordAction(tx, c, {
    kind: 'express_recovery_requested',
    actor: null,
    reason: input.reason,
    data: { lossFen: input.lossFen, recoveryNo: recoveryNoOf(c.refundNo) },
    ip: null,
    now: input.now,
  });
}

/**
 * The buyer's own case and its recovery, both locked: concurrent answers (double clicks, two tabs, a
 * retry) serialise on the case row and then find the first answer already made.
 */
async function lockRecovery(tx: Db, refundNo: string, buyer: Actor) {
  const c = await findOwnCase(tx, refundNo, buyer);
  const res = await tx.execute<RecoveryRow>(sql`
    SELECT recovery_no, loss_fen, state, from_balance_fen, from_channel_fen, channel
    FROM express_recovery WHERE case_id = ${c.id} FOR UPDATE`);
  const r = res.rows[0];
  if (!r) throw new AppError('EXPRESS.NO_RECOVERY');
  return { c, r };
}

export type RecoveryOutcome = {
  state: RecoveryState;
  fromBalanceFen: number;
  fromChannelFen: number;
  channel: 'alipay' | 'wechatpay' | null;
};

const outcomeOf = (r: RecoveryRow): RecoveryOutcome => ({
  state: r.state,
  fromBalanceFen: Number(r.from_balance_fen),
  fromChannelFen: Number(r.from_channel_fen),
  channel: r.channel,
});

/**
 * 同意退还: the buyer consents to return the loss. In one transaction under the case's and the
 * recovery's locks: the balance covers what it can (the wallet row and `buyer:N:balance` move
 * together), the rest is charged through the channel the buyer chose — the storefront's own payment
 * port, with the recovery number as out_trade_no, so a retry after a lost reply is the same trade —
 * and one balanced ledger transaction returns the whole loss to the guarantee fund. A charge that fails
 * rolls everything back: nothing is taken. Answering again after consent returns the same outcome
 * (never a second recovery); after a refusal it is refused.
 */
export async function consentRecovery(input: {
  db: Db;
  channels: Record<Channel, PaymentChannel>;
  buyer: Actor;
  refundNo: string;
  channel?: 'alipay' | 'wechatpay';
  ip: string;
  now: Date;
}): Promise<RecoveryOutcome> {
  const { buyer, now } = input;
  return inTransaction(input.db, async (tx) => {
    const { c, r } = await lockRecovery(tx, input.refundNo, buyer);
    if (r.state === 'recovered') return outcomeOf(r);
    if (r.state === 'refused') throw new AppError('EXPRESS.RECOVERY_DECIDED', { state: r.state });
    // The refund still paying out (or failed): the buyer has nothing of it to give back yet.
    if (c.state !== 'refunded') throw new AppError('EXPRESS.RECOVERY_NOT_REFUNDED', { state: c.state });
    const lossFen = Number(r.loss_fen);
    const wallet = await tx.execute<{ balance_fen: string }>(
      sql`SELECT balance_fen FROM wallet WHERE user_id = ${buyer.userId} FOR UPDATE`,
    );
    const plan = planRecovery(lossFen, Number(wallet.rows[0]?.balance_fen ?? 0));
    const channel = plan.fromChannelFen > 0 ? (input.channel ?? null) : null;
    if (plan.fromChannelFen > 0 && !channel)
      throw new AppError('EXPRESS.RECOVERY_CHANNEL_REQUIRED', {
        fromBalanceFen: plan.fromBalanceFen,
        remainderFen: plan.fromChannelFen,
      });
    if (plan.fromBalanceFen > 0)
      await tx.execute(sql`UPDATE wallet SET balance_fen = balance_fen - ${plan.fromBalanceFen}
        WHERE user_id = ${buyer.userId}`);
    await postTxn(
      tx,
      recoveryTxn({ recoveryNo: r.recovery_no, refundNo: c.refundNo, buyerId: buyer.userId, plan, channel }),
      now,
    );
    const after = await recordAction(tx, c, {
      kind: 'express_recovery_consented',
      actor: buyer,
      data: { recoveryNo: r.recovery_no, lossFen, ...plan, channel },
      ip: input.ip,
      now,
    });
    // The charge comes last, so nothing the database could still refuse follows money taken.
    let tradeNo: string | null = null;
    if (channel) {
      const paid = await input.channels[channel].charge({
        tx,
        channel,
        orderNo: r.recovery_no,
        buyerId: buyer.userId,
        amountFen: plan.fromChannelFen,
      });
      tradeNo = paid.channelTradeNo;
      await linkPayer(tx, { payerAccount: paid.payerAccount, buyerId: buyer.userId, at: now });
    }
    const done = await tx.execute<RecoveryRow>(sql`
      UPDATE express_recovery SET state = 'recovered', from_balance_fen = ${plan.fromBalanceFen},
        from_channel_fen = ${plan.fromChannelFen}, channel = ${channel}, channel_trade_no = ${tradeNo},
        decided_at = ${now.toISOString()}::timestamptz
      WHERE case_id = ${c.id} AND state = 'requested'
      RETURNING recovery_no, loss_fen, state, from_balance_fen, from_channel_fen, channel`);
    await recordAction(tx, after, {
      kind: 'express_recovered',
      actor: null,
      data: { recoveryNo: r.recovery_no, lossFen, ...plan, channel, channelTradeNo: tradeNo },
      ip: null,
      now,
    });
    return outcomeOf(done.rows[0]!);
  });
}

/**
 * 不同意: the buyer refuses, with a reason. Recorded (timeline, audit, the supervisors told); the loss
 * stays the platform's and nothing is taken. Refusing again returns the same outcome.
 */
export async function refuseRecovery(input: {
  db: Db;
  buyer: Actor;
  refundNo: string;
  reason: string;
  ip: string;
  now: Date;
}): Promise<RecoveryOutcome> {
  return inTransaction(input.db, async (tx) => {
    const { c, r } = await lockRecovery(tx, input.refundNo, input.buyer);
    if (r.state === 'refused') return outcomeOf(r);
    if (r.state === 'recovered') throw new AppError('EXPRESS.RECOVERY_DECIDED', { state: r.state });
    const done = await tx.execute<RecoveryRow>(sql`
      UPDATE express_recovery SET state = 'refused', refusal_reason = ${input.reason},
        decided_at = ${input.now.toISOString()}::timestamptz
      WHERE case_id = ${c.id} AND state = 'requested'
      RETURNING recovery_no, loss_fen, state, from_balance_fen, from_channel_fen, channel`);
    await recordAction(tx, c, {
      kind: 'express_recovery_refused',
      actor: input.buyer,
      reason: input.reason,
      data: { recoveryNo: r.recovery_no, lossFen: Number(r.loss_fen) },
      ip: input.ip,
      now: input.now,
    });
    return outcomeOf(done.rows[0]!);
  });
}
