import { sampledForAudit } from '../../core/credit/index.ts';
import type { Db } from '../../platform/db/pool.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import { approveOnTodaysFacts } from '../refunds/approve-case.ts';
import type { CaseRow } from '../refunds/find-case.ts';
import type { ExpressGrant } from './decide-express.ts';
import { expressRefund } from './schema.ts';

/**
 * Approves an express case as the system, through the same approval an agent's decision runs (quote
 * re-run on today's facts, keys taken back, payout attempt written and its job enqueued), in the
 * submission's transaction. The merchant keeps an objection window (the case's merchant deadline is
 * moved to its end, which the message cites); a sample goes to the post-audit queue.
 */
export async function grantExpress(
  tx: Db,
  jobs: JobQueue,
  c: CaseRow,
  grant: ExpressGrant,
  ip: string,
  now: Date,
): Promise<CaseRow> {
  const objectionDeadline = new Date(now.getTime() + grant.policy.objectionHours * 3_600_000);
  const approved = await approveOnTodaysFacts(tx, jobs, c, {
    event: 'express_approve',
    as: 'system',
    actor: null,
    set: { merchantDeadline: objectionDeadline },
    ip,
    now,
  });
  const amountFen = approved.approvedFen ?? approved.amountFen;
  const audit = sampledForAudit(grant.policy, c.refundNo, amountFen);
  await tx.insert(expressRefund).values({
    caseId: c.id,
    buyerId: c.buyerId,
    merchantId: c.merchantId,
    amountFen,
    policyVersion: grant.policyVersion,
    score: grant.score,
    objectionDeadline,
    auditReason: audit,
    audit: audit ? 'pending' : null,
    createdAt: now,
  });
  return approved;
}
