import { sql } from 'drizzle-orm';
import { planRecovery } from '../../core/credit/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { findVisibleCase } from '../refunds/find-case.ts';
import type { RecoveryState } from './schema.ts';

export type RecoveryView = {
  recoveryNo: string;
  state: RecoveryState;
  lossFen: number;
  /** What happened: the merchant's proof and the supervisor's finding. */
  objection: { proof: string | null; finding: string | null; decidedAt: string | null };
  /** While the buyer has not answered: their balance now and how consent would split the amount. */
  balanceFen: number | null;
  plan: { fromBalanceFen: number; fromChannelFen: number } | null;
  /** Once recovered: what was taken from where. */
  fromBalanceFen: number;
  fromChannelFen: number;
  channel: 'alipay' | 'wechatpay' | null;
  channelTradeNo: string | null;
  refusalReason: string | null;
  requestedAt: string;
  decidedAt: string | null;
};

const iso = (v: string | Date | null | undefined) => (v ? new Date(v).toISOString() : null);

/**
 * The recovery asked of the buyer on their own express case (null when there is none), with their
 * balance and the split consent would make. Another buyer's case is "not found", as everywhere.
 */
export async function readRecovery(db: Db, buyer: Actor, refundNo: string): Promise<RecoveryView | null> {
  const c = await findVisibleCase(db, refundNo, buyer);
  if (c.buyerId !== buyer.userId) throw new AppError('RESOURCE.NOT_FOUND');
  const res = await db.execute<Record<string, string | Date | null>>(sql`
    SELECT r.recovery_no, r.state, r.loss_fen, r.from_balance_fen, r.from_channel_fen, r.channel,
      r.channel_trade_no, r.refusal_reason, r.requested_at, r.decided_at,
      x.objection_note, x.objection_reason, x.objection_decided_at,
      (SELECT balance_fen FROM wallet WHERE user_id = r.buyer_id) AS balance_fen
    FROM express_recovery r JOIN express_refund x ON x.case_id = r.case_id WHERE r.case_id = ${c.id}`);
  const r = res.rows[0];
  if (!r) return null;
  const open = r.state === 'requested';
  const lossFen = Number(r.loss_fen);
  const balanceFen = Number(r.balance_fen ?? 0);
  return {
    recoveryNo: String(r.recovery_no),
    state: r.state as RecoveryState,
    lossFen,
    objection: {
      proof: (r.objection_note as string | null) ?? null,
      finding: (r.objection_reason as string | null) ?? null,
      decidedAt: iso(r.objection_decided_at),
    },
    balanceFen: open ? balanceFen : null,
    plan: open ? planRecovery(lossFen, balanceFen) : null,
    fromBalanceFen: Number(r.from_balance_fen),
    fromChannelFen: Number(r.from_channel_fen),
    channel: (r.channel as 'alipay' | 'wechatpay' | null) ?? null,
    channelTradeNo: (r.channel_trade_no as string | null) ?? null,
    refusalReason: (r.refusal_reason as string | null) ?? null,
    requestedAt: iso(r.requested_at)!,
    decidedAt: iso(r.decided_at),
  };
}

export type RecoveryItem = {
  refundNo: string;
  orderNo: string;
  buyerId: number;
  buyerName: string;
  recoveryNo: string;
  state: RecoveryState;
  lossFen: number;
  fromBalanceFen: number;
  fromChannelFen: number;
  channel: 'alipay' | 'wechatpay' | null;
  refusalReason: string | null;
  requestedAt: string;
  decidedAt: string | null;
};

type Total = { count: number; fen: number };
export type RecoveryList = {
  totals: Record<RecoveryState, Total>;
  items: RecoveryItem[];
};

/**
 * Recoveries of upheld express losses for the admins and supervisors: newest first
 * (`express_recovery_requested_idx`), optionally of one state, and the totals by state. The table
 * holds one row per upheld objection — a few a month — so the totals read it whole.
 */
export async function listRecoveries(
  db: Db,
  opts: { state?: RecoveryState; limit: number },
): Promise<RecoveryList> {
  const [items, totals] = await Promise.all([
    db.execute<Record<string, string | Date | null>>(sql`
      SELECT c.refund_no, o.order_no, r.buyer_id, u.display_name, r.recovery_no, r.state, r.loss_fen,
        r.from_balance_fen, r.from_channel_fen, r.channel, r.refusal_reason, r.requested_at, r.decided_at
      FROM express_recovery r JOIN refund_case c ON c.id = r.case_id JOIN shop_order o ON o.id = c.order_id
        JOIN app_user u ON u.id = r.buyer_id
      ${opts.state ? sql`WHERE r.state = ${opts.state}` : sql``}
      ORDER BY r.requested_at DESC, r.case_id DESC LIMIT ${opts.limit}`),
    db.execute<{ state: RecoveryState; n: string; fen: string }>(sql`
      SELECT state, count(*) AS n, coalesce(sum(loss_fen), 0) AS fen FROM express_recovery GROUP BY state`),
  ]);
  const zero = (): Total => ({ count: 0, fen: 0 });
  const sums: Record<RecoveryState, Total> = { requested: zero(), recovered: zero(), refused: zero() };
  for (const t of totals.rows) sums[t.state] = { count: Number(t.n), fen: Number(t.fen) };
  return {
    totals: sums,
    items: items.rows.map((r) => ({
      refundNo: String(r.refund_no),
      orderNo: String(r.order_no),
      buyerId: Number(r.buyer_id),
      buyerName: String(r.display_name ?? ''),
      recoveryNo: String(r.recovery_no),
      state: r.state as RecoveryState,
      lossFen: Number(r.loss_fen),
      fromBalanceFen: Number(r.from_balance_fen),
      fromChannelFen: Number(r.from_channel_fen),
      channel: (r.channel as 'alipay' | 'wechatpay' | null) ?? null,
      refusalReason: (r.refusal_reason as string | null) ?? null,
      requestedAt: iso(r.requested_at)!,
      decidedAt: iso(r.decided_at),
    })),
  };
}
