import { createHash, timingSafeEqual } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { canonicalJson } from '../../core/identity/canonical-json.ts';
import { maskTradeNo } from '../../core/identity/mask.ts';
import { UNDECIDED_STATES } from '../../core/refunds/case-actions.ts';
import type { CaseState } from '../../core/refunds/case-machine.ts';
import { writeAudit } from '../../platform/audit.ts';
import { type Db, inTransaction } from '../../platform/db/pool.ts';
import { AppError } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secret-box.ts';
import type { Actor } from '../auth/actor.ts';
import { appUser } from '../auth/schema.ts';
import { ledgerPosting, ledgerTxn } from '../ledger/schema.ts';
import { shopOrder } from '../orders/schema.ts';
import { addCaseEvent } from '../refunds/events.ts';
import { findOwnCase, findVisibleCase } from '../refunds/find-case.ts';
import { caseAccountRecord, identityVerification } from './schema.ts';

/** Records back a case under review, or a rejected one for its appeal. */
const ATTACHABLE: readonly CaseState[] = [...UNDECIDED_STATES, 'rejected'];
export const MAX_RECORDS_PER_CASE = 5;
const MAX_ORDERS = 200;
const PERIOD_DAYS = 365;

/** What one compiled record says (version 1). Every field comes from Kameng's own books. */
export type AccountRecordSummary = {
  version: 1;
  refundNo: string;
  compiledAt: string;
  period: { from: string; to: string };
  buyer: {
    userId: number;
    accountCreatedAt: string;
    accountAgeDays: number;
    identity: {
      status: 'none' | 'pending' | 'verified';
      verifiedAt: string | null;
      realNameMask: string | null;
    };
  };
  orders: {
    orderNo: string;
    productName: string;
    paidFen: number;
    channel: string | null;
    channelTradeNoMask: string | null;
    paidAt: string;
    status: string;
    refundedFen: number;
  }[];
  vouchers: { ref: string; amountFen: number; postedAt: string }[];
  totals: { orders: number; paidFen: number; refundedFen: number; truncated: boolean };
};

export type AccountRecordView = {
  id: number;
  createdAt: string;
  sha256: string;
  signature: string;
  verified: boolean;
  summary: unknown;
};

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The record's seal: the hash of its canonical JSON, and the platform's HMAC over that hash. */
export function sealSummary(box: SecretBox, summary: unknown): { sha256: string; signature: string } {
  const sha256 = sha256Hex(canonicalJson(summary));
  return { sha256, signature: box.fingerprint(`account-record:${sha256}`) };
}

/** Whether a stored record still says what was signed: hash recomputed, HMAC checked. */
export function verifyRecord(
  box: SecretBox,
  row: { summary: unknown; sha256: string; signature: string },
): boolean {
  let sealed: { sha256: string; signature: string };
  try {
    sealed = sealSummary(box, row.summary);
  } catch {
    return false;
  }
  const a = Buffer.from(`${sealed.sha256}.${sealed.signature}`);
  const b = Buffer.from(`${row.sha256}.${row.signature}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The buyer's paid orders of the last 12 months (newest 200) and their payment vouchers. */
async function compile(tx: Db, buyerId: number, refundNo: string, now: Date): Promise<AccountRecordSummary> {
  const from = new Date(now.getTime() - PERIOD_DAYS * 86_400_000);
  const [[user], [identity], orders] = await Promise.all([
    tx.select({ createdAt: appUser.createdAt }).from(appUser).where(eq(appUser.id, buyerId)),
    tx
      .select({
        status: identityVerification.status,
        verifiedAt: identityVerification.verifiedAt,
        realNameMask: identityVerification.realNameMask,
      })
      .from(identityVerification)
      .where(eq(identityVerification.userId, buyerId)),
    tx
      .select({
        orderNo: shopOrder.orderNo,
        productName: shopOrder.productName,
        paidFen: shopOrder.paidFen,
        channel: shopOrder.channel,
        channelTradeNo: shopOrder.channelTradeNo,
        paidAt: shopOrder.paidAt,
        status: shopOrder.status,
        refundedFen: shopOrder.refundedFen,
      })
      .from(shopOrder)
      .where(and(eq(shopOrder.buyerId, buyerId), gte(shopOrder.paidAt, from), lte(shopOrder.paidAt, now)))
      .orderBy(desc(shopOrder.paidAt), desc(shopOrder.id))
      .limit(MAX_ORDERS + 1),
  ]);
  const listed = orders.slice(0, MAX_ORDERS);
  // A payment's voucher is its ledger transaction (kind payment, ref order:<no>); its amount is what
  // entered escrow: the positive side of the transfer.
  const vouchers = listed.length
    ? await tx
        .select({
          ref: ledgerTxn.ref,
          amountFen: sql<string>`sum(${ledgerPosting.amountFen}) FILTER (WHERE ${ledgerPosting.amountFen} > 0)`,
          postedAt: ledgerTxn.createdAt,
        })
        .from(ledgerTxn)
        .innerJoin(ledgerPosting, eq(ledgerPosting.txnId, ledgerTxn.id))
        .where(
          and(
            eq(ledgerTxn.kind, 'payment'),
            inArray(
              ledgerTxn.ref,
              listed.map((o) => `order:${o.orderNo}`),
            ),
          ),
        )
        .groupBy(ledgerTxn.id)
        .orderBy(desc(ledgerTxn.createdAt), asc(ledgerTxn.id))
    : [];
  const createdAt = user?.createdAt ?? now;
  return {
    version: 1,
    refundNo,
    compiledAt: now.toISOString(),
    period: { from: from.toISOString(), to: now.toISOString() },
    buyer: {
      userId: buyerId,
      accountCreatedAt: createdAt.toISOString(),
      accountAgeDays: Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 86_400_000)),
      identity: {
        status: identity?.status ?? 'none',
        verifiedAt: identity?.verifiedAt?.toISOString() ?? null,
        realNameMask: identity?.status === 'verified' ? identity.realNameMask : null,
      },
    },
    orders: listed.map((o) => ({
      orderNo: o.orderNo,
      productName: o.productName,
      paidFen: o.paidFen,
      channel: o.channel,
      channelTradeNoMask: o.channelTradeNo ? maskTradeNo(o.channelTradeNo) : null,
      paidAt: o.paidAt!.toISOString(),
      status: o.status,
      refundedFen: o.refundedFen,
    })),
    vouchers: vouchers.map((v) => ({
      ref: v.ref,
      amountFen: Number(v.amountFen ?? 0),
      postedAt: v.postedAt.toISOString(),
    })),
    totals: {
      orders: listed.length,
      paidFen: listed.reduce((s, o) => s + o.paidFen, 0),
      refundedFen: listed.reduce((s, o) => s + o.refundedFen, 0),
      truncated: orders.length > MAX_ORDERS,
    },
  };
}

const view = (box: SecretBox, row: typeof caseAccountRecord.$inferSelect): AccountRecordView => ({
  id: row.id,
  createdAt: row.createdAt.toISOString(),
  sha256: row.sha256,
  signature: row.signature,
  verified: verifyRecord(box, row),
  summary: row.summary,
});

/**
 * 账户记录: Kameng compiles the buyer's order history and payment vouchers from its own books, seals
 * the summary (SHA-256 of its canonical JSON, signed with the platform's HMAC key) and attaches it to
 * the buyer's case, with a timeline entry and an audit row — nothing typed, so nothing forged.
 */
export async function attachAccountRecord(input: {
  db: Db;
  box: SecretBox;
  buyer: Actor;
  refundNo: string;
  ip: string;
  now: Date;
}): Promise<AccountRecordView> {
  const { buyer, now } = input;
  return inTransaction(input.db, async (tx) => {
    const c = await findOwnCase(tx, input.refundNo, buyer);
    if (!ATTACHABLE.includes(c.state)) throw new AppError('ACCOUNT_RECORD.CASE_CLOSED', { state: c.state });
    const [held] = await tx
      .select({ n: count() })
      .from(caseAccountRecord)
      .where(eq(caseAccountRecord.caseId, c.id));
    if ((held?.n ?? 0) >= MAX_RECORDS_PER_CASE)
      throw new AppError('ACCOUNT_RECORD.LIMIT', { max: MAX_RECORDS_PER_CASE });
    const summary = await compile(tx, c.buyerId, c.refundNo, now);
    const sealed = sealSummary(input.box, summary);
    const [row] = await tx
      .insert(caseAccountRecord)
      .values({ caseId: c.id, userId: c.buyerId, summary, ...sealed, createdAt: now })
      .returning();
    const data = { recordId: row!.id, sha256: sealed.sha256, orders: summary.totals.orders };
    await addCaseEvent(tx, {
      caseId: c.id,
      kind: 'account_records',
      fromState: c.state,
      toState: c.state,
      actorId: buyer.userId,
      actorRole: buyer.role,
      data,
      at: now,
    });
    await writeAudit(tx, {
      actorId: buyer.userId,
      actorRole: buyer.role,
      ip: input.ip,
      action: 'refund.account_records',
      subject: `refund:${c.refundNo}`,
      data: { ...data, state: c.state },
      at: now,
    });
    return view(input.box, row!);
  });
}

/** The records attached to a case, each re-verified: for its buyer and for staff, never the merchant. */
export async function listAccountRecords(input: {
  db: Db;
  box: SecretBox;
  actor: Actor;
  refundNo: string;
}): Promise<{ items: AccountRecordView[] }> {
  if (input.actor.role === 'merchant') throw new AppError('AUTH.FORBIDDEN');
  const c = await findVisibleCase(input.db, input.refundNo, input.actor);
  const rows = await input.db
    .select()
    .from(caseAccountRecord)
    .where(eq(caseAccountRecord.caseId, c.id))
    .orderBy(desc(caseAccountRecord.id));
  return { items: rows.map((r) => view(input.box, r)) };
}
