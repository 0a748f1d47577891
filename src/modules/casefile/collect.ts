import { sql } from 'drizzle-orm';
import {
  type CaseFileScope,
  caseFileSections,
  maskName,
  maskPersonalText,
} from '../../core/casefile/scope.ts';
import { type ComplaintKind, MERCHANT_VISIBLE_KINDS } from '../../core/complaints/complaint-machine.ts';
import type { CaseState } from '../../core/refunds/case-machine.ts';
import { describeCaseEvent } from '../../core/refunds/timeline.ts';
import type { Db } from '../../platform/db/pool.ts';
import { neutralName } from '../evidence/views.ts';

type Row = Record<string, unknown>;

export type TimelineEvent = {
  id: number;
  kind: string;
  fromState: string | null;
  toState: string;
  actorRole: string;
  actorId: number | null;
  reason: string | null;
  data: Record<string, unknown> | null;
  at: string;
  textZh: string;
};

/** One message of the case conversation (留言), in a thread the file's reader may see. */
export type ConversationEntry = {
  thread: string;
  authorRole: string;
  body: string;
  /** How many files were sent with it (they stay in the platform; the file lists the case's own). */
  files: number;
  at: string;
};

export type EvidenceEntry = {
  evidenceId: string;
  fileName: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  uploadedByRole: string;
  createdAt: string;
  blobKey: string;
};

/** Everything a case file shows, read in one snapshot (REPEATABLE READ), already cut to the scope. */
export type CaseFileFacts = {
  scope: CaseFileScope;
  generatedAt: string;
  case: Row & { refundNo: string; state: string };
  quote: {
    policyVersion: number | null;
    ruleId: string;
    amountFen: number;
    grossFen: number;
    fees: { id?: string; labelZh?: string; amountFen?: number }[];
    reasons: { ruleId: string; textZh: string; textEn: string }[];
  };
  order: Row & { orderNo: string };
  buyerName: string;
  merchantName: string;
  payments: Row[];
  deliveries: Row[];
  cardKeys: Row[];
  extractions: Row[];
  shipment: Row | null;
  events: TimelineEvent[];
  payouts: Row[];
  complaints: Row[];
  conversation: ConversationEntry[];
  evidence: EvidenceEntry[];
  ledger: { id: number; kind: string; ref: string; memo: string; at: string; postings: Row[] }[] | null;
  risk: Row | null;
};

const iso = (v: unknown) =>
  v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);

/** Reads the case's file facts; the caller runs it inside a REPEATABLE READ transaction. */
export async function collectCaseFile(
  tx: Db,
  caseId: number,
  scope: CaseFileScope,
  now: Date,
): Promise<CaseFileFacts> {
  const s = caseFileSections(scope);
  const onlyAboutMerchant = s.complaints === 'about_merchant';
  const aboutMerchant = (kind: unknown) => MERCHANT_VISIBLE_KINDS.includes(kind as ComplaintKind);
  const one = async (q: ReturnType<typeof sql>) => (await tx.execute<Row>(q)).rows[0] ?? null;
  const all = async (q: ReturnType<typeof sql>) => (await tx.execute<Row>(q)).rows;
  const c = (await one(sql`
    SELECT c.*, u.display_name AS buyer_name, m.name AS merchant_name
    FROM refund_case c JOIN app_user u ON u.id = c.buyer_id JOIN merchant m ON m.id = c.merchant_id
    WHERE c.id = ${caseId}`))!;
  const orderId = Number(c.order_id);
  const quote = c.quote as Row;
  const order = (await one(sql`
    SELECT order_no, product_name, product_kind, quantity, unit_price_fen, amount_fen, paid_fen, refunded_fen,
           fees_kept_fen, channel, channel_trade_no, status, delivery_status, created_at, paid_at, delivered_at
    FROM shop_order WHERE id = ${orderId}`))!;
  const events = await all(sql`
    SELECT id, kind, from_state, to_state, actor_role, actor_id, reason, data, at
    FROM refund_case_event WHERE case_id = ${caseId} ORDER BY id`);
  const evidence = await all(sql`
    SELECT e.public_id, e.file_name, e.mime, e.size_bytes, e.sha256, e.blob_key, e.created_at, u.role
    FROM evidence e JOIN app_user u ON u.id = e.owner_id
    WHERE (e.case_id = ${caseId} OR e.complaint_id IN (
        SELECT k.id FROM complaint k WHERE k.case_id = ${caseId}
          ${onlyAboutMerchant ? sql`AND k.kind = ANY(${`{${MERCHANT_VISIBLE_KINDS.join(',')}}`}::text[])` : sql``}))
      AND e.kind <> 'archive'
      -- Files of the case conversation stay in their thread (a buyer's are never the shop's to see).
      AND e.case_message_id IS NULL
      ${s.allEvidence ? sql`` : sql`AND e.owner_id = ${Number(c.buyer_id)}`}
    ORDER BY e.id`);
  const messages = await all(sql`
    SELECT thread, author_role, body, cardinality(evidence_ids) AS files, created_at
    FROM case_message
    WHERE case_id = ${caseId} AND thread = ANY(${`{${s.threads.join(',')}}`}::text[])
    ORDER BY id`);
  const payoutRefs = await all(sql`
    SELECT out_refund_no, channel, amount_fen, fee_fen, status, channel_refund_id, created_at, settled_at
    FROM payout_attempt WHERE case_id = ${caseId} ORDER BY id`);
  const complaints = await all(sql`
    SELECT complaint_no, kind, state, text, outcome, fee_refunded_fen, compensation_fen, merchant_answer,
           deadline, met_deadline, created_at, closed_at
    FROM complaint WHERE case_id = ${caseId}
      ${onlyAboutMerchant ? sql`AND kind = ANY(${`{${MERCHANT_VISIBLE_KINDS.join(',')}}`}::text[])` : sql``}
    ORDER BY id`);
  // The merchant's edition: the buyer's name masked, and phone/identity numbers in anything they wrote.
  const buyerName = String(c.buyer_name);
  const mask = (v: unknown) =>
    typeof v === 'string' && s.maskBuyer ? maskPersonalText(v, buyerName) : (v as string | null);
  const refs = [
    ...payoutRefs.map((p) => `payout:${p.out_refund_no}`),
    ...complaints.flatMap((k) => [
      `complaint:${k.complaint_no}:fee`,
      `complaint:${k.complaint_no}:compensation`,
    ]),
  ];
  const ledger = s.ledger ? await readLedger(tx, [`order:${order.order_no}`, ...refs]) : null;
  const risk = s.risk
    ? await one(sql`SELECT score, action, rules_version, fired, created_at FROM risk_assessment
        WHERE case_id = ${caseId}`)
    : null;
  return {
    scope,
    generatedAt: now.toISOString(),
    case: {
      refundNo: String(c.refund_no),
      state: String(c.state),
      type: c.type,
      description: mask(c.description),
      requestedFen: c.requested_fen,
      amountFen: c.amount_fen,
      approvedFen: c.approved_fen,
      feeFen: c.fee_fen,
      feeWaivedFen: c.fee_waived_fen,
      policyVersion: c.policy_version,
      slaDeadline: iso(c.sla_deadline),
      rejectReasonCode: c.reject_reason_code,
      merchantResponse: c.merchant_response,
      merchantNote: c.merchant_note,
      escalated: c.escalated,
      createdAt: iso(c.created_at),
    },
    quote: {
      policyVersion: (quote.policyVersion as number | null) ?? Number(c.policy_version),
      ruleId: String(quote.ruleId ?? ''),
      amountFen: Number(quote.amountFen ?? 0),
      grossFen: Number(quote.grossFen ?? 0),
      fees: (quote.fees as CaseFileFacts['quote']['fees']) ?? [],
      reasons: (quote.reasons as CaseFileFacts['quote']['reasons']) ?? [],
    },
    order: { ...camel(order), orderNo: String(order.order_no) },
    buyerName: s.maskBuyer ? maskName(buyerName) : buyerName,
    merchantName: String(c.merchant_name),
    payments: (
      await all(
        sql`SELECT channel, amount_fen, channel_trade_no, paid_at FROM payment WHERE order_id = ${orderId} ORDER BY id`,
      )
    ).map(camel),
    deliveries: (
      await all(sql`SELECT attempt_no, status, requested_units, arrived_units, detail, at
        FROM delivery_attempt WHERE order_id = ${orderId} ORDER BY id`)
    ).map(camel),
    cardKeys: (
      await all(sql`SELECT id, masked, status, sold_at FROM card_key WHERE order_id = ${orderId} ORDER BY id`)
    ).map(camel),
    extractions: (
      await all(sql`SELECT card_key_id, action, ${s.deviceDetails ? sql`ip, user_agent,` : sql``} at
        FROM card_key_extraction WHERE order_id = ${orderId} ORDER BY id`)
    ).map(camel),
    shipment: await one(
      sql`SELECT carrier, tracking_no, shipped_at, received_at FROM shipment WHERE order_id = ${orderId}`,
    ).then((r) => (r ? camel(r) : null)),
    events: events.map((e) => {
      // A complaint the merchant does not see (about the platform's handling) shows as filed, not its text.
      const hidden =
        onlyAboutMerchant && e.kind === 'complaint_filed' && !aboutMerchant((e.data as Row | null)?.kind);
      const reason = hidden ? null : mask((e.reason as string | null) ?? null);
      return {
        id: Number(e.id),
        kind: String(e.kind),
        fromState: (e.from_state as string | null) ?? null,
        toState: String(e.to_state),
        actorRole: String(e.actor_role),
        actorId: s.actorIds && e.actor_id !== null ? Number(e.actor_id) : null,
        reason,
        data: s.eventData ? (e.data as Record<string, unknown>) : null,
        at: iso(e.at)!,
        textZh: describeCaseEvent({
          kind: String(e.kind),
          toState: e.to_state as CaseState,
          actorRole: String(e.actor_role),
          reason,
        }).textZh,
      };
    }),
    payouts: payoutRefs.map(camel),
    complaints: complaints.map((k) => {
      const o = k.outcome as { explanation?: string } | null;
      return camel({
        ...k,
        text: mask(k.text),
        outcome: o && s.maskBuyer ? { ...o, explanation: mask(o.explanation ?? null) } : o,
      });
    }),
    conversation: messages.map((m) => ({
      thread: String(m.thread),
      authorRole: String(m.author_role),
      body: mask(m.body) ?? '',
      files: Number(m.files),
      at: iso(m.created_at)!,
    })),
    evidence: evidence.map((e, i) => ({
      evidenceId: String(e.public_id),
      // What the buyer named a file often carries their name or phone: the merchant gets a neutral one.
      fileName: s.maskBuyer && e.role === 'buyer' ? neutralName(i, String(e.file_name)) : String(e.file_name),
      mime: String(e.mime),
      sizeBytes: Number(e.size_bytes),
      sha256: String(e.sha256),
      uploadedByRole: String(e.role),
      createdAt: iso(e.created_at)!,
      blobKey: String(e.blob_key),
    })),
    ledger,
    risk: risk ? camel(risk) : null,
  };
}

async function readLedger(tx: Db, refs: string[]) {
  const rows = (
    await tx.execute<Row>(sql`
      SELECT t.id, t.kind, t.ref, t.memo, t.created_at,
             json_agg(json_build_object('account', a.path, 'amountFen', p.amount_fen) ORDER BY a.path) AS postings
      FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account a ON a.id = p.account_id
      WHERE t.ref = ANY(${`{${refs.map((r) => `"${r}"`).join(',')}}`}::text[])
      GROUP BY t.id ORDER BY t.id`)
  ).rows;
  return rows.map((r) => ({
    id: Number(r.id),
    kind: String(r.kind),
    ref: String(r.ref),
    memo: String(r.memo),
    at: iso(r.created_at)!,
    postings: r.postings as Row[],
  }));
}

/** snake_case columns to camelCase keys, dates to ISO strings. */
function camel(r: Row): Row {
  return Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()),
      v instanceof Date ? v.toISOString() : v,
    ]),
  );
}
