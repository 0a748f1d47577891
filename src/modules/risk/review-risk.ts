import { sql } from 'drizzle-orm';
import { CASE_STATE_LABELS } from '../../core/refunds/timeline.ts';
import { SIGNALS, type SignalId, storedSignals } from '../../core/risk/index.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { applyTransition } from '../refunds/apply-transition.ts';
import { findVisibleCase } from '../refunds/find-case.ts';
import { reviewerRole } from '../refunds/reviewer.ts';
import { countOutcome } from './assess.ts';

const STAFF = new Set(['agent', 'supervisor', 'admin']);
const KIND_ORDER = { payer: 0, device: 1, ip: 2 } as const;

/** How a shared value is shown to staff: enough to compare, not the whole account id. */
function maskLink(kind: string, value: string): string {
  if (kind === 'ip') return value;
  if (kind === 'device') return `${value.slice(0, 6)}…`;
  return value.length <= 8 ? `${value.slice(0, 2)}****` : `${value.slice(0, 4)}****${value.slice(-4)}`;
}

/**
 * The risk panel of a case (风控信息), for reviewers only: the assessment taken at submission — each
 * signal with its label, value and evidence, the rules that fired — and, read now, the accounts that
 * share a payer account, device or network with the buyer, each with its case history.
 */
export async function getCaseRisk(db: Db, actor: Actor, refundNo: string) {
  if (!STAFF.has(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  const c = await findVisibleCase(db, refundNo, actor);
  const res = await db.execute<{
    rules_version: number;
    score: number;
    action: string;
    signals: { values: Record<string, unknown>; evidence: Record<string, unknown> };
    fired: unknown[];
    created_at: string;
  }>(
    sql`SELECT rules_version, score, action, signals, fired, created_at FROM risk_assessment WHERE case_id = ${c.id}`,
  );
  const a = res.rows[0] ?? null;
  const values = storedSignals(a?.signals.values ?? {});
  const linked = await linkedAccounts(db, c.buyerId);
  // The evidence of the 90-day count: the buyer's cases in the 90 days before the assessment, read
  // here rather than on every submission (older assessments kept their own list).
  const recent = a
    ? (
        await db.execute<{ refund_no: string }>(sql`
          SELECT refund_no FROM refund_case WHERE buyer_id = ${c.buyerId}
            AND created_at > ${a.created_at}::timestamptz - interval '90 days' AND created_at <= ${a.created_at}::timestamptz
          ORDER BY created_at DESC LIMIT 10`)
      ).rows.map((r) => r.refund_no)
    : [];
  // The express findings' cases (abusive in the post-audit, or an objection upheld) made before the
  // assessment, read only when the signal counted some (`express_refund_buyer_idx`).
  const found =
    a && values.expressFindings > 0
      ? (
          await db.execute<{ refund_no: string }>(sql`
            SELECT c.refund_no FROM express_refund x JOIN refund_case c ON c.id = x.case_id
            WHERE x.buyer_id = ${c.buyerId}
              AND ((x.audit = 'abusive' AND x.audited_at <= ${a.created_at}::timestamptz)
                OR (x.objection = 'upheld' AND x.objection_decided_at <= ${a.created_at}::timestamptz))
            ORDER BY x.created_at DESC LIMIT 10`)
        ).rows.map((r) => r.refund_no)
      : [];
  const evidenceOf = (id: SignalId) => {
    const kept = a?.signals.evidence?.[id] ?? null;
    if (id === 'expressFindings' && found.length > 0)
      return { ...(kept as Record<string, unknown> | null), foundCases: found };
    return kept ?? (id === 'refunds90d' && recent.length > 0 ? { recentCases: recent } : null);
  };
  const [buyer] = (
    await db.execute<{ display_name: string; created_at: string; verified: boolean | null }>(sql`
      SELECT u.display_name, u.created_at, (v.status = 'verified') AS verified
      FROM app_user u LEFT JOIN identity_verification v ON v.user_id = u.id WHERE u.id = ${c.buyerId}`)
  ).rows;
  return {
    refundNo: c.refundNo,
    state: c.state,
    held: c.state === 'risk_hold',
    assessed: a !== null,
    rulesVersion: a?.rules_version ?? null,
    assessedAt: a ? new Date(a.created_at).toISOString() : null,
    score: a?.score ?? 0,
    action: a?.action ?? 'none',
    signals: (Object.keys(SIGNALS) as SignalId[]).map((id) => ({
      id,
      labelZh: SIGNALS[id].zh,
      labelEn: SIGNALS[id].en,
      kind: SIGNALS[id].kind,
      value: values[id],
      evidence: evidenceOf(id),
    })),
    rules: (a?.fired ?? []) as {
      id: string;
      score: number;
      action: string;
      reasonZh: string;
      reasonEn: string;
    }[],
    buyer: {
      userId: c.buyerId,
      displayName: buyer?.display_name ?? '',
      joinedAt: buyer ? new Date(buyer.created_at).toISOString() : null,
      identityVerified: buyer?.verified === true,
    },
    linkedAccounts: linked,
  };
}

/** Accounts sharing a payer account, device or network with the buyer (strongest ties first, ≤ 50). */
async function linkedAccounts(db: Db, buyerId: number) {
  const rows = (
    await db.execute<{
      user_id: string;
      display_name: string;
      username: string;
      created_at: string;
      via: { kind: 'payer' | 'device' | 'ip'; value: string }[];
      total: string;
      refunded: string;
      rejected: string;
      open: string;
      held: string;
      recent: { refundNo: string; state: string; amountFen: number; createdAt: string }[] | null;
    }>(sql`
      WITH shared AS (
        SELECT l2.user_id, json_agg(DISTINCT jsonb_build_object('kind', l1.kind, 'value', l1.value)) AS via,
               min(CASE l1.kind WHEN 'payer' THEN 0 WHEN 'device' THEN 1 ELSE 2 END) AS strongest
        FROM account_link l1
        JOIN account_link l2 ON l2.kind = l1.kind AND l2.value = l1.value AND l2.user_id <> l1.user_id
        WHERE l1.user_id = ${buyerId}
        GROUP BY l2.user_id
        ORDER BY strongest, l2.user_id
        LIMIT 50)
      SELECT s.user_id, u.display_name, u.username, u.created_at, s.via,
             st.total, st.refunded, st.rejected, st.open, st.held, st.recent
      FROM shared s
      JOIN app_user u ON u.id = s.user_id
      CROSS JOIN LATERAL (
        SELECT count(*) AS total,
               count(*) FILTER (WHERE c.state = 'refunded') AS refunded,
               count(*) FILTER (WHERE c.state = 'rejected') AS rejected,
               count(*) FILTER (WHERE c.state IN ('submitted','info_requested','risk_hold','approved','awaiting_return','return_shipped','refunding','refund_failed','appealed')) AS open,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM risk_assessment r WHERE r.case_id = c.id AND r.action = 'hold')) AS held,
               (SELECT json_agg(x ORDER BY x."createdAt" DESC) FROM (
                  SELECT c2.refund_no AS "refundNo", c2.state, c2.amount_fen AS "amountFen", c2.created_at AS "createdAt"
                  FROM refund_case c2 WHERE c2.buyer_id = s.user_id ORDER BY c2.created_at DESC LIMIT 5) x) AS recent
        FROM refund_case c WHERE c.buyer_id = s.user_id) st
      ORDER BY s.strongest, s.user_id`)
  ).rows;
  return rows.map((r) => ({
    userId: Number(r.user_id),
    displayName: r.display_name,
    username: r.username,
    joinedAt: new Date(r.created_at).toISOString(),
    via: r.via
      .sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind])
      .map((v) => ({ kind: v.kind, value: maskLink(v.kind, v.value) })),
    cases: {
      total: Number(r.total),
      refunded: Number(r.refunded),
      rejected: Number(r.rejected),
      open: Number(r.open),
      held: Number(r.held),
    },
    recentCases: (r.recent ?? []).map((x) => ({
      refundNo: x.refundNo,
      state: x.state,
      stateLabel: CASE_STATE_LABELS[x.state as keyof typeof CASE_STATE_LABELS],
      amountFen: Number(x.amountFen),
      createdAt: new Date(x.createdAt).toISOString(),
    })),
  }));
}

/**
 * A person clears the hold (解除风控): the case goes back to normal review with the note on its
 * timeline; only people do this, never the system.
 */
export async function clearRisk(input: {
  db: Db;
  reviewer: Actor;
  refundNo: string;
  expectedVersion: number;
  note: string;
  ip: string;
  now: Date;
}): Promise<void> {
  await inTransaction(input.db, async (tx) => {
    const c = await findVisibleCase(tx, input.refundNo, input.reviewer, { forUpdate: true });
    await applyTransition(tx, c, {
      event: 'clear_risk',
      as: reviewerRole(input.reviewer, c, input.now),
      actor: input.reviewer,
      expectedVersion: input.expectedVersion,
      reason: input.note,
      ip: input.ip,
      now: input.now,
    });
    await countOutcome(tx, c.id, 'clear');
  });
}
