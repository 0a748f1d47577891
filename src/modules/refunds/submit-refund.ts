import { type SQL, sql } from 'drizzle-orm';
import { formatOrderNo, isOrderNo } from '../../core/orders/order-no.ts';
import { factsToJson, quote, type RefundRequest, type RefundType } from '../../core/policy/index.ts';
import { casePriority } from '../../core/refunds/case-actions.ts';
import { OPEN_STATES } from '../../core/refunds/case-machine.ts';
import { caseMessages } from '../../core/refunds/case-messages.ts';
import { checkDescription } from '../../core/refunds/description.ts';
import { isUniqueViolation } from '../../platform/db/pg-errors.ts';
import { compiledSql, type Db, executePrepared, inTransaction } from '../../platform/db/pool.ts';
import { columnList, fromDbRow, rowsInsert } from '../../platform/db/rows.ts';
import { auditLog } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import {
  answerUpdate,
  claimInsert,
  KeyAlreadyClaimed,
  type TxClaim,
} from '../../platform/http/idempotency.ts';
import type { JobQueue } from '../../platform/jobs/queue.ts';
import type { Actor } from '../auth/actor.ts';
import { expressAtSubmit } from '../credit/decide-express.ts';
import { grantExpress } from '../credit/grant-express.ts';
import { listCaseEvidence } from '../evidence/attach-evidence.ts';
import { messagesInsert } from '../messages/send-messages.ts';
import type { OrderRow } from '../orders/find-order.ts';
import { shopOrder } from '../orders/schema.ts';
import { currentPolicy, policyAt } from '../policy/current-policy.ts';
import { chooseKeys, factsOf, ORDER_KEYS_JSON, type OrderKey } from '../policy/order-facts.ts';
import { NO_RETURN } from '../returns/return-fields.ts';
import { assessmentInsert, assessRisk, linkUpsert, ruleStatsUpsert } from '../risk/assess.ts';
import { merchantTrend, riskFacts, riskFactValues, signalsFrom } from '../risk/signals.ts';
import { messageFacts, messageTarget } from './apply-transition.ts';
import { attachCaseEvidence } from './case-evidence.ts';
import { type CaseEventRow, presentCase } from './case-view.ts';
import type { CaseRow } from './find-case.ts';
import { getRefund } from './get-refund.ts';
import { refundCase, refundCaseEvent, refundNoSeq } from './schema.ts';

export type SubmitResult = {
  refundNo: string;
  missing: string[];
  /** The 201 answer (the case as its page shows it, and what the description lacks), as sent and stored. */
  body: string;
};

export type SubmitInput = {
  db: Db;
  jobs: JobQueue;
  buyer: Actor;
  orderNo: string;
  type: RefundType;
  description: string;
  requestedFen?: number;
  /** The card keys the refund covers (ids of keys the buyer still holds); absent: all of them. */
  cardKeyIds?: number[];
  evidenceIds?: string[];
  /** A fee dispute opened from a refunded case: that case (id and refund number). */
  feeDisputeOf?: { id: number; refundNo: string };
  /** Hours the merchant has to agree or object. */
  merchantHours: number;
  /** The request's Idempotency-Key, claimed and answered in this transaction. */
  claim?: TxClaim | null;
  /** The device cookie of the submitting browser (risk control links accounts by it). */
  device?: string | null;
  /** Risk control on (the default) or off (config `risk.enabled`). */
  risk?: boolean;
  ip: string;
  now: Date;
};

/**
 * Opens a refund case on the buyer's order and answers with it. Under the order's row lock: the
 * description must say what happened; no other case may be open on the order (also a partial unique
 * index, for races); the policy in force must allow it. The quoted amount is reserved on the case, so
 * cases plus refunds can never promise more than was paid. The keys it covers are recorded on it (the
 * ones the buyer chose, or all still held), which locks the unrevealed ones until the case ends. What
 * the engine read is kept for the what-if simulation. The refund number comes back at once.
 */
export async function submitRefund(input: SubmitInput): Promise<SubmitResult> {
  try {
    return await inTransaction(input.db, (tx) => openCase(tx, input, null));
  } catch (err) {
    // Two tabs racing past the check: the partial unique index lets one case through.
    if (isUniqueViolation(err)) throw new AppError('REFUND.CASE_OPEN');
    throw err;
  }
}

/** The case a resubmission continues (after a rejection). */
export type PreviousCase = CaseRow;

type OrderRead = {
  order: OrderRow;
  openRefundNo: string | null;
  policyVersion: number | null;
  refundSeq: number;
  caseId: number;
  keys: OrderKey[];
  receivedAt: Date | null;
  /** The risk facts (`k_r_*` columns) and the risk rules' version in force. */
  risk: Record<string, unknown>;
  riskVersion: number | null;
};

/**
 * Opens the case in the caller's transaction (submit, resubmit after a rejection, a fee dispute after
 * a refund) in three statements, plus the evidence's when files are attached: one claims the request's
 * Idempotency-Key and locks the order, one reads everything the decision needs, one writes the case,
 * its first timeline event, the audit row, the site messages and the stored answer. The answer is built
 * from what was written, not read back.
 */
export async function openCase(
  tx: Db,
  input: SubmitInput,
  previous: PreviousCase | null,
): Promise<SubmitResult> {
  const { buyer, now } = input;
  const read = await lockAndRead(tx, input);
  const { order } = read;
  const check = checkDescription(input.description, order.orderNo);
  if (check.vague) throw new AppError('REFUND.DESCRIPTION_VAGUE', { missing: check.missing });
  if (read.openRefundNo) throw new AppError('REFUND.CASE_OPEN', { refundNo: read.openRefundNo });
  const policy =
    read.policyVersion === null
      ? await currentPolicy(tx)
      : ((await policyAt(tx, read.policyVersion)) ?? (await currentPolicy(tx)));
  const facts = factsOf(order, read.keys, read.receivedAt);
  // A fee dispute is about the order's fees, not its goods: it covers (and locks) no key.
  const feeDispute = input.type === 'fee_dispute';
  const chosen = feeDispute ? { ids: [], selection: undefined } : chooseKeys(read.keys, input.cardKeyIds);
  const request: RefundRequest = {
    type: input.type,
    ...(input.requestedFen === undefined ? {} : { requestedFen: input.requestedFen }),
    ...(chosen.selection === undefined ? {} : { keys: chosen.selection }),
  };
  const q = quote(policy.compiled, facts, request, now);
  if (!q.eligible || !q.slaDeadline) {
    throw new AppError('REFUND.NOT_ELIGIBLE', { ruleId: q.ruleId, reasons: q.reasons, hint: q.hint ?? null });
  }
  const evidenceIds = [...new Set(input.evidenceIds ?? [])];
  // Risk control (风控): a held case waits for a person in the risk queue — never a rejection. A fee
  // dispute is about the fee schedule, not the buyer's conduct: it is assessed but never held.
  const risk =
    input.risk === false
      ? null
      : await assessRisk(
          tx,
          read.riskVersion,
          signalsFrom(read.risk, {
            order,
            type: input.type,
            keys: read.keys,
            claimedKeyIds: chosen.ids,
            merchant: await merchantTrend(tx, order.merchantId, now),
            now,
          }),
        );
  const held = risk?.verdict.action === 'hold' && !feeDispute;
  // 极速退款: decided from the quote, the risk outcome and the buyer's credit and express use; a
  // request the express rules exclude reads nothing more (see credit/decide-express.ts). Never for
  // a resubmission after a rejection or a fee dispute (a supervisor's matter).
  const express =
    held || previous || feeDispute
      ? null
      : await expressAtSubmit(tx, {
          policy,
          quote: q,
          order,
          type: input.type,
          riskAction: risk?.verdict.action ?? null,
          now,
        });
  // The rule says a supervisor reviews a fee dispute: it goes to their queue from the start.
  const escalated = feeDispute;
  const c: CaseRow = {
    id: read.caseId,
    refundNo: `R${formatOrderNo(now, read.refundSeq)}`,
    orderId: order.id,
    buyerId: order.buyerId,
    merchantId: order.merchantId,
    type: input.type,
    state: held ? 'risk_hold' : 'submitted',
    description: input.description.trim(),
    requestedFen: input.requestedFen ?? null,
    amountFen: q.amountFen,
    feeFen: q.fees.reduce((s, f) => s + f.amountFen, 0),
    policyVersion: policy.version,
    quote: { ...q, slaDeadline: q.slaDeadline.toISOString() },
    quoteInput: { facts: factsToJson(facts), request },
    cardKeyIds: chosen.ids,
    slaDeadline: q.slaDeadline,
    urgedAt: null,
    escalated,
    assigneeId: null,
    claimExpiresAt: null,
    priority: casePriority({ escalated, urgeCount: 0 }),
    approvedFen: null,
    rejectReasonCode: null,
    rejectedBy: null,
    previousCaseId: previous?.id ?? null,
    feeDisputeOf: input.feeDisputeOf?.id ?? null,
    resubmitCount: previous ? previous.resubmitCount + 1 : 0,
    slaPausedAt: null,
    infoDeadline: null,
    reopenCount: 0,
    urgeCount: 0,
    escalatedAt: escalated ? now : null,
    buyerEscalatedAt: null,
    appealCount: 0,
    appealDeadline: null,
    merchantDeadline: new Date(now.getTime() + input.merchantHours * 3_600_000),
    merchantResponse: null,
    merchantNote: null,
    feeDisputed: false,
    feeWaivedFen: 0,
    ...NO_RETURN,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const event: CaseEventRow = {
    kind: previous ? 'resubmit' : 'submit',
    fromState: null,
    toState: 'submitted',
    actorRole: buyer.role,
    reason: null,
    data: {
      type: input.type,
      amountFen: q.amountFen,
      ruleId: q.ruleId,
      policyVersion: policy.version,
      evidence: evidenceIds,
    },
    at: now,
  };
  const events: CaseEventRow[] =
    risk && held
      ? [
          event,
          {
            kind: 'flag_risk',
            fromState: 'submitted',
            toState: 'risk_hold',
            actorRole: 'system',
            // Which rules fired is for the reviewers' risk panel: the buyer's timeline does not teach it.
            reason: null,
            data: { rules: risk.verdict.fired.map((f) => f.id), score: risk.verdict.score },
            at: now,
          },
        ]
      : [event];
  const view = (evidence: Awaited<ReturnType<typeof listCaseEvidence>>) =>
    JSON.stringify({
      ...presentCase(
        buyer,
        c,
        {
          order,
          events,
          evidence,
          nextRefundNo: null,
          previous,
          policy,
          lateReveals: [],
          feeDisputeRefundNo: null,
          disputedRefundNo: input.feeDisputeOf?.refundNo ?? null,
        },
        now,
      ),
      missing: check.missing,
    });
  // Without files the answer is known now and is stored with the case; with files, once they are in.
  const claim = input.claim ?? null;
  const body = evidenceIds.length === 0 && !express ? view([]) : null;
  await executePrepared(
    tx,
    withAll([
      rowsInsert(refundCase, [c]),
      rowsInsert(
        refundCaseEvent,
        events.map((e) => ({ caseId: c.id, ...e })),
      ),
      risk ? assessmentInsert(c.id, c.buyerId, risk, now) : null,
      risk && held
        ? ruleStatsUpsert(
            tx,
            risk.verdict.fired.map((f) => f.id),
            'hold',
          )
        : null,
      rowsInsert(auditLog, [
        {
          actorId: buyer.userId,
          actorRole: buyer.role,
          ip: input.ip,
          action: previous ? 'refund.resubmit' : 'refund.submit',
          subject: `refund:${c.refundNo}`,
          data: {},
        },
      ]),
      messagesInsert(caseMessages('submit', messageFacts(c, order.orderNo, null, now)), messageTarget(c), {
        subject: `refund:${c.refundNo}`,
        refundNo: c.refundNo,
        now,
      }),
      claim && body !== null ? answerUpdate(claim, 201, body) : null,
    ]),
  );
  // The SLA deadline and the merchant's window are stored on the row and found by the minute sweep
  // (partial indexes), which keeps submission cheap; rarer deadlines get a job of their own.
  if (body !== null) return { refundNo: c.refundNo, missing: check.missing, body };
  if (evidenceIds.length > 0)
    await attachCaseEvidence(
      tx,
      c,
      buyer,
      evidenceIds,
      previous ? { fromCaseId: previous.id, jobs: input.jobs } : null,
    );
  // An express case is approved and handed to payout now; the answer shows it so.
  const withFiles = express
    ? await grantExpress(tx, input.jobs, c, express, input.ip, now).then(async () =>
        JSON.stringify({ ...(await getRefund(tx, buyer, c.refundNo, now)), missing: check.missing }),
      )
    : view(await listCaseEvidence(tx, c.id));
  if (claim) await tx.execute(answerUpdate(claim, 201, withFiles));
  return { refundNo: c.refundNo, missing: check.missing, body: withFiles };
}

/** One statement of several writes (data-modifying CTEs), in order; the absent ones left out. */
function withAll(statements: (SQL | null)[]): SQL {
  const parts = statements
    .filter((s): s is SQL => s !== null)
    .map((s, i) => sql`${sql.raw(`w${i}`)} AS (${s})`);
  return sql`WITH ${sql.join(parts, sql`, `)} SELECT 1`;
}

const OPEN = sql.raw(OPEN_STATES.map((s) => `'${s}'`).join(','));
const ORDER_COLUMNS = sql.raw(columnList(shopOrder, 'o'));

/** The second statement, with the risk facts or without them (risk control off), its text built once. */
function readStatement(facts: { columns: SQL; joins: SQL } | null) {
  return compiledSql<Record<string, unknown>>(
    () => sql`
    SELECT ${ORDER_COLUMNS},
      (SELECT c.refund_no FROM refund_case c WHERE c.order_id = o.id AND c.state IN (${OPEN}) LIMIT 1) AS k_open_refund_no,
      (SELECT max(version) FROM policy_version) AS k_policy_version,
      nextval(${refundNoSeq.seqName}) AS k_refund_seq,
      nextval('refund_case_id_seq') AS k_case_id,
      CASE WHEN o.product_kind IN ('card_key', 'membership') THEN ${ORDER_KEYS_JSON} END AS k_keys,
      CASE WHEN o.product_kind = 'physical' THEN (SELECT received_at FROM shipment WHERE order_id = o.id) END AS k_received_at
      ${facts ? sql`, (SELECT max(version) FROM risk_rules_version) AS k_risk_version, ${facts.columns}` : sql``}
    FROM ${shopOrder} o ${facts?.joins ?? sql``}
    WHERE o.id = ${sql.placeholder('order')}`,
  );
}
const READ = {
  plain: readStatement(null),
  risk: readStatement(riskFacts(false)),
  riskWithFiles: readStatement(riskFacts(true)),
};

/**
 * The first two statements. The first claims the Idempotency-Key (a duplicate waits here on the key
 * until the first commits, then finds it taken), records the request's device and network among the
 * buyer's account links (risk control) and locks the buyer's order; someone else's order is "not
 * found", like a missing one (and the refusal rolls the rest back). The second, with a snapshot taken
 * after the lock was granted, reads the order, the case open on it, the policy in force, the order's
 * keys and parcel, the numbers the new case takes and the risk facts. (Read in the locking statement,
 * a reveal that committed while it waited for the lock would be missed: a statement's subqueries see
 * the snapshot it started with.)
 */
async function lockAndRead(tx: Db, input: SubmitInput): Promise<OrderRead> {
  if (!isOrderNo(input.orderNo)) throw new AppError('RESOURCE.NOT_FOUND');
  const claim = input.claim ?? null;
  const risk = input.risk !== false;
  const link = risk
    ? linkUpsert(input.buyer.userId, { device: input.device ?? null, ip: input.ip }, input.now, 'add')
    : null;
  const ctes = [
    claim ? sql`claim AS (${claimInsert(claim)})` : null,
    link ? sql`link AS (${link})` : null,
  ].filter((c): c is SQL => c !== null);
  const locked = await executePrepared<{ id: string; k_claimed: string }>(
    tx,
    sql`
    ${ctes.length > 0 ? sql`WITH ${sql.join(ctes, sql`, `)}` : sql``}
    SELECT o.id, ${claim ? sql`(SELECT count(*) FROM claim)` : sql`1`} AS k_claimed
    FROM ${shopOrder} o
    WHERE o.order_no = ${input.orderNo} AND o.buyer_id = ${input.buyer.userId}
    FOR UPDATE OF o`,
  );
  const lock = locked.rows[0];
  if (claim && lock && Number(lock.k_claimed) === 0) throw new KeyAlreadyClaimed();
  if (!lock) {
    // The claim (if any) was made for a request that finds nothing: the refusal rolls it back.
    if (claim) {
      const taken = await tx.execute<{ n: number }>(
        sql`SELECT 1 AS n FROM idempotency_key WHERE scope = ${claim.scope} AND key = ${claim.key} AND state = 'done'`,
      );
      if (taken.rows.length > 0) throw new KeyAlreadyClaimed();
    }
    throw new AppError('RESOURCE.NOT_FOUND');
  }
  const evidenceIds = input.evidenceIds ?? [];
  const res = !risk
    ? await READ.plain(tx, { order: lock.id })
    : await (evidenceIds.length > 0 ? READ.riskWithFiles : READ.risk)(tx, {
        order: lock.id,
        ...riskFactValues(evidenceIds, input.now),
      });
  const r = res.rows[0]!;
  const keys = (r.k_keys ?? []) as OrderKey[];
  return {
    order: fromDbRow(shopOrder, r),
    openRefundNo: (r.k_open_refund_no as string | null) ?? null,
    policyVersion: r.k_policy_version === null ? null : Number(r.k_policy_version),
    refundSeq: Number(r.k_refund_seq),
    caseId: Number(r.k_case_id),
    keys: keys.map((k) => ({ id: Number(k.id), refunded: k.refunded, revealed: k.revealed })),
    receivedAt: r.k_received_at ? new Date(r.k_received_at as string) : null,
    risk: r,
    riskVersion:
      r.k_risk_version === null || r.k_risk_version === undefined ? null : Number(r.k_risk_version),
  };
}
