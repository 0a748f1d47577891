import { sql } from 'drizzle-orm';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { type Db, executePrepared } from '../../platform/db/pool.ts';
import { columnList, fromDbRow } from '../../platform/db/rows.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { shopOrder } from '../orders/schema.ts';
import { type CaseContextJson, caseContextJson } from './case-view.ts';
import type { CaseRow } from './find-case.ts';
import { refundCase, refundCaseEvent } from './schema.ts';

export const CLAIM_MINUTES = 30;

const openStates = sql.raw(OPEN_STATES.map((s) => `'${s}'`).join(','));
// The case's columns by name (not `*`: a prepared statement's result must not change with a migration).
const CASE_COLUMNS = sql.raw(columnList(refundCase, 'refund_case'));

type SeenRow = {
  /** The case as the statement found it (null: no such case). */
  state: string | null;
  escalated: boolean | null;
  assigneeId: number | null;
  /** Epoch milliseconds (raw statements get timestamps as text, so the SQL converts them). */
  claimExpiresMs: number | null;
};

/** A claim taken: the case as it is now, with what its page shows besides the row. */
export type Claimed = { version: number; claimExpiresAt: Date; c: CaseRow; context: CaseContextJson };

/**
 * An agent takes a case to work on it; someone else's live claim wins. Claiming again extends it.
 *
 * One statement, so one round trip: the case is updated only if the claim is allowed — checked again
 * under the row lock the UPDATE takes, so two agents claiming at once cannot both win — and its timeline
 * and audit rows are written with it; it returns the case as updated and what its page shows besides
 * (the answer is not read again). When nothing was updated, the case as the statement saw it says
 * why; if it looked claimable, it changed meanwhile and the claim is tried once more.
 */
export async function claimRefund(input: {
  db: Db;
  agent: Actor;
  refundNo: string;
  ip: string;
  now: Date;
}): Promise<Claimed> {
  const { agent, now } = input;
  // Staff see every case (core/access.ts); a malformed number is "not found" without asking.
  if (!/^R\d{14}$/.test(input.refundNo)) throw new AppError('RESOURCE.NOT_FOUND');
  const until = new Date(now.getTime() + CLAIM_MINUTES * 60_000);
  for (let tries = 0; ; tries++) {
    const { rows } = await executePrepared<Record<string, unknown>>(input.db, claimSql(input, until));
    const row = rows[0];
    if (row?.id != null) {
      const c: CaseRow = { ...fromDbRow(refundCase, row), orderNo: row.k_order_no as string };
      const context = row.k_context as CaseContextJson;
      // The statement read the timeline as it stood when it began: its own claim row is added here.
      const event = { kind: 'claim', fromState: c.state, toState: c.state, actorRole: agent.role };
      context.events.push({ ...event, reason: null, data: {}, at: now.toISOString() });
      return { version: c.version, claimExpiresAt: until, c, context };
    }
    const seen: SeenRow = {
      state: (row?.k_seen_state as string | null) ?? null,
      escalated: (row?.k_seen_escalated as boolean | null) ?? null,
      assigneeId: row?.k_seen_assignee == null ? null : Number(row.k_seen_assignee),
      claimExpiresMs: (row?.k_seen_expires_ms as number | null) ?? null,
    };
    if (!seen.state) throw new AppError('RESOURCE.NOT_FOUND');
    refuse(seen, agent, now);
    if (tries > 0) throw new AppError('REFUND.STALE');
  }
}

/** Why a claim is refused, from the case as the statement found it (returns if it saw no reason). */
function refuse(c: SeenRow, agent: Actor, now: Date): void {
  if (!(OPEN_STATES as readonly (string | null)[]).includes(c.state))
    throw new AppError('REFUND.ILLEGAL_TRANSITION', { state: c.state });
  if (agent.role === 'agent' && (c.escalated || c.state === 'appealed'))
    throw new AppError('REFUND.SUPERVISOR_ONLY');
  if (c.assigneeId && c.assigneeId !== agent.userId && c.claimExpiresMs && c.claimExpiresMs > now.getTime())
    throw new AppError('REFUND.CLAIMED_BY_OTHER', { until: new Date(c.claimExpiresMs).toISOString() });
}

function claimSql(input: { agent: Actor; refundNo: string; ip: string; now: Date }, until: Date) {
  const { agent, refundNo, now } = input;
  const agentOnly = agent.role === 'agent';
  return sql`
    WITH seen AS (
      SELECT state, escalated, assignee_id, claim_expires_at FROM ${refundCase} WHERE refund_no = ${refundNo}
    ), claimed AS (
      UPDATE ${refundCase} SET assignee_id = ${agent.userId}, claim_expires_at = ${until},
        version = version + 1, updated_at = ${now}
      WHERE refund_no = ${refundNo} AND state IN (${openStates})
        AND (${!agentOnly} OR (NOT escalated AND state <> 'appealed'))
        AND (assignee_id IS NULL OR assignee_id = ${agent.userId} OR claim_expires_at IS NULL
             OR claim_expires_at <= ${now})
      RETURNING ${CASE_COLUMNS}
    ), event AS (
      INSERT INTO ${refundCaseEvent} (case_id, kind, from_state, to_state, actor_id, actor_role, data, at)
      SELECT id, 'claim', state, state, ${agent.userId}, ${agent.role}, '{}', ${now} FROM claimed
    ), audit AS (
      INSERT INTO ${auditLog} (actor_id, actor_role, ip, action, subject, data)
      SELECT ${agent.userId}, ${agent.role}, ${input.ip}, 'refund.claim', ${`refund:${refundNo}`}, '{}' FROM claimed
    )
    SELECT s.state AS k_seen_state, s.escalated AS k_seen_escalated, s.assignee_id AS k_seen_assignee,
           (extract(epoch FROM s.claim_expires_at) * 1000)::float8 AS k_seen_expires_ms,
           ${CASE_COLUMNS}, shop_order.order_no AS k_order_no, ${caseContextJson} AS k_context
    FROM (SELECT 1) one LEFT JOIN seen s ON true
      LEFT JOIN claimed refund_case ON true LEFT JOIN ${shopOrder} ON shop_order.id = refund_case.order_id`;
}
