import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/pool.ts';

type Row = Record<string, unknown>;
const n = (v: unknown) => Number(v ?? 0);

/**
 * The admins' view of complaints filed in [from, to): counts by kind, merchant and outcome, and SLA
 * compliance — decided by the deadline, decided late, still open past it.
 */
export async function complaintStats(db: Db, range: { from: Date; to: Date }, now: Date) {
  const where = sql`c.created_at >= ${range.from.toISOString()}::timestamptz AND c.created_at < ${range.to.toISOString()}::timestamptz`;
  const counts = sql`count(*)::int AS total,
    count(*) FILTER (WHERE c.state IN ('submitted','accepted','investigating'))::int AS open,
    count(*) FILTER (WHERE c.state = 'resolved')::int AS resolved,
    count(*) FILTER (WHERE c.state = 'dismissed')::int AS dismissed,
    count(*) FILTER (WHERE c.met_deadline)::int AS on_time,
    count(*) FILTER (WHERE c.met_deadline = false)::int AS late,
    count(*) FILTER (WHERE c.state IN ('submitted','accepted','investigating') AND c.deadline < ${now.toISOString()}::timestamptz)::int AS overdue`;
  const shape = (r: Row) => ({
    total: n(r.total),
    open: n(r.open),
    resolved: n(r.resolved),
    dismissed: n(r.dismissed),
    onTime: n(r.on_time),
    late: n(r.late),
    overdue: n(r.overdue),
  });
  const byKind = (
    await db.execute<Row>(
      sql`SELECT c.kind, ${counts} FROM complaint c WHERE ${where} GROUP BY c.kind ORDER BY c.kind`,
    )
  ).rows;
  const byMerchant = (
    await db.execute<Row>(sql`SELECT c.merchant_id, m.name, ${counts} FROM complaint c JOIN merchant m ON m.id = c.merchant_id
      WHERE ${where} GROUP BY c.merchant_id, m.name ORDER BY total DESC, m.name LIMIT 50`)
  ).rows;
  const [all] = (
    await db.execute<Row>(sql`SELECT ${counts},
      count(*) FILTER (WHERE c.outcome->'actions' ? 'reopen_case')::int AS reopen_case,
      count(*) FILTER (WHERE c.fee_refunded_fen > 0)::int AS refund_fee,
      count(*) FILTER (WHERE c.compensation_fen > 0)::int AS compensate,
      coalesce(sum(c.fee_refunded_fen), 0)::bigint AS fee_refunded_fen,
      coalesce(sum(c.compensation_fen), 0)::bigint AS compensation_fen,
      count(*) FILTER (WHERE c.reopen_count > 0)::int AS reopened
      FROM complaint c WHERE ${where}`)
  ).rows;
  const total = shape(all!);
  const decided = total.onTime + total.late;
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    total,
    /** Share decided by the deadline among those decided, and open ones already past it. */
    sla: {
      decided,
      onTime: total.onTime,
      late: total.late,
      overdue: total.overdue,
      onTimeRate: decided ? total.onTime / decided : null,
    },
    outcomes: {
      resolved: total.resolved,
      dismissed: total.dismissed,
      reopenCase: n(all!.reopen_case),
      refundFee: n(all!.refund_fee),
      compensate: n(all!.compensate),
      feeRefundedFen: n(all!.fee_refunded_fen),
      compensationFen: n(all!.compensation_fen),
      reopenedByBuyer: n(all!.reopened),
    },
    byKind: byKind.map((r) => ({ kind: String(r.kind), ...shape(r) })),
    byMerchant: byMerchant.map((r) => ({ merchantId: n(r.merchant_id), name: String(r.name), ...shape(r) })),
  };
}

/** What a merchant's profile shows: complaints about its conduct, all and still open. */
export async function merchantComplaintCount(
  db: Db,
  merchantId: number,
): Promise<{ total: number; open: number }> {
  const [r] = (
    await db.execute<Row>(sql`SELECT count(*)::int AS total,
      count(*) FILTER (WHERE state IN ('submitted','accepted','investigating'))::int AS open
      FROM complaint WHERE merchant_id = ${merchantId} AND kind IN ('merchant_conduct','merchant_general')`)
  ).rows;
  return { total: n(r?.total), open: n(r?.open) };
}
