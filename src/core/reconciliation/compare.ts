import { assertNever } from '../assert-never.ts';
import { formatYuan } from '../money/fen.ts';

export type PayoutChannel = 'alipay' | 'wechatpay' | 'balance';
export type OurPayoutStatus = 'pending' | 'processing' | 'unknown' | 'succeeded' | 'failed';

/** Our side of one payout: the attempt as recorded, and what the ledger booked for it. */
export type OurPayout = {
  channel: PayoutChannel;
  status: OurPayoutStatus;
  amountFen: number;
  channelRefundId: string | null;
  /**
   * What the payout's refund transaction (net of any reversal) put on the refund's destination account
   * (`channel:…:clearing` or the buyer's balance); null when the ledger has no transaction for it.
   */
  ledgerFen: number | null;
};

/** The channel's answer to a refund query: the refund port's RefundStatus, as far as it is compared. */
export type ChannelWord =
  | { kind: 'succeeded'; channelRefundId: string; refundedFen: number }
  | { kind: 'processing' }
  | { kind: 'failed'; reason: 'abnormal' | 'closed' | 'rejected'; message: string }
  /** The query itself failed (timeout, 5xx, unverifiable reply): nothing could be checked. */
  | { kind: 'unknown'; message: string }
  | { kind: 'not_found' };

export const MISMATCH_KINDS = [
  'missing_at_channel',
  'status_differs',
  'amount_differs',
  'ledger_differs',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

/**
 * How the other side stands: the channel's word (a failure by its reason), or for `ledger_differs`
 * the ledger's — `ledger_missing` (no refund transaction) or `ledger_booked`.
 */
export type TheirsStatus =
  | 'succeeded'
  | 'processing'
  | 'abnormal'
  | 'closed'
  | 'rejected'
  | 'unknown'
  | 'not_found'
  | 'ledger_missing'
  | 'ledger_booked';

/** One disagreement, with both sides' words; `detail` is one line in Chinese · English. */
export type Mismatch = {
  kind: MismatchKind;
  oursStatus: OurPayoutStatus;
  oursFen: number;
  theirsStatus: TheirsStatus;
  theirsFen: number | null;
  detail: string;
};

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

const OURS_ZH: Record<OurPayoutStatus, string> = {
  pending: '待发起',
  processing: '处理中',
  unknown: '结果未知',
  succeeded: '已成功',
  failed: '已失败',
};

function theirsStatusOf(word: ChannelWord): TheirsStatus {
  return word.kind === 'failed' ? word.reason : word.kind;
}

/**
 * Compares one payout with the channel's word and with the ledger. The channel is asked about
 * Alipay / WeChat Pay payouts only (`theirs` is null for a balance payout, which never leaves Kameng);
 * the ledger check applies to every payout. One mismatch per payout: the channel's disagreement comes
 * first, because the ledger follows our payout and is right again once that is settled.
 *
 * Not mismatches: both sides still under way; an unfinished payout the channel has not seen yet or
 * has refused (the payout worker asks again and will learn it); a refusal on both sides.
 */
export function comparePayout(ours: OurPayout, theirs: ChannelWord | null): Mismatch | null {
  if (ours.channel !== 'balance') {
    if (theirs === null) throw new Error(`a ${ours.channel} payout needs the channel's word`);
    const channel = compareWithChannel(ours, theirs);
    if (channel) return channel;
  }
  return compareWithLedger(ours);
}

function compareWithChannel(ours: OurPayout, theirs: ChannelWord): Mismatch | null {
  const base = { oursStatus: ours.status, oursFen: ours.amountFen, theirsStatus: theirsStatusOf(theirs) };
  const differs = (detail: string, theirsFen: number | null = null): Mismatch => ({
    kind: 'status_differs',
    ...base,
    theirsFen,
    detail,
  });
  switch (theirs.kind) {
    case 'unknown':
      // Unverified is not agreed: the run says so, and a later run asks again.
      return differs(`渠道查询失败，未能核对：${theirs.message} · the channel query failed, not verified`);
    case 'succeeded': {
      const paid = yuan(theirs.refundedFen);
      if (ours.status !== 'succeeded')
        return differs(
          `渠道已退款 ${paid}，我方记为${OURS_ZH[ours.status]}：资金已出而账上未记 · the channel paid ${paid} but our payout is ${ours.status}: money left without our books showing it`,
          theirs.refundedFen,
        );
      if (theirs.refundedFen !== ours.amountFen)
        return {
          kind: 'amount_differs',
          ...base,
          theirsFen: theirs.refundedFen,
          detail: `金额不符：我方 ${yuan(ours.amountFen)}，渠道 ${paid} · amounts differ: ours ${yuan(ours.amountFen)}, the channel's ${paid}`,
        };
      if (ours.channelRefundId !== null && ours.channelRefundId !== theirs.channelRefundId)
        return differs(
          `渠道退款单号不符：我方 ${ours.channelRefundId}，渠道 ${theirs.channelRefundId} · refund ids differ`,
          theirs.refundedFen,
        );
      return null;
    }
    case 'processing':
      if (ours.status === 'succeeded')
        return differs(
          '我方已记退款成功，渠道仍在处理 · we booked it as paid; the channel is still processing',
        );
      if (ours.status === 'failed')
        return differs(
          '我方记为失败，渠道仍在处理，可能仍会退款 · we marked it failed; the channel is still processing and may yet pay',
        );
      return null;
    case 'failed':
      if (ours.status === 'succeeded')
        return differs(
          `我方已记退款成功，渠道退款失败（${theirs.reason}：${theirs.message}） · we booked it as paid; the channel says it failed (${theirs.reason})`,
        );
      return null;
    case 'not_found':
      if (ours.status === 'succeeded')
        return {
          kind: 'missing_at_channel',
          ...base,
          theirsFen: null,
          detail:
            '渠道查无此退款，我方却记为退款成功 · the channel has no record of a refund we booked as paid',
        };
      return null;
    default:
      return assertNever(theirs);
  }
}

function compareWithLedger(ours: OurPayout): Mismatch | null {
  const ledger = (theirsFen: number | null, detail: string): Mismatch => ({
    kind: 'ledger_differs',
    oursStatus: ours.status,
    oursFen: ours.amountFen,
    theirsStatus: theirsFen === null ? 'ledger_missing' : 'ledger_booked',
    theirsFen,
    detail,
  });
  if (ours.status === 'succeeded') {
    if (ours.ledgerFen === null)
      return ledger(null, '账本中没有这笔退款的记账 · the ledger has no refund transaction for this payout');
    if (ours.ledgerFen !== ours.amountFen)
      return ledger(
        ours.ledgerFen,
        `账本记账 ${yuan(ours.ledgerFen)}，退款金额 ${yuan(ours.amountFen)} · the ledger books ${yuan(ours.ledgerFen)} for a ${yuan(ours.amountFen)} payout`,
      );
    return null;
  }
  // Booked and since reversed nets to zero: corrected, not a disagreement.
  if (ours.ledgerFen !== null && ours.ledgerFen !== 0)
    return ledger(
      ours.ledgerFen,
      `退款${OURS_ZH[ours.status]}，账本却已记账 ${yuan(ours.ledgerFen)} · the payout is ${ours.status} but the ledger books ${yuan(ours.ledgerFen)}`,
    );
  return null;
}
