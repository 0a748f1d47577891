import { sql } from 'drizzle-orm';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { type Db, executePrepared } from '../../platform/db/pool.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { refundCase, refundCaseEvent } from './schema.ts';

export const CLAIM_MINUTES = 30;

const openStates = sql.raw(OPEN_STATES.map((s) => `'${s}'`).join(','));

type ClaimRow = {
  /** The case as the statement found it (null: no such case). */
  state: string | null;
  escalated: boolean | null;
  assigneeId: number | null;
  /** Epoch milliseconds (raw statements get timestamps as text, so the SQL converts them). */
  claimExpiresMs: number | null;
  /** Set when the claim was taken: the case's new version. */
  version: number | null;
};

/**
 * An agent takes a case to work on it; someone else's live claim wins. Claiming again extends it.
 *
 * One statement, so one round trip: the case is updated only if the claim is allowed — checked again
 * under the row lock the UPDATE takes, so two agents claiming at once cannot both win — and its timeline
 * and audit rows are written with it. When nothing was updated, the case as the statement saw it says
 * why; if it looked claimable, it changed meanwhile and the claim is tried once more.
 */
export async function claimRefund(input: {
  db: Db;
  agent: Actor;
  refundNo: string;
  ip: string;
  now: Date;
}): Promise<{ version: number; claimExpiresAt: Date }> {
  const { agent, now } = input;
  // Staff see every case (core/access.ts); a malformed number is "not found" without asking.
  if (!/^R\d{14}$/.test(input.refundNo)) throw new AppError('RESOURCE.NOT_FOUND');
  const until = new Date(now.getTime() + CLAIM_MINUTES * 60_000);
  for (let tries = 0; ; tries++) {
    const { rows } = await executePrepared<ClaimRow>(input.db, claimSql(input, until));
    const row = rows[0];
    if (row?.version != null) return { version: row.version, claimExpiresAt: until };
    if (!row?.state) throw new AppError('RESOURCE.NOT_FOUND');
    refuse(row, agent, now);
    if (tries > 0) throw new AppError('REFUND.STALE');
  }
}

/** Why a claim is refused, from the case as the statement found it (returns if it saw no reason). */
function refuse(c: ClaimRow, agent: Actor, now: Date): void {
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
      RETURNING id, state, version
    ), event AS (
      INSERT INTO ${refundCaseEvent} (case_id, kind, from_state, to_state, actor_id, actor_role, data, at)
      SELECT id, 'claim', state, state, ${agent.userId}, ${agent.role}, '{}', ${now} FROM claimed
    ), audit AS (
      INSERT INTO ${auditLog} (actor_id, actor_role, ip, action, subject, data)
      SELECT ${agent.userId}, ${agent.role}, ${input.ip}, 'refund.claim', ${`refund:${refundNo}`}, '{}' FROM claimed
    )
    SELECT s.state, s.escalated, s.assignee_id AS "assigneeId", (extract(epoch FROM s.claim_expires_at) * 1000)::float8 AS "claimExpiresMs",
           c.version
    FROM (SELECT 1) one LEFT JOIN seen s ON true LEFT JOIN claimed c ON true`;
}
